"""流动党员 (MEM-3) and contact with them (MEM-9): the records, the contacts, the return, and
the members abroad to study whose contact is overdue (at least every 6 months).

An outflow record keeps the archive's 流动 flag and 去向 (which the register of a day and the
meetings' "listed apart" read): set when it is recorded, cleared on the return, each as a dated
change of the day it is recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from dangjian.accounts.access import access_member, may_manage_member, require, scope_for
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.dynamics.models import ContactRecord, FloatingDirection, FloatingRecord
from dangjian.dynamics.selectors import open_floating
from dangjian.members.models import Member
from dangjian.members.services import member_change
from dangjian.orgs.models import Organization
from dangjian.rules.membership import abroad_contact_due
from dangjian.rules.numbers import normalise_phones_in
from dangjian.rules.organization import OrgKind
from dangjian.rules.sources import rule_citation


@dataclass(frozen=True)
class FloatingInput:
    """A floating record. Outflow: ``member_id`` set. Inflow: ``name`` and ``organization_id``
    (our branch they take part in) set, ``member_id`` empty."""

    direction: str
    place: str
    since: date
    member_id: int | None = None
    organization_id: int | None = None
    name: str = ""
    contact: str = ""
    certificate_number: str = ""
    abroad_study: bool = False


def _text(value: str, field: str, label: str, limit: int, required: bool = False) -> str:
    text = value.strip()
    if required and not text:
        raise InvalidInput.one(field, f"请填写{label}")
    if len(text) > limit:
        raise InvalidInput.one(field, f"{label}最多{limit}个字，实为{len(text)}个字")
    return text


def _outflow_member(actor: Actor, member_id: int) -> Member:
    member = (
        access_member(actor, member_id) if actor is not None else Member.objects.get(pk=member_id)
    )
    if actor is not None:
        require(may_manage_member(actor, member), "无权登记该党员的流动情况")
    return member


def _inflow_branch(actor: Actor, organization_id: int | None) -> Organization:
    org = Organization.objects.filter(pk=organization_id).first() if organization_id else None
    if (
        org is None
        or not OrgKind(org.kind).is_branch
        or (actor is not None and not scope_for(actor).covers_org(org))
    ):
        raise InvalidInput.one("organization_id", "请选择流入党员参加组织生活的党支部")
    return org


@transaction.atomic
def floating_record(*, actor: Actor, data: FloatingInput) -> FloatingRecord:
    """Register a floating member (MEM-3). One open outflow record per member."""
    if data.direction not in FloatingDirection.values:
        raise InvalidInput.one("direction", "请选择流出或流入")
    if data.since > timezone.localdate():
        raise InvalidInput.one("since", "流动起始日期不能晚于今天")
    place = _text(data.place, "place", "流动去向（来源）", 120, required=True)
    values = {"place": place, "since": data.since, "direction": data.direction,
              "contact": normalise_phones_in(_text(data.contact, "contact", "联系方式", 60)),
              "certificate_number": _text(data.certificate_number, "certificate_number", "流动党员活动证编号", 40),
              "abroad_study": data.abroad_study, "recorded_by": acting_user(actor)}  # fmt: skip
    if data.direction == FloatingDirection.OUT:
        if data.member_id is None:
            raise InvalidInput.one("member_id", "请选择流出的党员")
        member = _outflow_member(actor, data.member_id)
        if FloatingRecord.objects.filter(member=member, returned_on__isnull=True).exists():
            raise Conflict(f"{member.name}已登记为流出党员，尚未返回")
        _not_lost(member, "member_id", "不能登记为流出党员")
        record = FloatingRecord.objects.create(member=member, organization_id=member.organization_id,
                                               name=member.name, **values)  # fmt: skip
        _set_flag(member, True, place, f"登记为流出党员，流动去向：{place}")
    else:
        org = _inflow_branch(actor, data.organization_id)
        name = _text(data.name, "name", "姓名", 40, required=True)
        record = FloatingRecord.objects.create(organization=org, name=name, **values)
    audit(
        actor=actor,
        action="dynamics.floating",
        obj=record,
        detail=f"{record.get_direction_display()}：{record.name}",
    )
    return record


def _not_lost(member: Member, field: str, refused: str) -> None:
    """A member is either floating (in touch through the floating record's contacts, MEM-3) or
    lost (MEM-4), never both: while a lost-contact record is open the way back is to record
    on it that the member was found. Raises ``InvalidInput`` on ``field`` with ``refused``."""
    from dangjian.dynamics.standing_models import LostContact

    lost = LostContact.objects.filter(member=member, found_on__isnull=True).first()
    if lost is not None:
        raise InvalidInput.one(
            field,
            f"{member.name}自{lost.lost_since:%Y年%m月%d日}起登记为失联党员，{refused}；"
            f"取得联系的，请先在失联党员登记中记录恢复联系（依据{rule_citation('MEM-4')}）",
        )


def _set_flag(member: Member, floating: bool, place: str, reason: str) -> None:
    """Keep the archive's 流动 flag and 去向 with the open outflow record (MEM-3), dated the day
    it is recorded (a dated change may not precede the archive's last one)."""
    if (member.is_floating, member.floating_to) != (floating, place):
        member_change(actor=None, member_id=member.pk, effective_on=timezone.localdate(),
                      changes={"is_floating": floating, "floating_to": place}, reason=reason)  # fmt: skip


def _open_record(actor: Actor, record_id: int) -> FloatingRecord:
    record = (
        FloatingRecord.objects.select_for_update()
        .select_related("organization")
        .filter(pk=record_id)
        .first()
    )
    if record is None or (
        actor is not None and not scope_for(actor).covers_org(record.organization)
    ):
        raise InvalidInput.one("record_id", "未找到该流动党员记录")
    if record.returned_on is not None:
        raise Conflict("该流动党员已返回")
    return record


@transaction.atomic
def floating_contact(
    *, actor: Actor, record_id: int, contacted_on: date, way: str, summary: str = ""
) -> ContactRecord:
    """Record one contact (MEM-3/MEM-9)."""
    record = _open_record(actor, record_id)
    if record.member is not None:
        _not_lost(record.member, "record_id", "不能在流动党员登记中记录联系")
    if contacted_on > timezone.localdate() or contacted_on < record.since:
        raise InvalidInput.one("contacted_on", "联系日期应在流动起始日期之后、不晚于今天")
    contact = ContactRecord.objects.create(
        floating=record, contacted_on=contacted_on, way=_text(way, "way", "联系方式", 20, required=True),
        summary=_text(summary, "summary", "情况", 300), recorded_by=acting_user(actor),
    )  # fmt: skip
    audit(
        actor=actor, action="dynamics.contact", obj=record, detail=f"{contacted_on} {contact.way}"
    )
    return contact


@transaction.atomic
def floating_return(*, actor: Actor, record_id: int, returned_on: date) -> FloatingRecord:
    """The member came back: the record ends."""
    record = _open_record(actor, record_id)
    if returned_on > timezone.localdate() or returned_on < record.since:
        raise InvalidInput.one("returned_on", "返回日期应在流动起始日期之后、不晚于今天")
    record.returned_on = returned_on
    record.save(update_fields=["returned_on"])
    if record.member is not None and record.direction == FloatingDirection.OUT:
        _set_flag(record.member, False, "", f"流出党员返回（{returned_on:%Y年%m月%d日}）")
    audit(actor=actor, action="dynamics.return", obj=record, detail=f"{record.name}返回")
    return record


def abroad_contact_overdue(user: Actor, today: date) -> list[tuple[FloatingRecord, date]]:
    """MEM-9: open records of members abroad to study whose next contact (6 months after the
    last, or after leaving) is past, with that due date; oldest first."""
    records: QuerySet[FloatingRecord] = (
        open_floating(user)
        .filter(abroad_study=True)
        .annotate(last_contact=Max("contacts__contacted_on"))
    )
    overdue = []
    for record in records:
        due = abroad_contact_due(record.last_contact or record.since)  # type: ignore[attr-defined]
        if due < today:
            overdue.append((record, due))
    return sorted(overdue, key=lambda pair: pair[1])


__all__ = [
    "FloatingInput",
    "abroad_contact_overdue",
    "floating_contact",
    "floating_record",
    "floating_return",
]
