"""Recording a transfer that was completed before the platform (a branch moving from its
spreadsheets): started, approved at every level the deployment requires, accepted, each on its
historic day, in one operation.

``transfer_record_historic`` is the one use case (the Excel import calls it row by row). The
member moves on the acceptance day through ``members.services.member_change(...,
transfer_accepted=True)``, as ``transfer_accept`` moves them: one dated event, so every as-of
count puts the member in the sending organisation until that day and in the receiving one
from it (MEM-2). A history is only added at its end: when the member's archive already holds
a change dated after the acceptance, the transfer is refused (recording it would rewrite what
happened after it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from dangjian.accounts.access import access_member, may_manage_member, require
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.dynamics.models import OPEN_STATES, Transfer, TransferState
from dangjian.dynamics.services import LEVEL_LABELS, _reason, _target, approval_levels
from dangjian.dynamics.transfer_dates import check_transfer_day
from dangjian.members.choices import Status
from dangjian.members.models import Member, MemberEvent, MemberPeriod
from dangjian.members.services import member_change
from dangjian.orgs.models import Organization
from dangjian.rules.dates import format_cn_date
from dangjian.rules.organization import OrgKind

HISTORIC_NOTE = "历史补录"


@dataclass(frozen=True)
class HistoricTransfer:
    """A completed transfer as the old register has it. ``approved`` maps each approval level
    (``"sending"`` 转出方党委, ``"receiving"`` 转入方党委) to its day; every level the deployment
    requires (``TRANSFER_APPROVAL_LEVELS``) must have one. ``dues_paid_to`` is any day of the
    month the dues were paid up to, when the register says."""

    member_id: int
    to_org_id: int
    effective_on: date
    accepted_on: date
    reason: str
    approved: dict[str, date] = field(default_factory=dict)
    party_group_id: int | None = None
    dues_paid_to: date | None = None


def approval_field(level: str) -> str:
    """The field name a refusal of one approval's day is reported on."""
    return f"approved_{level}"


def _check_dates(
    data: HistoricTransfer, member: Member, levels: list[str]
) -> list[dict[str, object]]:
    """The days in order (started ≤ each approval in order ≤ accepted ≤ today); the approvals
    as stored. ``InvalidInput`` names every faulty field at once."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if data.effective_on > today:
        errors["effective_on"] = ["转接日期不能晚于今天"]
    elif member.joined_on is not None and data.effective_on < member.joined_on:
        errors["effective_on"] = [f"转接日期不能早于入党时间{format_cn_date(member.joined_on)}"]
    approvals: list[dict[str, object]] = []
    previous, previous_label = data.effective_on, "转接日期"
    for level in levels:
        label = f"{LEVEL_LABELS[level]}审批日期"
        day = data.approved.get(level)
        if day is None:
            errors[approval_field(level)] = [
                f"请填写{label}（本平台的转接须经{LEVEL_LABELS[level]}审批）"
            ]
            continue
        if day < previous:
            errors[approval_field(level)] = [f"{label}不能早于{previous_label}"]
        approvals.append(
            {"level": level, "user_id": None, "on": day.isoformat(), "note": HISTORIC_NOTE}
        )
        previous, previous_label = max(previous, day), label
    if data.accepted_on > today:
        errors["accepted_on"] = ["接收日期不能晚于今天"]
    elif data.accepted_on < previous:
        errors["accepted_on"] = [f"接收日期不能早于{previous_label}"]
    if errors:
        raise InvalidInput(errors)
    return approvals


def _later_change(member: Member, accepted_on: date) -> date | None:
    """The latest day of the member's archive after ``accepted_on`` (an event or the start of
    the current period), or ``None`` when nothing is dated after it."""
    event = MemberEvent.objects.filter(member=member).aggregate(on=Max("effective_on"))["on"]
    period = MemberPeriod.objects.filter(member=member).aggregate(on=Max("valid_from"))["on"]
    latest = max((d for d in (event, period) if d is not None), default=None)
    return latest if latest is not None and latest > accepted_on else None


def _group(party_group_id: int | None, to_org: Organization) -> Organization | None:
    if party_group_id is None:
        return None
    group = Organization.objects.filter(pk=party_group_id, kind=OrgKind.GROUP).first()
    if group is None or Organization.objects.get_parent(group) != to_org:
        raise InvalidInput.one("party_group_id", "所选党小组不属于转入党支部")
    return group


def same_historic_transfer(data: HistoricTransfer) -> Transfer | None:
    """The transfer already recorded with these facts (an import run again), if any."""
    return Transfer.objects.filter(
        member_id=data.member_id, to_org_id=data.to_org_id, effective_on=data.effective_on,
        accepted_on=data.accepted_on, state=TransferState.ACCEPTED,
    ).first()  # fmt: skip


@transaction.atomic
def transfer_record_historic(*, actor: Actor, data: HistoricTransfer) -> Transfer:
    """Record a transfer completed before the platform, with its historic days, accepted.

    ``actor`` must look after the member (the sending side keeps the register). Raises
    ``InvalidInput`` naming the field (``to_org_id``, ``effective_on``, ``approved_sending``,
    ``approved_receiving``, ``accepted_on``, ``reason``, ``party_group_id``), ``Conflict`` when
    the member is not in good standing or has a transfer open, ``Http404``/``PermissionDenied``
    outside the actor's care. Nothing is written on a refusal.
    """
    if actor is not None:
        require(may_manage_member(actor, access_member(actor, data.member_id)),
                "无权为该党员补录组织关系转接")  # fmt: skip
    member = Member.objects.select_for_update().get(pk=data.member_id)
    if member.status != Status.NORMAL:
        raise Conflict(f"{member.name}的党籍状态为{member.get_status_display()}，不能补录转接")
    if Transfer.objects.filter(member=member, state__in=OPEN_STATES).exists():
        raise Conflict(f"{member.name}有正在办理的组织关系转接，请先办结或撤销")
    to_org = _target(data.to_org_id, member)
    why = _reason(data.reason)
    levels = approval_levels()
    approvals = _check_dates(data, member, levels)
    check_transfer_day(member, data.effective_on, field="effective_on", label="转接日期")
    later = _later_change(member, data.accepted_on)
    if later is not None:
        raise InvalidInput.one(
            "accepted_on",
            f"该党员档案中已有{format_cn_date(later)}的变动，晚于接收日期"
            f"{format_cn_date(data.accepted_on)}，不能补录此前完成的转接",
        )
    group = _group(data.party_group_id, to_org)
    paid = data.dues_paid_to.replace(day=1) if data.dues_paid_to else None
    transfer = Transfer.objects.create(
        member=member, from_org_id=member.organization_id, to_org=to_org, party_group=group,
        effective_on=data.effective_on, reason=why, dues_paid_to=paid, levels=levels,
        approvals=approvals, state=TransferState.ACCEPTED, accepted_on=data.accepted_on,
        historic=True, started_by=acting_user(actor),
    )  # fmt: skip
    changes: dict[str, object] = {
        "organization_id": to_org.pk,
        "party_group_id": group.pk if group else None,
    }
    member_change(actor=None, member_id=member.pk, changes=changes, effective_on=data.accepted_on,
                  reason=f"组织关系转入{to_org.name}（{why}，{HISTORIC_NOTE}）",
                  transfer_accepted=True)  # fmt: skip
    audit(actor=actor, action="transfer.historic", obj=member,
          detail=f"补录：{format_cn_date(data.effective_on)}转往{to_org.name}，"
                 f"{format_cn_date(data.accepted_on)}接收")  # fmt: skip
    return transfer


__all__ = ["HISTORIC_NOTE", "HistoricTransfer", "approval_field", "same_historic_transfer",
           "transfer_record_historic"]  # fmt: skip
