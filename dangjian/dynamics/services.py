"""The use cases of 组织关系转接: start, approve, accept, refuse, cancel a transfer; move a
whole unit at once; issue a 介绍信, record its 回执, cancel it.

Every door calls these; the member's archive moves only in ``transfer_accept`` (through
``members.services.member_change``, one dated event), so a member in transfer is counted once,
by the sending organisation (MEM-2).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from dangjian.accounts.access import (
    access_member,
    may_approve_transfer,
    may_manage_member,
    require,
    scope_for,
)
from dangjian.core.actor import Actor, acting_user, acting_user_id
from dangjian.core.audit import audit
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.development.organizations import approving_committee
from dangjian.dues.collection import paid_up_to
from dangjian.dynamics.models import (
    OPEN_STATES,
    LetterState,
    Transfer,
    TransferLetter,
    TransferState,
)
from dangjian.dynamics.transfer_dates import check_transfer_day
from dangjian.elections.services import member_posts_end_on_leaving
from dangjian.members.choices import Status
from dangjian.members.models import Member
from dangjian.members.services import member_change
from dangjian.orgs.models import Organization
from dangjian.rules.membership import letter_valid_until
from dangjian.rules.organization import OrgKind
from dangjian.rules.sources import rule_citation

LEVEL_LABELS = {"sending": "转出方党委", "receiving": "转入方党委"}


def approval_levels() -> list[str]:
    """The approvals a transfer needs, in order (setting ``TRANSFER_APPROVAL_LEVELS``)."""
    levels = [
        lv
        for lv in getattr(settings, "TRANSFER_APPROVAL_LEVELS", ("sending", "receiving"))
        if lv != "none"
    ]
    unknown = [lv for lv in levels if lv not in LEVEL_LABELS]
    if unknown:
        raise ValueError(f"TRANSFER_APPROVAL_LEVELS 含未知层级：{unknown}")
    return levels


def _today() -> date:
    return timezone.localdate()


def _committee_of(org: Organization) -> Organization:
    """The 党委 above ``org`` that approves for it (the nearest; the root when none)."""
    # The nearest 党委 is the same question 发展党员 asks (细则第二十二条): asked once there.
    committee = approving_committee(org)
    if committee is not None:
        return committee
    return Organization.objects.get_ancestors(org).first() or org


def _reason(text: str, field: str = "reason", label: str = "转接原因") -> str:
    value = text.strip()
    if not value:
        raise InvalidInput.one(field, f"请填写{label}")
    if len(value) > 300:
        raise InvalidInput.one(field, f"{label}最多300个字，实为{len(value)}个字")
    return value


def _target(to_org_id: int, member: Member) -> Organization:
    """MEM-2: a branch of this deployment, any of them (a 党委 with approval power may transfer
    anywhere; the receiving side may not refuse without reason)."""
    org = Organization.objects.filter(pk=to_org_id, dissolved_on__isnull=True).first()
    if org is None or not OrgKind(org.kind).is_branch:
        raise InvalidInput.one("to_org_id", "请选择转入的党支部")
    if org.pk == member.organization_id:
        raise InvalidInput.one("to_org_id", "转入党支部与现所在党支部相同")
    return org


def _not_lost(member: Member, field: str, what: str) -> None:
    """A member whose lost-contact record is open cannot be transferred (MEM-4: the branch
    searches for him; MEM-2: the receiving side needs a member it can reach) until found.
    Raises ``InvalidInput`` on ``field``; ``what`` is the refused act (e.g. "办理组织关系转接")."""
    from dangjian.dynamics.standing_models import LostContact

    lost = LostContact.objects.filter(member=member, found_on__isnull=True).first()
    if lost is not None:
        raise InvalidInput.one(
            field,
            f"{member.name}自{lost.lost_since:%Y年%m月%d日}起失去联系，不能{what}；"
            f"请先在失联党员登记中记录恢复联系（依据{rule_citation('MEM-4')}）",
        )


def _start_one(
    actor: Actor, member: Member, to_org: Organization, effective_on: date, reason: str, batch: str
) -> Transfer:
    if member.status != Status.NORMAL:
        raise Conflict(f"{member.name}的党籍状态为{member.get_status_display()}，不能办理转接")
    _not_lost(member, "member_ids" if batch else "member_id", "办理组织关系转接")
    check_transfer_day(member, effective_on, field="effective_on", label="转接日期")
    paid = paid_up_to(member)
    levels = approval_levels()
    try:
        with transaction.atomic():
            transfer = Transfer.objects.create(
                member=member, from_org_id=member.organization_id, to_org=to_org,
                effective_on=effective_on, reason=reason, levels=levels,
                state=TransferState.APPROVING if levels else TransferState.AWAITING,
                dues_paid_to=paid.first_day if paid else None, batch=batch,
                started_by=acting_user(actor),
            )  # fmt: skip
    except IntegrityError:
        raise Conflict(f"{member.name}已有正在办理的组织关系转接") from None
    audit(actor=actor, action="transfer.start", obj=member,
          detail=f"{member.name}：转往{to_org.name}（{reason}）")  # fmt: skip
    return transfer


def _check_start(effective_on: date) -> None:
    if effective_on > _today():
        raise InvalidInput.one("effective_on", "转接日期不能晚于今天")


@transaction.atomic
def member_transfer_start(
    *, actor: Actor, member_id: int, to_org_id: int, effective_on: date, reason: str
) -> Transfer:
    """The sending branch starts a transfer (MEM-2); dues "paid up to" taken from the ledger.
    Raises ``InvalidInput`` naming the field, ``Conflict`` when one is already open,
    ``PermissionDenied``/``Http404`` outside the sender's care."""
    member = (
        access_member(actor, member_id) if actor is not None else Member.objects.get(pk=member_id)
    )
    if actor is not None:
        require(may_manage_member(actor, member), "无权为该党员办理组织关系转接")
    _check_start(effective_on)
    return _start_one(actor, member, _target(to_org_id, member), effective_on, _reason(reason), "")


@transaction.atomic
def member_transfer_batch(
    *, actor: Actor, member_ids: Sequence[int], to_org_id: int, effective_on: date, reason: str
) -> list[Transfer]:
    """A whole unit restructured: every member's transfer started in one operation, or none
    (the first member that cannot be transferred names why, nothing is written)."""
    if not member_ids:
        raise InvalidInput.one("member_ids", "请选择要转接的党员")
    _check_start(effective_on)
    why = _reason(reason)
    batch = uuid.uuid4().hex[:12]
    transfers = []
    sender: Member | None = None
    for member_id in dict.fromkeys(member_ids):
        member = (
            access_member(actor, member_id)
            if actor is not None
            else Member.objects.get(pk=member_id)
        )
        if actor is not None:
            require(may_manage_member(actor, member), f"无权为{member.name}办理组织关系转接")
        sender = sender or member
        if member.organization_id != sender.organization_id:
            # One batch is one sending organisation's restructuring: its branch starts it and
            # its 党委 approves it; members of other branches go in their own batch.
            raise InvalidInput.one(
                "member_ids",
                f"批量转接的党员须属于同一党组织：{sender.name}属于{sender.organization}，"
                f"{member.name}属于{member.organization}，请按转出党组织分批办理",
            )
        transfers.append(
            _start_one(actor, member, _target(to_org_id, member), effective_on, why, batch)
        )
    return transfers


def _locked(transfer_id: int) -> Transfer:
    transfer = (
        Transfer.objects.select_for_update()
        .select_related("member", "from_org", "to_org")
        .filter(pk=transfer_id)
        .first()
    )
    if transfer is None:
        raise InvalidInput.one("transfer_id", "未找到该组织关系转接")
    return transfer


@transaction.atomic
def transfer_approve(
    *, actor: Actor, transfer_id: int, note: str = "", level: str | None = None
) -> Transfer:
    """Approve at the level awaited (in order); the last approval sends it to the receiving
    branch. ``level`` is the step the approver saw ("sending"/"receiving"): when another
    approver has handled it meanwhile (two tabs, two people), ``Conflict`` says so instead of
    approving the next step unseen. Raises ``PermissionDenied`` for anyone not of that level's
    党委."""
    transfer = _locked(transfer_id)
    awaited = transfer.next_level
    if transfer.state != TransferState.APPROVING or awaited is None:
        raise Conflict(f"该转接{transfer.get_state_display()}，无需审批")
    if level is not None and level != awaited:
        if level not in LEVEL_LABELS:
            raise InvalidInput.one(
                "level", "审批环节应为 sending（转出方党委）或 receiving（转入方党委）"
            )
        raise Conflict(
            f"{LEVEL_LABELS[level]}审批已由他人办理，当前待{LEVEL_LABELS[awaited]}审批，请刷新后再办理"
        )
    level = awaited
    committee = _committee_of(transfer.from_org if level == "sending" else transfer.to_org)
    if actor is not None:
        require(
            may_approve_transfer(actor, committee),
            f"该转接待{LEVEL_LABELS[level]}（{committee.name}）审批",
        )
    transfer.approvals = [*transfer.approvals, {"level": level, "user_id": acting_user_id(actor),
                                                 "on": _today().isoformat(), "note": note.strip()[:300]}]  # fmt: skip
    if transfer.next_level is None:
        transfer.state = TransferState.AWAITING
    transfer.save(update_fields=["approvals", "state", "updated_at"])
    audit(actor=actor, action="transfer.approve", obj=transfer.member,
          detail=f"{LEVEL_LABELS[level]}同意转往{transfer.to_org.name}")  # fmt: skip
    return transfer


@transaction.atomic
def transfer_accept(
    *,
    actor: Actor,
    transfer_id: int,
    party_group_id: int | None = None,
    accepted_on: date | None = None,
) -> Transfer:
    """The receiving branch accepts and places the member: the archive moves on ``accepted_on``
    (today by default), one dated event; the sending branch is responsible until then."""
    transfer = _locked(transfer_id)
    if transfer.state != TransferState.AWAITING:
        raise Conflict(f"该转接{transfer.get_state_display()}，不能接收")
    if actor is not None:
        require(scope_for(actor).covers_org(transfer.to_org), "只有转入党支部可以接收")
    when = accepted_on or _today()
    if when > _today() or when < transfer.effective_on:
        raise InvalidInput.one("accepted_on", "接收日期应在转接日期之后、不晚于今天")
    check_transfer_day(transfer.member, when, field="accepted_on", label="接收日期")
    changes: dict[str, object] = {"organization_id": transfer.to_org_id, "party_group_id": None}
    if party_group_id is not None:
        group = Organization.objects.filter(pk=party_group_id, kind=OrgKind.GROUP).first()
        if group is None or Organization.objects.get_parent(group) != transfer.to_org:
            raise InvalidInput.one("party_group_id", "所选党小组不属于转入党支部")
        changes["party_group_id"] = group.pk
        transfer.party_group = group
    member_change(actor=None, member_id=transfer.member_id, changes=changes, effective_on=when,
                  reason=f"组织关系转入{transfer.to_org.name}（{transfer.reason}）",
                  transfer_accepted=True)  # fmt: skip
    member_posts_end_on_leaving(
        actor=actor, member_id=transfer.member_id, receiving=transfer.to_org, on=when
    )
    transfer.state, transfer.accepted_on = TransferState.ACCEPTED, when
    transfer.save(update_fields=["state", "party_group", "accepted_on", "updated_at"])
    audit(
        actor=actor,
        action="transfer.accept",
        obj=transfer.member,
        detail=f"{transfer.to_org.name}接收",
    )
    return transfer


@transaction.atomic
def transfer_refuse(*, actor: Actor, transfer_id: int, reason: str) -> Transfer:
    """The receiving side (its branch or its 党委) returns the transfer, with the reason
    (MEM-2: never without one); the member stays where they were."""
    transfer = _locked(transfer_id)
    if transfer.state not in (TransferState.APPROVING, TransferState.AWAITING):
        raise Conflict(f"该转接{transfer.get_state_display()}，不能退回")
    if actor is not None:
        receiving = scope_for(actor).covers_org(transfer.to_org) or may_approve_transfer(
            actor, _committee_of(transfer.to_org)
        )
        require(receiving, "只有转入方可以退回转接")
    transfer.refused_reason = _reason(reason, label="退回原因")
    transfer.state = TransferState.REFUSED
    transfer.save(update_fields=["refused_reason", "state", "updated_at"])
    audit(
        actor=actor, action="transfer.refuse", obj=transfer.member, detail=transfer.refused_reason
    )
    return transfer


@transaction.atomic
def transfer_cancel(*, actor: Actor, transfer_id: int, reason: str) -> Transfer:
    """The sending branch withdraws an open transfer, with the reason."""
    transfer = _locked(transfer_id)
    if transfer.state not in (TransferState.APPROVING, TransferState.AWAITING):
        raise Conflict(f"该转接{transfer.get_state_display()}，不能撤销")
    if actor is not None:
        require(may_manage_member(actor, transfer.member), "只有转出党支部可以撤销转接")
    why = _reason(reason, label="撤销原因")
    transfer.state = TransferState.CANCELLED
    transfer.refused_reason = why
    transfer.save(update_fields=["state", "refused_reason", "updated_at"])
    audit(actor=actor, action="transfer.cancel", obj=transfer.member, detail=why)
    return transfer


@transaction.atomic
def letter_issue(
    *, actor: Actor, member_id: int, destination: str, reason: str, issued_on: date | None = None
) -> TransferLetter:
    """A 介绍信 out of the platform (MEM-7): the next number of the organisation's year, valid
    for ``settings.TRANSFER_LETTER_DAYS`` (at most 3 months, MEM-2); the member is marked
    transferred out on the day, with dues paid up to from the ledger."""
    member = (
        access_member(actor, member_id) if actor is not None else Member.objects.get(pk=member_id)
    )
    if actor is not None:
        require(may_manage_member(actor, member), "无权为该党员开具介绍信")
    # The member row locked: a transfer started at the same moment waits, then sees the status.
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status != Status.NORMAL:
        raise Conflict(f"{member.name}的党籍状态为{member.get_status_display()}，不能开具介绍信")
    _not_lost(member, "member_id", "开具介绍信")
    if Transfer.objects.filter(member=member, state__in=OPEN_STATES).exists():
        raise Conflict(
            f"{member.name}有正在办理的组织关系转接：一人只能走一条转接途径，"
            f"请先撤销该转接再开具介绍信（{rule_citation('MEM-2')}）"
        )
    when = issued_on or _today()
    if when > _today():
        raise InvalidInput.one("issued_on", "开具日期不能晚于今天")
    check_transfer_day(member, when, field="issued_on", label="开具日期")
    place = destination.strip()
    if not place or len(place) > 120:
        raise InvalidInput.one("destination", "请填写去往单位（120字以内）")
    why = _reason(reason)
    org = Organization.objects.select_for_update().get(
        pk=member.organization_id
    )  # numbers in order
    last = TransferLetter.objects.filter(organization=org, year=when.year).aggregate(
        n=Max("sequence")
    )["n"]
    days = int(getattr(settings, "TRANSFER_LETTER_DAYS", 90))
    paid = paid_up_to(member)
    letter = TransferLetter.objects.create(
        member=member, organization=org, year=when.year, sequence=(last or 0) + 1,
        destination=place, issued_on=when, valid_until=letter_valid_until(when, days),
        dues_paid_to=paid.first_day if paid else None, reason=why, issued_by=acting_user(actor),
    )  # fmt: skip
    member_change(actor=None, member_id=member.pk, changes={"status": Status.TRANSFERRED_OUT},
                  effective_on=when, reason=f"开具介绍信{letter.number}，转往{place}")  # fmt: skip
    audit(actor=actor, action="transfer.letter", obj=member, detail=f"{letter.number}：转往{place}")
    return letter


@transaction.atomic
def letter_receipt(
    *, actor: Actor, letter_id: int, receipt_on: date, receipt_org: str
) -> TransferLetter:
    """Record the 回执 the final receiving 基层党委 returned (MEM-7)."""
    letter = (
        TransferLetter.objects.select_for_update()
        .select_related("organization")
        .filter(pk=letter_id)
        .first()
    )
    if letter is None:
        raise InvalidInput.one("letter_id", "未找到该介绍信")
    if actor is not None:
        require(scope_for(actor).covers_org(letter.organization), "无权登记该介绍信的回执")
    if letter.state != LetterState.ISSUED:
        raise Conflict(f"介绍信{letter.get_state_display()}")
    if receipt_on < letter.issued_on or receipt_on > _today():
        raise InvalidInput.one("receipt_on", "回执日期应在开具日期之后、不晚于今天")
    letter.receipt_on, letter.receipt_org = receipt_on, receipt_org.strip()[:120]
    letter.state = LetterState.RECEIPTED
    letter.save(update_fields=["receipt_on", "receipt_org", "state"])
    audit(actor=actor, action="transfer.receipt", obj=letter.member, detail=letter.number)
    return letter


@transaction.atomic
def letter_cancel(*, actor: Actor, letter_id: int, reason: str) -> TransferLetter:
    """Cancel a letter not used (the member did not leave): kept, marked cancelled, and the
    member's relation restored on the day."""
    letter = (
        TransferLetter.objects.select_for_update()
        .select_related("organization")
        .filter(pk=letter_id)
        .first()
    )
    if letter is None:
        raise InvalidInput.one("letter_id", "未找到该介绍信")
    if actor is not None:
        require(scope_for(actor).covers_org(letter.organization), "无权作废该介绍信")
    if letter.state != LetterState.ISSUED:
        raise Conflict(f"介绍信{letter.get_state_display()}，不能作废")
    letter.cancel_reason = _reason(reason, label="作废原因")
    letter.state = LetterState.CANCELLED
    letter.save(update_fields=["cancel_reason", "state"])
    member_change(actor=None, member_id=letter.member_id, changes={"status": Status.NORMAL},
                  effective_on=_today(), reason=f"介绍信{letter.number}作废：{letter.cancel_reason}")  # fmt: skip
    audit(
        actor=actor, action="transfer.letter_cancel", obj=letter.member, detail=letter.cancel_reason
    )
    return letter
