"""Writes of sanction records: validated, atomic, audited, with the actor, in the actor's scope.

Every door (a page, the API, an import, the demo) records and corrects a sanction through
``sanction_record`` and ``sanction_correct``. An actor of ``None`` is the platform itself (the
demo generator, a command run by an operator); any person must manage the member's
organisation (``accounts.access.may_record_sanction``): a member never records their own.

Two sanctions change more than the record, in the same transaction: a 开除党籍 recorded
``with_exit`` is the member's exit (``dynamics.standing.member_exit``, linked to the record),
and a 撤销党内职务 ends every party post the member holds on the decision date (纪律处分条例
第十一条).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from dangjian.accounts.access import access_member, may_record_sanction, require
from dangjian.core.actor import Actor
from dangjian.core.audit import audit
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.core.text import TextError, TextKind, clean_text
from dangjian.discipline.inputs import SanctionInput
from dangjian.discipline.models import Kind, SanctionRecord
from dangjian.discipline.selectors import as_rule
from dangjian.discipline.validation import cleaned, sanction_errors
from dangjian.dynamics.standing import DecisionInput, member_exit
from dangjian.dynamics.standing_models import DecisionKind, StandingDecision
from dangjian.members.choices import Status
from dangjian.members.models import EventKind, Member, MemberEvent, Position
from dangjian.rules.dates import format_cn_date
from dangjian.rules.discipline import Sanction, SanctionKind, period_of

NOT_YOURS = "无权记录该党员的党纪处分"


def _today() -> date:
    return timezone.localdate()


def _managed_member(actor: Actor, member_id: int) -> Member:
    """The member, when ``actor`` may manage them; 404 outside the scope, 403 inside it."""
    if actor is None:
        member = Member.objects.filter(pk=member_id).first()
        if member is None:
            raise Http404("未找到该党员")
        return member
    member = access_member(actor, member_id)
    require(may_record_sanction(actor, member), NOT_YOURS)
    return member


def _valid(data: SanctionInput, member: Member) -> SanctionInput:
    errors = sanction_errors(data, member, _today())
    if errors:
        raise InvalidInput(errors)
    return cleaned(data)


def _stored(data: SanctionInput) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(data).items()}


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def sanction_record(
    *, actor: Actor, member_id: int, data: SanctionInput, with_exit: bool = False
) -> SanctionRecord:
    """Record one sanction of a member (DISC-1). ``InvalidInput`` names each faulty field.

    ``with_exit``: a 开除党籍 also records the member's exit, in the same transaction, when the
    person recording asks for it (the pages and the API offer it, ticked); otherwise the member
    waits on the exits page among those expelled without an exit, as before."""
    member = _managed_member(actor, member_id)
    valid = _valid(data, member)
    _refuse_duplicate_number(member, valid.document_number, None)
    _refuse_overlap(member, valid, None)
    record = SanctionRecord.objects.create(member=member, recorded_by=_user(actor), **asdict(valid))
    audit(actor=actor, action="discipline.record", obj=record, after=_stored(valid),
          detail=f"{member.name}：{record.get_kind_display()}")  # fmt: skip
    if record.kind == Kind.EXPULSION and with_exit:
        _expel(actor, member, record)
    elif record.kind == Kind.REMOVAL_FROM_POST:
        _end_party_posts(actor, member, record)
    return record


def _refuse_overlap(member: Member, data: SanctionInput, own_id: int | None) -> None:
    """One sanction of a kind at a time: one of the same kind whose period (its impact period,
    a 留党察看 until the rights come back, a 开除党籍 for good) overlaps this one's is
    refused on ``decided_on``, naming it (DISC-1)."""
    mine = Sanction(SanctionKind(data.kind), data.decided_on, data.deciding_org,
                    data.term_months, data.restored_on)  # fmt: skip
    same = SanctionRecord.objects.filter(member=member, kind=data.kind)
    for other in same.exclude(pk=own_id) if own_id is not None else same:
        theirs = as_rule(other)
        if _covers(mine, theirs.decided_on) or _covers(theirs, mine.decided_on):
            period = period_of(theirs)
            until = (
                "" if period is None else f"，期间至{format_cn_date(period[1] - timedelta(days=1))}"
            )
            raise InvalidInput.one(
                "decided_on",
                f"该党员已于{format_cn_date(other.decided_on)}受{other.get_kind_display()}处分"
                f"{until}，期间内不能再登记同一种处分，请核对是否重复登记"
                f"（依据《中国共产党纪律处分条例》第十条至第十三条）",
            )


def _covers(sanction: Sanction, day: date) -> bool:
    """Whether ``day`` falls in the period of ``sanction`` (a 开除党籍's has no end)."""
    period = period_of(sanction)
    if period is None:
        return sanction.decided_on <= day
    return period[0] <= day < period[1]


def _refuse_duplicate_number(member: Member, number: str, own_id: int | None) -> None:
    """One decision (文号) is one sanction of a member: the same number twice is a mistake."""
    if not number:
        return
    same = SanctionRecord.objects.filter(member=member, document_number=number)
    if own_id is not None:
        same = same.exclude(pk=own_id)
    if same.exists():
        raise InvalidInput.one(
            "document_number", f"处分决定文号“{number}”已登记过该党员的处分，请核对"
        )


def _expel(actor: Actor, member: Member, record: SanctionRecord) -> None:
    """The 开除党籍 is the member's exit (MEM-8), recorded by the exit's own service, which
    links the decision to this record; an exit recorded earlier is linked instead."""
    earlier = StandingDecision.objects.filter(
        member=member, kind=DecisionKind.EXPULSION, sanction__isnull=True
    ).first()
    if earlier is not None:
        earlier.sanction = record
        earlier.save(update_fields=["sanction"])
        return
    if member.status not in (Status.NORMAL, Status.SUSPENDED):
        return  # already out of the Party (died, left): the sanction is kept as decided
    decision = DecisionInput(decided_on=record.decided_on, deciding_org=record.deciding_org,
                             reason=record.reason, document_number=record.document_number)  # fmt: skip
    exit_ = member_exit(
        actor=actor, member_id=member.pk, kind=DecisionKind.EXPULSION, data=decision
    )
    if exit_.sanction_id != record.pk:  # two expulsions on one day: this one is the decision
        exit_.sanction = record
        exit_.save(update_fields=["sanction"])


def _end_party_posts(actor: Actor, member: Member, record: SanctionRecord) -> None:
    """撤销党内职务: every party post the member holds on the decision date ends on it (a post
    is held up to, not including, ``ended_on``), with one event on the member's timeline."""
    held = list(
        Position.objects.select_for_update()
        .filter(member=member, ended_on__isnull=True, started_on__lte=record.decided_on)
        .select_related("organization")
    )
    if not held:
        return
    Position.objects.filter(pk__in=[p.pk for p in held]).update(ended_on=record.decided_on)
    titles = "、".join(f"{p.organization.name}{p.get_title_display()}" for p in held)
    MemberEvent.objects.create(
        member=member, kind=EventKind.POSITION, effective_on=record.decided_on,
        changes={"党内职务": [titles, "—"]}, actor=_user(actor),
        reason=f"撤销党内职务（{record.deciding_org}{record.document_number}）"[:300],
    )  # fmt: skip


@transaction.atomic
def sanction_correct(
    *, actor: Actor, sanction_id: int, data: SanctionInput, correction_reason: str
) -> SanctionRecord:
    """Correct a recorded sanction (a wrong date, a 留党察看 extended to two years, the
    restoration of rights). The reason is required; the audit row keeps before and after."""
    why = _correction_reason(correction_reason)
    record = SanctionRecord.objects.select_for_update().filter(pk=sanction_id).first()
    if record is None:
        raise InvalidInput.one("sanction_id", "未找到该处分记录")
    member = _managed_member(actor, record.member_id)
    valid = _valid(data, member)
    _refuse_duplicate_number(member, valid.document_number, record.pk)
    _refuse_overlap(member, valid, record.pk)
    after = asdict(valid)
    before = {k: getattr(record, k) for k in after}
    changed = [k for k in after if before[k] != after[k]]
    if not changed:
        raise Conflict("处分记录没有需要更正的内容")
    _refuse_moving_done_effects(record, changed)
    for field in changed:
        setattr(record, field, after[field])
    record.save(update_fields=[*changed, "updated_at"])
    audit(actor=actor, action="discipline.correct", obj=record,
          before=_stored(SanctionInput(**before)), after=_stored(valid), detail=why)  # fmt: skip
    if "kind" in changed and record.kind == Kind.REMOVAL_FROM_POST:
        _end_party_posts(actor, member, record)
    return record


def _refuse_moving_done_effects(record: SanctionRecord, changed: list[str]) -> None:
    """A sanction that has already acted on the archive keeps its kind and decision date: the
    开除党籍 an exit was recorded with (MEM-8), the 撤销党内职务 that ended the member's posts.
    Moving them would leave the exit or the ended posts on the old date, so the correction is
    refused on the field, and the other fields stay correctable."""
    moved = [field for field in ("kind", "decided_on") if field in changed]
    if not moved:
        return
    if record.kind == Kind.EXPULSION:
        exit_ = StandingDecision.objects.filter(sanction=record).first()
        if exit_ is None:
            return
        done = f"该处分已据以办理出党（{format_cn_date(exit_.decided_on)}），出党记录不随处分更改"
    elif record.kind == Kind.REMOVAL_FROM_POST:
        done = f"该处分已于{format_cn_date(record.decided_on)}免去其党内职务，任职记录不随处分更改"
    else:
        return
    label = {"kind": "处分种类", "decided_on": "决定日期"}
    raise InvalidInput(
        {field: [f"{done}，不能再更正{label[field]}；其余内容可以更正"] for field in moved}
    )


def _correction_reason(reason: str) -> str:
    try:
        why = clean_text(reason, TextKind.TEXT)
    except TextError as error:
        raise InvalidInput.one("correction_reason", f"更正原因{error}") from None
    if not why:
        raise InvalidInput.one("correction_reason", "请填写更正原因")
    if len(why) > 300:
        raise InvalidInput.one("correction_reason", f"更正原因最多300个字，实为{len(why)}个字")
    return why
