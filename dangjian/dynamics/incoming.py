"""A member arriving from outside the platform with a 介绍信 (MEM-2, MEM-7, DEV-19, DEV-26).

``member_register_incoming`` is the one use case every door calls: the receiving branch creates
the member's archive, placed in the branch from the day of arrival (so every statistic counts
the member here from then, and the 增减台账 shows a 转入 with the letter's number), keeps the
letter's particulars, and records the dues "paid up to" the letter states. A probationary
member keeps the 入党时间 of the letter; the end of probation follows from it (DEV-19), and the
confirmation may be discussed up to 6 months after it, never moving it. ``incoming_receipt_send``
records the day the 回执 went back; the 回执 prints as Word or PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from dangjian.accounts.access import require, scope_for
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.dynamics.incoming_models import IncomingLetter
from dangjian.members.choices import Stage
from dangjian.members.inputs import MemberInput
from dangjian.members.services import member_create
from dangjian.orgs.models import Organization
from dangjian.rules.dates import YearMonth, add_months, format_cn_date
from dangjian.rules.membership import LETTER_MAX_MONTHS
from dangjian.rules.organization import OrgKind
from dangjian.rules.sources import rule_citation
from dangjian.rules.statistics import probation_end

# DEV-19 (细则第三十五条): a transferred-in probationary member's confirmation may be discussed
# up to 6 months after probation ends; later than that the sender should have decided.
POSTPONE_MONTHS = 6


@dataclass(frozen=True)
class IncomingLetterInput:
    """The incoming letter as written on it. Dates are calendar days; ``dues_paid_to`` any
    day of the month the dues are paid up to (kept as that month)."""

    number: str
    issuing_org: str
    issued_on: date
    valid_until: date
    received_on: date
    from_unit: str = ""
    dues_paid_to: date | None = None
    records_received: bool = False
    extension_months: int = 0  # a probation extended by the sender (DEV-17)


def _numbered(number: str) -> str:
    """A letter's number as text reads it ("28号"): one 号, whether the sender wrote it or not."""
    return number if number.endswith("号") else f"{number}号"


def _today() -> date:
    return timezone.localdate()


def check_letter(letter: IncomingLetterInput, today: date) -> dict[str, list[str]]:
    """The letter's own faults, by field (nothing about the member)."""
    errors: dict[str, list[str]] = {}
    for name, label, limit in (
        ("number", "介绍信编号", 40),
        ("issuing_org", "开具介绍信的党组织", 120),
    ):
        value = getattr(letter, name).strip()
        if not value or len(value) > limit:
            errors[name] = [f"请填写{label}（{limit}字以内）"]
    if letter.received_on > today:
        errors["received_on"] = ["转入日期不能晚于今天"]
    elif letter.received_on < letter.issued_on:
        errors["received_on"] = ["转入日期不能早于介绍信开具日期"]
    if letter.valid_until < letter.issued_on:
        errors["valid_until"] = ["有效期不能早于开具日期"]
    elif letter.valid_until > add_months(letter.issued_on, LETTER_MAX_MONTHS):
        errors["valid_until"] = [f"介绍信有效期最长3个月（依据{rule_citation('MEM-2')}）"]
    elif letter.received_on > letter.valid_until and "received_on" not in errors:
        errors["received_on"] = [
            f"介绍信已于{format_cn_date(letter.valid_until)}过期，请原党组织重新开具"
            f"（依据{rule_citation('MEM-2')}）"
        ]
    return errors


def check_probation(data: MemberInput, letter: IncomingLetterInput) -> dict[str, list[str]]:
    """DEV-26 and DEV-19 for a probationary member: the records came and were checked; the
    入党时间 is before arrival and probation did not end more than 6 months before it."""
    if data.stage != Stage.PROBATIONARY:
        return {}
    errors: dict[str, list[str]] = {}
    if not letter.records_received:
        errors["records_received"] = [
            "预备党员转入须收到并核实其入党材料和预备党员教育考察材料"
            f"（依据{rule_citation('DEV-26')}）"
        ]
    if data.joined_on is None:
        return {**errors, "joined_on": ["请填写介绍信所载入党时间"]}
    try:
        ends = probation_end(data.joined_on, letter.extension_months)
    except ValueError as error:
        return {**errors, "extension_months": [str(error)]}
    if add_months(ends, POSTPONE_MONTHS) < letter.received_on:
        errors["joined_on"] = [
            f"预备期已于{format_cn_date(ends)}届满超过6个月，应由原党组织讨论转正后再转接"
            f"（依据{rule_citation('DEV-19')}）"
        ]
    return errors


def _branch(organization_id: int) -> Organization:
    org = Organization.objects.filter(pk=organization_id, dissolved_on__isnull=True).first()
    if org is None or not OrgKind(org.kind).is_branch:
        raise InvalidInput.one("organization_id", "请选择接收的党支部")
    return org


@transaction.atomic
def member_register_incoming(
    *, actor: Actor, data: MemberInput, letter: IncomingLetterInput
) -> IncomingLetter:
    """The receiving branch registers a member from an incoming 介绍信.

    ``data`` is the member as the letter and the person's papers state (入党时间 required);
    ``actor`` must look after ``data.organization_id``, a branch. Raises ``InvalidInput``
    naming every bad field (letter and member together, nothing written), ``Conflict`` when
    the letter was registered already, ``PermissionDenied`` outside the actor's care.
    """
    branch = _branch(data.organization_id)
    if actor is not None:
        require(scope_for(actor).covers_org(branch), "只能在本人负责的党支部接收党员")
    errors = {**check_letter(letter, _today()), **check_probation(data, letter)}
    if data.joined_on is not None and data.joined_on > letter.received_on:
        errors.setdefault("joined_on", ["入党时间不能晚于转入日期"])
    if data.stage == Stage.PROBATIONARY and data.confirmed_on is not None:
        errors.setdefault("confirmed_on", ["预备党员没有转正时间"])
    if errors:
        raise InvalidInput(errors)
    number, issuer = letter.number.strip(), letter.issuing_org.strip()
    if IncomingLetter.objects.filter(issuing_org=issuer, number=number).exists():
        raise Conflict(f"{issuer}的{_numbered(number)}介绍信已登记接收")
    reason = f"凭{issuer}{_numbered(number)}介绍信转入{branch.name}"
    member = member_create(actor=actor, data=data, reason=reason, placed_on=letter.received_on)
    paid = YearMonth.from_date(letter.dues_paid_to) if letter.dues_paid_to else None
    try:
        with transaction.atomic():
            row = IncomingLetter.objects.create(
                member=member, organization=branch, number=number, issuing_org=issuer,
                from_unit=letter.from_unit.strip()[:120], issued_on=letter.issued_on,
                valid_until=letter.valid_until, received_on=letter.received_on,
                dues_paid_to=paid.first_day if paid else None,
                records_received=letter.records_received, registered_by=acting_user(actor),
            )  # fmt: skip
    except IntegrityError:  # the same letter registered at the same moment elsewhere
        raise Conflict(f"{issuer}的{_numbered(number)}介绍信已登记接收") from None
    _record_dues(actor, member.pk, letter.received_on, paid, reason)
    audit(actor=actor, action="transfer.incoming", obj=member, detail=reason)
    return row


def _record_dues(
    actor: Actor, member_id: int, on: date, paid: YearMonth | None, reason: str
) -> None:
    """DUES-12: the months paid to the sending organisation, as the letter states them."""
    from dangjian.dues.collection import dues_transfer_record
    from dangjian.dues.models import TransferDirection

    dues_transfer_record(actor=actor, member_id=member_id, direction=TransferDirection.IN,
                         effective_on=on, paid_up_to_month=paid, note=reason)  # fmt: skip


@transaction.atomic
def incoming_receipt_send(*, actor: Actor, letter_id: int, sent_on: date) -> IncomingLetter:
    """Record the day the 回执 went back to the issuing organisation (MEM-7); once."""
    row = (
        IncomingLetter.objects.select_for_update()
        .select_related("organization", "member")
        .filter(pk=letter_id)
        .first()
    )
    if row is None:
        raise InvalidInput.one("letter_id", "未找到该介绍信")
    if actor is not None:
        require(scope_for(actor).covers_org(row.organization), "无权登记该介绍信的回执")
    if row.receipt_sent_on is not None:
        raise Conflict(f"回执已于{format_cn_date(row.receipt_sent_on)}寄出")
    if sent_on < row.received_on or sent_on > _today():
        raise InvalidInput.one("sent_on", "回执寄出日期应在转入日期之后、不晚于今天")
    row.receipt_sent_on = sent_on
    row.save(update_fields=["receipt_sent_on"])
    audit(actor=actor, action="transfer.incoming_receipt", obj=row.member,
          detail=f"{row.issuing_org}{_numbered(row.number)}介绍信回执寄出")  # fmt: skip
    return row
