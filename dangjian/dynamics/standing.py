"""The use cases of lost contact (MEM-4) and of decisions on a member's standing (MEM-8).

- ``lost_contact_open``, ``search_attempt_add``, ``lost_contact_found``: the lost-contact record,
  its searches, its end. The archive's 失联 flag follows the open record.
- ``membership_suspend``: 停止党籍 as the branch or the higher organisation decided it, only
  after six months lost and searches made; never taken by the platform itself.
- ``member_exit``: death, 退党, 除名 (by its ground; 自行脱党 two years after the suspension),
  开除 (linked to the 开除党籍 sanction where one is recorded).
- ``membership_restore``: 恢复党籍 after the 支部党员大会 and the 党委's approval.
- ``correction_start``, ``correction_close``: 限期改正 of at most one year and its outcome.

Each is atomic and audited; the status moves through ``members.services.member_change`` (one
dated event and period), so today's counts lose the member while past counts keep them.
Refusals are Chinese and cite 《中国共产党党员教育管理工作条例》 by article.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from dangjian.accounts.access import (
    access_member,
    may_decide_standing,
    may_record_lost_contact,
    may_restore_membership,
    require,
)
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.core.text import TextError, TextKind, clean_text
from dangjian.development.organizations import approving_committee
from dangjian.discipline.models import Kind as SanctionKind
from dangjian.discipline.models import SanctionRecord
from dangjian.dynamics.models import OPEN_STATES, FloatingRecord, Transfer
from dangjian.dynamics.standing_models import (
    EXIT_KINDS,
    CorrectionOutcome,
    CorrectionTerm,
    DecisionKind,
    LostContact,
    RemovalGround,
    SearchAttempt,
    StandingDecision,
)
from dangjian.elections.services import member_posts_end_on_standing
from dangjian.members.choices import Status
from dangjian.members.models import Member
from dangjian.members.services import member_change
from dangjian.rules.membership import check_correction_term, check_removal, check_suspension
from dangjian.rules.sources import rule_citation

ARTICLE_24 = rule_citation("MEM-4")  # 《中国共产党党员教育管理工作条例》第二十四条
ARTICLE_30_31 = rule_citation("MEM-8")


def _today() -> date:
    return timezone.localdate()


def _text(value: str, field: str, label: str, limit: int, *, required: bool = True) -> str:
    """``value`` cleaned (NFC, trimmed); ``InvalidInput`` on ``field`` when empty or too long."""
    try:
        text = clean_text(value, TextKind.TEXT)
    except TextError as error:
        raise InvalidInput.one(field, f"{label}{error}") from None
    if required and not text:
        raise InvalidInput.one(field, f"请填写{label}")
    if len(text) > limit:
        raise InvalidInput.one(field, f"{label}最多{limit}个字，实为{len(text)}个字")
    return text


def _past(day: date, field: str, label: str, not_before: date | None = None) -> date:
    if day > _today():
        raise InvalidInput.one(field, f"{label}不能晚于今天")
    if not_before is not None and day < not_before:
        raise InvalidInput.one(field, f"{label}不能早于{not_before:%Y年%m月%d日}")
    return day


def _member(actor: Actor, member_id: int) -> Member:
    """The member locked for the change: 404 outside the actor's sight, 403 inside it when the
    actor may not decide for them (``None``: the platform itself)."""
    if actor is not None:
        member = access_member(actor, member_id)
        require(may_decide_standing(actor, member), "无权办理该党员的党籍事项")
    return Member.objects.select_for_update().select_related("organization").get(pk=member_id)


def _set_flag(actor: Actor, member: Member, lost_since: date | None, reason: str) -> None:
    """Keep the archive's 失联 flag with the open record (dated the day it is recorded)."""
    if member.lost_contact_since != lost_since:
        member_change(actor=actor, member_id=member.pk, changes={"lost_contact_since": lost_since},
                      effective_on=_today(), reason=reason)  # fmt: skip


# -- lost contact ------------------------------------------------------------------------------


@transaction.atomic
def lost_contact_open(
    *, actor: Actor, member_id: int, lost_since: date, circumstances: str = ""
) -> LostContact:
    """Record that contact with a member in good standing or suspended was lost on
    ``lost_since`` (MEM-4). One open record per member; the archive's flag follows."""
    if actor is not None:
        require(
            may_record_lost_contact(actor, access_member(actor, member_id)), "无权登记该党员失联"
        )
    member = Member.objects.select_for_update().select_related("organization").get(pk=member_id)
    if member.status not in (Status.NORMAL, Status.SUSPENDED):
        raise Conflict(f"{member.name}的党籍状态为{member.get_status_display()}，不能登记失联")
    if Transfer.objects.filter(member=member, state__in=OPEN_STATES).exists():
        # The sending branch is still responsible and in contact through the transfer (MEM-2):
        # the transfer is withdrawn first, as for a 介绍信.
        raise Conflict(f"{member.name}有正在办理的组织关系转接，不能登记失联，请先撤销转接")
    floating = FloatingRecord.objects.filter(member=member, returned_on__isnull=True).first()
    if floating is not None:
        # A floating member is kept in touch through the floating record (MEM-3): one not
        # reached shows there as contact overdue; only when the branch has lost him is the
        # floating record ended and the member recorded as lost (MEM-4), never both at once.
        raise InvalidInput.one(
            "member_id",
            f"{member.name}有未结束的流出登记（流动去向：{floating.place}），不能同时登记失联；"
            f"确已失去联系的，请先在流动党员登记中结束该流出登记，再登记失联（依据{ARTICLE_24}）",
        )
    _past(lost_since, "lost_since", "失去联系日期", member.joined_on)
    text = _text(circumstances, "circumstances", "失联情况", 300, required=False)
    try:
        with transaction.atomic():
            record = LostContact.objects.create(
                member=member, organization_id=member.organization_id, lost_since=lost_since,
                circumstances=text, recorded_by=acting_user(actor),
            )  # fmt: skip
    except IntegrityError:
        raise Conflict(f"{member.name}已登记为失联党员，尚未恢复联系") from None
    _set_flag(actor, member, lost_since, f"登记失联：{lost_since:%Y年%m月%d日}起失去联系")
    audit(actor=actor, action="dynamics.lost_contact", obj=member,
          detail=f"{lost_since:%Y-%m-%d}起失去联系")  # fmt: skip
    return record


def _open_lost(actor: Actor, record_id: int) -> LostContact:
    record = (
        LostContact.objects.select_for_update()
        .select_related("member__organization")
        .filter(pk=record_id)
        .first()
    )
    if record is None:
        raise InvalidInput.one("record_id", "未找到该失联记录")
    if actor is not None:
        access_member(actor, record.member_id)
        require(may_record_lost_contact(actor, record.member), "无权办理该党员的失联事项")
    return record


@transaction.atomic
def search_attempt_add(
    *, actor: Actor, record_id: int, searched_on: date, way: str, result: str
) -> SearchAttempt:
    """One search for a lost member: the day, the way, what came of it (MEM-4)."""
    record = _open_lost(actor, record_id)
    if record.found_on is not None:
        raise Conflict("该党员已恢复联系，无需再查找")
    _past(searched_on, "searched_on", "查找日期", record.lost_since)
    attempt = SearchAttempt.objects.create(
        lost_contact=record, searched_on=searched_on, way=_text(way, "way", "查找方式", 40),
        result=_text(result, "result", "查找结果", 300), recorded_by=acting_user(actor),
    )  # fmt: skip
    audit(actor=actor, action="dynamics.search", obj=record.member,
          detail=f"{searched_on:%Y-%m-%d} {attempt.way}：{attempt.result}")  # fmt: skip
    return attempt


@transaction.atomic
def lost_contact_found(*, actor: Actor, record_id: int, found_on: date, note: str) -> LostContact:
    """The member is found: the record ends and the flag is cleared. A suspended member stays
    suspended until restored by its procedure (``membership_restore``)."""
    record = _open_lost(actor, record_id)
    if record.found_on is not None:
        raise Conflict("该党员已恢复联系")
    _past(found_on, "found_on", "恢复联系日期", record.lost_since)
    record.found_note = _text(note, "found_note", "恢复联系情况", 300)
    record.found_on = found_on
    record.save(update_fields=["found_on", "found_note"])
    member = Member.objects.select_for_update().get(pk=record.member_id)
    _set_flag(actor, member, None, f"恢复联系：{record.found_note}")
    audit(actor=actor, action="dynamics.found", obj=member, detail=record.found_note)
    return record


# -- decisions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionInput:
    """A decision as the deciding organisation took it. ``ground`` names a 除名's ground
    (``RemovalGround``); ``branch_meeting_on`` the 支部党员大会 of a 恢复党籍 or a 除名."""

    decided_on: date
    deciding_org: str
    reason: str
    document_number: str = ""
    ground: str = ""
    branch_meeting_on: date | None = None


def _decision_values(data: DecisionInput, member: Member) -> dict[str, Any]:
    _past(data.decided_on, "decided_on", "决定日期", member.joined_on)
    if data.branch_meeting_on is not None:
        _past(data.branch_meeting_on, "branch_meeting_on", "支部党员大会讨论日期")
        if data.branch_meeting_on > data.decided_on:
            raise InvalidInput.one("branch_meeting_on", "支部党员大会讨论日期不能晚于决定日期")
    return {
        "decided_on": data.decided_on,
        "deciding_org": _text(data.deciding_org, "deciding_org", "作出决定的党组织", 120),
        "reason": _text(data.reason, "reason", "事由", 500),
        "document_number": _text(data.document_number, "document_number", "决定文号", 80,
                                 required=False),
        "branch_meeting_on": data.branch_meeting_on,
    }  # fmt: skip


def _record(
    actor: Actor, member: Member, kind: str, status: str, values: dict[str, Any], **links: Any
) -> StandingDecision:
    """Store the decision and move the archive's status on its date, in one transaction."""
    if Transfer.objects.filter(member=member, state__in=OPEN_STATES).exists():
        raise Conflict(f"{member.name}有正在办理的组织关系转接，请先撤销转接")
    decision = StandingDecision.objects.create(
        member=member, kind=kind, status_before=member.status, recorded_by=acting_user(actor),
        **values, **links,
    )  # fmt: skip
    label = DecisionKind(kind).label
    changes: dict[str, Any] = {"status": status}
    if kind in EXIT_KINDS:
        changes.update(_end_open_records(member, values["decided_on"], label))
    try:
        member_change(actor=actor, member_id=member.pk, changes=changes,
                      effective_on=values["decided_on"],
                      reason=f"{label}（{values['deciding_org']}{values['document_number']}）：{values['reason']}")  # fmt: skip
    except InvalidInput as error:
        raise InvalidInput({_FIELD_OF.get(k, k): v for k, v in error.errors.items()}) from None
    if kind in EXIT_KINDS or kind == DecisionKind.SUSPENSION:
        # Whoever is no longer a member in good standing holds no party post from that day.
        member_posts_end_on_standing(actor=actor, member_id=member.pk,
                                     on=values["decided_on"], reason=label)  # fmt: skip
    audit(actor=actor, action=f"dynamics.{kind}", obj=member,
          detail=f"{label}：{values['deciding_org']} {values['document_number']}".strip())  # fmt: skip
    return decision


_FIELD_OF = {"effective_on": "decided_on", "status": "kind"}


def _end_open_records(member: Member, on: date, label: str) -> dict[str, Any]:
    """An exit (MEM-8) ends the member's open 流出 record and open lost-contact record on the
    exit day (a record cannot end before it began: then on its first day), so the floating
    and lost-contact registers stop listing the member from that day. Returns the archive's
    flags to clear in the exit's own dated change (its event carries the reason)."""
    note = f"因{label}（{on:%Y年%m月%d日}）结束"
    for floating in FloatingRecord.objects.select_for_update().filter(
        member=member, returned_on__isnull=True
    ):
        floating.returned_on = max(on, floating.since)
        floating.save(update_fields=["returned_on"])
    for lost in LostContact.objects.select_for_update().filter(
        member=member, found_on__isnull=True
    ):
        lost.found_on, lost.found_note = max(on, lost.lost_since), note
        lost.save(update_fields=["found_on", "found_note"])
    flags: dict[str, Any] = {}
    if member.is_floating or member.floating_to:
        flags.update(is_floating=False, floating_to="")
    if member.lost_contact_since is not None:
        flags["lost_contact_since"] = None
    return flags


@transaction.atomic
def membership_suspend(*, actor: Actor, member_id: int, data: DecisionInput) -> StandingDecision:
    """停止党籍 of a member lost six months or more and not found after searching (MEM-4), as
    the branch or the higher organisation decided it (the platform only proposes)."""
    member = _member(actor, member_id)
    if member.status != Status.NORMAL:
        raise Conflict(f"{member.name}的党籍状态为{member.get_status_display()}，不能停止党籍")
    record = LostContact.objects.filter(member=member, found_on__isnull=True).first()
    if record is None:
        raise Conflict(
            f"{member.name}没有未结束的失联记录，停止党籍须以失去联系为前提（依据{ARTICLE_24}）"
        )
    values = _decision_values(data, member)
    verdict = check_suspension(record.lost_since, data.decided_on)
    if verdict.is_block:
        raise InvalidInput.one("decided_on", verdict.text)
    if not record.attempts.filter(searched_on__lte=data.decided_on).exists():
        raise InvalidInput.one(
            "decided_on",
            f"依据{ARTICLE_24}：失去联系的党员须经多方查找仍无下落方可停止党籍，请先登记查找情况",
        )
    return _record(actor, member, DecisionKind.SUSPENSION, Status.SUSPENDED, values,
                   lost_contact=record)  # fmt: skip


@transaction.atomic
def membership_restore(*, actor: Actor, member_id: int, data: DecisionInput) -> StandingDecision:
    """恢复党籍 of a suspended member found again: the 支部党员大会 discussed it and the 党委
    above the branch approved it (MEM-4); recorded by that 党委."""
    if actor is not None:
        access_member(actor, member_id)
    member = Member.objects.select_for_update().select_related("organization").get(pk=member_id)
    committee = approving_committee(member.organization)
    if actor is not None:
        require(committee is not None and may_restore_membership(actor, committee),
                f"恢复党籍须经上级党委批准，由{committee.name if committee else '上级党委'}办理")  # fmt: skip
    if member.status != Status.SUSPENDED:
        raise Conflict(
            f"{member.name}的党籍状态为{member.get_status_display()}，只有停止党籍的党员可以恢复党籍"
        )
    if LostContact.objects.filter(member=member, found_on__isnull=True).exists():
        raise Conflict(f"{member.name}仍处于失联状态，请先登记恢复联系（依据{ARTICLE_24}）")
    if data.branch_meeting_on is None:
        raise InvalidInput.one(
            "branch_meeting_on", f"恢复党籍须经支部党员大会讨论，请填写讨论日期（依据{ARTICLE_24}）"
        )
    values = _decision_values(data, member)
    last = (
        member.standing_decisions.filter(kind=DecisionKind.SUSPENSION)
        .order_by("-decided_on")
        .first()
    )
    if last is not None and data.decided_on < last.decided_on:
        raise InvalidInput.one("decided_on", "恢复党籍日期不能早于停止党籍日期")
    return _record(actor, member, DecisionKind.RESTORATION, Status.NORMAL, values)


# -- exits (MEM-8) -----------------------------------------------------------------------------

EXIT_STATUS = {
    DecisionKind.DEATH: Status.DECEASED,
    DecisionKind.WITHDRAWAL: Status.LEFT,
    DecisionKind.REMOVAL: Status.LEFT,
    DecisionKind.EXPULSION: Status.LEFT,
}


@transaction.atomic
def member_exit(
    *, actor: Actor, member_id: int, kind: str, data: DecisionInput
) -> StandingDecision:
    """A member leaves the Party (MEM-8): death, 退党, 除名 by its ground, 开除 (linked to the
    开除党籍 sanction where one is recorded). The archive stays; the member leaves every count
    from ``data.decided_on`` on and stays in every count before it."""
    if kind not in EXIT_STATUS:
        raise InvalidInput.one("kind", "请选择出党类型：去世、退党、除名或开除党籍")
    member = _member(actor, member_id)
    allowed = (
        (Status.NORMAL, Status.SUSPENDED) if kind != DecisionKind.WITHDRAWAL else (Status.NORMAL,)
    )
    if member.status not in allowed:
        raise Conflict(
            f"{member.name}的党籍状态为{member.get_status_display()}，不能办理{DecisionKind(kind).label}"
        )
    values = _decision_values(data, member)
    links: dict[str, Any] = {}
    if kind == DecisionKind.REMOVAL:
        links = _removal_links(member, data)
        values["ground"] = data.ground
    elif data.ground:
        raise InvalidInput.one("ground", "只有除名需要选择除名事由")
    if kind == DecisionKind.EXPULSION:
        links["sanction"] = (
            SanctionRecord.objects.filter(member=member, kind=SanctionKind.EXPULSION)
            .order_by("-decided_on").first()
        )  # fmt: skip
    return _record(actor, member, kind, EXIT_STATUS[DecisionKind(kind)], values, **links)


def _removal_links(member: Member, data: DecisionInput) -> dict[str, Any]:
    """Check a 除名's ground against the facts the platform holds; the links it rests on."""
    if data.ground not in RemovalGround.values:
        raise InvalidInput.one("ground", f"请选择除名事由（依据{ARTICLE_30_31}）")
    if data.ground == RemovalGround.LEFT_BY_ABSENCE:
        suspension = member.standing_decisions.filter(kind=DecisionKind.SUSPENSION).order_by(
            "-decided_on").first()  # fmt: skip
        if member.status != Status.SUSPENDED or suspension is None:
            raise InvalidInput.one(
                "ground", f"按自行脱党除名失联党员须先停止党籍（依据{ARTICLE_24}）"
            )
        verdict = check_removal(suspension.decided_on, data.decided_on)
        if verdict.is_block:
            raise InvalidInput.one("decided_on", verdict.text)
        return {"lost_contact": suspension.lost_contact}
    if data.ground == RemovalGround.NOT_CORRECTED:
        term = member.correction_terms.filter(outcome=CorrectionOutcome.NOT_CORRECTED).last()
        if term is None:
            raise InvalidInput.one(
                "ground", f"该党员没有期满仍无转变的限期改正记录（依据{ARTICLE_30_31}）"
            )
        return {"correction": term}
    return {}


# -- 限期改正 (MEM-8) ---------------------------------------------------------------------------


@transaction.atomic
def correction_start(
    *, actor: Actor, member_id: int, starts_on: date, ends_on: date, deciding_org: str, reason: str
) -> CorrectionTerm:
    """限期改正 of a member in good standing, at most one year (MEM-8)."""
    member = _member(actor, member_id)
    if member.status != Status.NORMAL:
        raise Conflict(f"{member.name}的党籍状态为{member.get_status_display()}，不能限期改正")
    _past(starts_on, "starts_on", "起始日期", member.joined_on)
    verdict = check_correction_term(starts_on, ends_on)
    if verdict.is_block:
        raise InvalidInput.one("ends_on", verdict.text)
    try:
        with transaction.atomic():
            term = CorrectionTerm.objects.create(
                member=member, starts_on=starts_on, ends_on=ends_on,
                deciding_org=_text(deciding_org, "deciding_org", "作出决定的党组织", 120),
                reason=_text(reason, "reason", "事由", 500), recorded_by=acting_user(actor),
            )  # fmt: skip
    except IntegrityError:
        raise Conflict(f"{member.name}正在限期改正中") from None
    audit(actor=actor, action="dynamics.correction", obj=member,
          detail=f"限期改正{starts_on:%Y-%m-%d}至{ends_on:%Y-%m-%d}")  # fmt: skip
    return term


@transaction.atomic
def correction_close(
    *, actor: Actor, term_id: int, outcome: str, outcome_on: date, note: str
) -> CorrectionTerm:
    """How a 限期改正 came out: 已改正, or 期满仍无转变 (which may lead to 除名, decided apart)."""
    term = CorrectionTerm.objects.select_for_update().filter(pk=term_id).first()
    if term is None:
        raise InvalidInput.one("term_id", "未找到该限期改正记录")
    _member(actor, term.member_id)
    if term.outcome:
        raise Conflict(f"该限期改正已认定为{term.get_outcome_display()}")
    if outcome not in (CorrectionOutcome.CORRECTED, CorrectionOutcome.NOT_CORRECTED):
        raise InvalidInput.one("outcome", "请选择结果：已改正或期满仍无转变")
    _past(outcome_on, "outcome_on", "结果认定日期", term.starts_on)
    if outcome == CorrectionOutcome.NOT_CORRECTED and outcome_on < term.ends_on:
        raise InvalidInput.one(
            "outcome_on",
            f"期满（{term.ends_on:%Y年%m月%d日}）前不能认定为期满仍无转变（依据{ARTICLE_30_31}）",
        )
    term.outcome, term.outcome_on = outcome, outcome_on
    term.outcome_note = _text(note, "outcome_note", "结果说明", 300)
    term.save(update_fields=["outcome", "outcome_on", "outcome_note"])
    audit(actor=actor, action="dynamics.correction_close", obj=term.member,
          detail=f"{term.get_outcome_display()}：{term.outcome_note}")  # fmt: skip
    return term


__all__ = [
    "DecisionInput",
    "correction_close",
    "correction_start",
    "lost_contact_found",
    "lost_contact_open",
    "member_exit",
    "membership_restore",
    "membership_suspend",
    "search_attempt_add",
]
