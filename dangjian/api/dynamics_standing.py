"""/api/dynamics: 失联党员 (MEM-4), 党籍处理决定 and 出党 (MEM-8), 限期改正, the 增减台账
(STAT-6) and incoming 介绍信 (MEM-2, DEV-26).

Adapters over the same services (``dynamics.standing``, ``dynamics.incoming``) and scoped
selectors (``dynamics.standing_selectors``, ``dynamics.ledger``) as the pages: a record or member
outside the caller's organisations answers 404 (as a missing one); a refusal is a Chinese 4xx
naming the field; a step the record's state no longer allows is a 409. Mounted on the router
of ``api.dynamics``.
"""

# No postponed annotations here: ninja reads the view signatures (Query[...]) at import time.
from dataclasses import replace
from datetime import date
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StrictBool

from dangjian.accounts.access import may_manage_some_organization, require, scope_for
from dangjian.api.auth import current_user
from dangjian.api.member_schemas import MemberIn
from dangjian.api.pagination import BoundedPageNumberPagination
from dangjian.api.present import Presented
from dangjian.api.schemas import ERRORS, READ_ERRORS, InputSchema
from dangjian.api.types import DuesMonth, Id, Name, PlausibleDate, RequiredText, Text
from dangjian.core.actor import Actor
from dangjian.dynamics import standing
from dangjian.dynamics.incoming import IncomingLetterInput, member_register_incoming
from dangjian.dynamics.incoming_models import IncomingLetter
from dangjian.dynamics.ledger import Ledger, LedgerEntry, check_period, membership_ledger
from dangjian.dynamics.standing_models import CorrectionTerm, LostContact, StandingDecision
from dangjian.dynamics.standing_selectors import (
    Proposal,
    correction_terms,
    lost_contact_records,
    removal_proposals,
    standing_decisions,
    suspension_proposals,
)
from dangjian.members.inputs import MemberInput
from dangjian.rules.membership import suspension_proposal_due

router = Router(tags=["党员动态"])

ExitCode = Annotated[str, Field(pattern="^(death|withdrawal|removal|expulsion)$")]
OutcomeCode = Annotated[str, Field(pattern="^(corrected|not_corrected)$")]
GroundCode = Annotated[
    str, Field(pattern="^(|left_by_absence|inactive|not_corrected|unqualified)$")
]


def _manager(user: Actor) -> None:
    require(may_manage_some_organization(user), "仅供党务工作者使用")


# ---------------------------------------------------------------- schemas


class LostQuery(Schema):
    include_found: bool = Field(False, description="包括已恢复联系的记录")


class SearchOut(Schema):
    id: int
    searched_on: date
    way: str
    result: str


class LostOut(Schema):
    id: int
    member_id: int
    member_name: str
    organization_id: int
    organization_name: str
    member_status: str
    member_status_label: str
    lost_since: date
    circumstances: str
    suspension_due: date = Field(..., description="满6个月、可提出停止党籍的日期")
    found_on: date | None
    found_note: str
    searches: list[SearchOut]


class ProposalOut(Schema):
    record_id: int
    member_id: int
    member_name: str
    organization_name: str
    lost_since: date
    attempt_count: int
    kind: str = Field(..., description="suspension 停止党籍、removal 除名（自行脱党）")
    kind_label: str
    due_on: date
    suspended_on: date | None


class LostIn(InputSchema):
    member_id: Id = Field(..., description="失联的党员")
    lost_since: PlausibleDate = Field(..., description="失去联系日期")
    circumstances: Text = Field("", max_length=300, description="失联情况")


class SearchIn(InputSchema):
    searched_on: PlausibleDate = Field(..., description="查找日期")
    way: Name = Field(..., max_length=40, description="查找方式（电话、走访、函询…）")
    result: RequiredText = Field(..., max_length=300, description="查找结果")


class FoundIn(InputSchema):
    found_on: PlausibleDate = Field(..., description="恢复联系日期")
    note: RequiredText = Field(..., max_length=300, description="恢复联系情况")


class StandingDecisionIn(InputSchema):
    decided_on: PlausibleDate = Field(..., description="决定日期")
    deciding_org: Name = Field(..., max_length=120, description="作出决定的党组织")
    reason: RequiredText = Field(..., max_length=500, description="事由")
    document_number: Text = Field("", max_length=80, description="决定文号")
    branch_meeting_on: PlausibleDate | None = Field(
        None, description="支部党员大会讨论日期（恢复党籍、除名）"
    )


class SuspendIn(StandingDecisionIn):
    member_id: Id = Field(..., description="停止党籍的党员（须有未结束的失联记录）")


class RestoreIn(StandingDecisionIn):
    member_id: Id = Field(..., description="恢复党籍的党员（须已停止党籍并恢复联系）")


class ExitIn(StandingDecisionIn):
    member_id: Id = Field(..., description="出党的党员")
    kind: ExitCode = Field(
        ..., description="death 去世、withdrawal 退党、removal 除名、expulsion 开除党籍"
    )
    ground: GroundCode = Field("", description="除名事由（仅除名）")


class DecisionOut(Schema):
    id: int
    member_id: int
    member_name: str
    organization_name: str
    kind: str
    kind_label: str
    ground: str
    ground_label: str
    decided_on: date
    deciding_org: str
    document_number: str
    reason: str
    branch_meeting_on: date | None
    status_before: str


class RectificationOut(Schema):
    id: int
    member_id: int
    member_name: str
    organization_name: str
    starts_on: date
    ends_on: date
    deciding_org: str
    reason: str
    outcome: str
    outcome_label: str
    outcome_on: date | None
    outcome_note: str


class RectificationIn(InputSchema):
    member_id: Id = Field(..., description="限期改正的党员")
    starts_on: PlausibleDate = Field(..., description="起始日期")
    ends_on: date = Field(..., description="期满日期（最长一年）")
    deciding_org: Name = Field(..., max_length=120, description="作出决定的党组织")
    reason: RequiredText = Field(..., max_length=500, description="事由")


class CorrectionCloseIn(InputSchema):
    outcome: OutcomeCode = Field(..., description="corrected 已改正、not_corrected 期满仍无转变")
    outcome_on: PlausibleDate = Field(..., description="结果认定日期")
    note: RequiredText = Field(..., max_length=300, description="结果说明")


class StandingLedgerQuery(Schema):
    organization_id: Id = Field(..., description="党组织（含下级）")
    start: PlausibleDate = Field(..., description="起始日期")
    end: PlausibleDate = Field(..., description="截止日期（不晚于今天，期间最长五年）")


class LedgerEntryOut(Schema):
    member_id: int
    name: str
    day: date
    kind: str
    kind_label: str
    organization_name: str
    document: str


class LedgerCountOut(Schema):
    kind: str
    kind_label: str
    count: int


class LedgerOut(Schema):
    organization_id: int
    organization_name: str
    start: date
    end: date
    opening: int = Field(..., description="期初党员数")
    increase_count: int
    decrease_count: int
    closing: int = Field(..., description="期末党员数")
    difference: int = Field(..., description="期末 −（期初 + 增加 − 减少），平衡时为0")
    counts: list[LedgerCountOut]
    increases: list[LedgerEntryOut]
    decreases: list[LedgerEntryOut]


class IncomingOut(Schema):
    id: int
    member_id: int
    member_name: str
    organization_id: int
    organization_name: str
    number: str
    issuing_org: str
    from_unit: str
    issued_on: date
    valid_until: date
    received_on: date
    dues_paid_to: date | None
    records_received: bool
    receipt_sent_on: date | None


class IncomingIn(MemberIn):
    """The member as the letter and the person's papers state them, and the letter itself."""

    number: Name = Field(..., max_length=40, description="介绍信编号")
    issuing_org: Name = Field(..., max_length=120, description="开具介绍信的党组织")
    from_unit: Text = Field("", max_length=120, description="原工作单位")
    issued_on: PlausibleDate = Field(..., description="介绍信开具日期")
    valid_until: date = Field(..., description="介绍信有效期至（最长3个月）")
    received_on: PlausibleDate = Field(..., description="转入日期（不晚于今天）")
    dues_paid_to: DuesMonth | None = Field(
        None, description="党费交至（年月，如2024-05；填该月任一日亦可）"
    )
    records_received: StrictBool = Field(False, description="已收到并核实入党材料（预备党员必填）")
    extension_months: int = Field(0, ge=0, le=12, description="原党组织已延长预备期（月）")


LETTER_FIELDS = (
    "number", "issuing_org", "from_unit", "issued_on", "valid_until", "received_on",
    "dues_paid_to", "records_received", "extension_months",
)  # fmt: skip


# ---------------------------------------------------------------- presenting


def lost_out(record: LostContact) -> dict[str, Any]:
    """One lost-contact record with its searches and the day a 停止党籍 may be proposed."""
    member = record.member
    return {
        "id": record.pk, "member_id": member.pk, "member_name": member.name,
        "organization_id": record.organization_id, "organization_name": record.organization.name,
        "member_status": member.status, "member_status_label": member.get_status_display(),
        "lost_since": record.lost_since, "circumstances": record.circumstances,
        "suspension_due": suspension_proposal_due(record.lost_since),
        "found_on": record.found_on, "found_note": record.found_note,
        "searches": [
            {"id": a.pk, "searched_on": a.searched_on, "way": a.way, "result": a.result}
            for a in record.attempts.all()
        ],
    }  # fmt: skip


def proposal_out(proposal: Proposal) -> dict[str, Any]:
    return {
        "record_id": proposal.record_id, "member_id": proposal.member_id,
        "member_name": proposal.member_name, "organization_name": proposal.organization_name,
        "lost_since": proposal.lost_since, "attempt_count": proposal.attempt_count,
        "kind": str(proposal.kind), "kind_label": proposal.label, "due_on": proposal.due_on,
        "suspended_on": proposal.suspended_on,
    }  # fmt: skip


def decision_out(decision: StandingDecision) -> dict[str, Any]:
    return {
        "id": decision.pk, "member_id": decision.member_id, "member_name": decision.member.name,
        "organization_name": decision.member.organization.name, "kind": decision.kind,
        "kind_label": decision.get_kind_display(), "ground": decision.ground,
        "ground_label": decision.get_ground_display() if decision.ground else "",
        "decided_on": decision.decided_on, "deciding_org": decision.deciding_org,
        "document_number": decision.document_number, "reason": decision.reason,
        "branch_meeting_on": decision.branch_meeting_on, "status_before": decision.status_before,
    }  # fmt: skip


def correction_out(term: CorrectionTerm) -> dict[str, Any]:
    return {
        "id": term.pk, "member_id": term.member_id, "member_name": term.member.name,
        "organization_name": term.member.organization.name, "starts_on": term.starts_on,
        "ends_on": term.ends_on, "deciding_org": term.deciding_org, "reason": term.reason,
        "outcome": term.outcome, "outcome_label": term.get_outcome_display(),
        "outcome_on": term.outcome_on, "outcome_note": term.outcome_note,
    }  # fmt: skip


def _entry(entry: LedgerEntry) -> dict[str, Any]:
    return {
        "member_id": entry.member_id, "name": entry.name, "day": entry.day,
        "kind": entry.change.value, "kind_label": entry.kind_label,
        "organization_name": entry.organization_name, "document": entry.document,
    }  # fmt: skip


def ledger_out(ledger: Ledger) -> dict[str, Any]:
    """The ledger as the page shows it: registers, each kind's number, the name lists."""
    rec = ledger.reconciliation
    return {
        "organization_id": ledger.organization_id, "organization_name": ledger.organization_name,
        "start": ledger.start, "end": ledger.end, "opening": rec.opening,
        "increase_count": rec.increases, "decrease_count": rec.decreases,
        "closing": rec.closing, "difference": rec.difference,
        "counts": [{"kind": k.value, "kind_label": k.label, "count": n} for k, n in ledger.counts()],
        "increases": [_entry(e) for e in ledger.increases],
        "decreases": [_entry(e) for e in ledger.decreases],
    }  # fmt: skip


def incoming_out(row: IncomingLetter) -> dict[str, Any]:
    return {
        "id": row.pk, "member_id": row.member_id, "member_name": row.member.name,
        "organization_id": row.organization_id, "organization_name": row.organization.name,
        "number": row.number, "issuing_org": row.issuing_org, "from_unit": row.from_unit,
        "issued_on": row.issued_on, "valid_until": row.valid_until,
        "received_on": row.received_on, "dues_paid_to": row.dues_paid_to,
        "records_received": row.records_received, "receipt_sent_on": row.receipt_sent_on,
    }  # fmt: skip


def _record(user: Actor, record_id: int) -> LostContact:
    """The record in the caller's scope, with its searches; 404 otherwise."""
    record = lost_contact_records(user).filter(pk=record_id).prefetch_related("attempts").first()
    if record is None:
        raise Http404("未找到该失联记录")
    return record


def _decision(user: Actor, decision: StandingDecision) -> dict[str, Any]:
    return decision_out(standing_decisions(user).get(pk=decision.pk))


def _values(payload: StandingDecisionIn) -> standing.DecisionInput:
    return standing.DecisionInput(
        decided_on=payload.decided_on, deciding_org=payload.deciding_org, reason=payload.reason,
        document_number=payload.document_number, branch_meeting_on=payload.branch_meeting_on,
    )  # fmt: skip


# ---------------------------------------------------------------- lost contact


@router.get(
    "/lost-contacts",
    response={200: list[LostOut], **READ_ERRORS},
    summary="失联党员登记簿（分页）",
)
@paginate(BoundedPageNumberPagination)
def list_lost(request: HttpRequest, filters: Query[LostQuery]) -> Any:
    """Records of the caller's organisations: open ones (oldest loss first), then, with
    ``include_found``, those ended."""
    user = current_user(request)
    _manager(user)
    rows = lost_contact_records(user).prefetch_related("attempts")
    if not filters.include_found:
        rows = rows.filter(found_on__isnull=True)
    return Presented(rows, lost_out)


@router.get(
    "/lost-contacts/proposals",
    response={200: list[ProposalOut], **READ_ERRORS},
    summary="到期的停止党籍、除名建议",
)
def list_proposals(request: HttpRequest) -> Any:
    """MEM-4: 停止党籍 six months after the loss, 除名 two years after the suspension, as of
    today. Proposals only: the branch or the higher organisation decides."""
    user, today = current_user(request), timezone.localdate()
    _manager(user)
    found = [*suspension_proposals(user, today), *removal_proposals(user, today)]
    return [proposal_out(p) for p in found]


@router.get(
    "/lost-contacts/{record_id}", response={200: LostOut, **READ_ERRORS}, summary="失联记录"
)
def get_lost(request: HttpRequest, record_id: Id) -> Any:
    return lost_out(_record(current_user(request), record_id))


@router.post("/lost-contacts", response={201: LostOut, **ERRORS}, summary="登记失联党员")
def create_lost(request: HttpRequest, payload: LostIn) -> Any:
    user = current_user(request)
    record = standing.lost_contact_open(actor=user, **payload.model_dump())
    return Status(201, lost_out(_record(user, record.pk)))


@router.post(
    "/lost-contacts/{record_id}/searches",
    response={201: LostOut, **ERRORS},
    summary="登记查找情况",
)
def add_search(request: HttpRequest, record_id: Id, payload: SearchIn) -> Any:
    user = current_user(request)
    _record(user, record_id)
    standing.search_attempt_add(actor=user, record_id=record_id, **payload.model_dump())
    return Status(201, lost_out(_record(user, record_id)))


@router.post(
    "/lost-contacts/{record_id}/found", response={200: LostOut, **ERRORS}, summary="恢复联系"
)
def found_lost(request: HttpRequest, record_id: Id, payload: FoundIn) -> Any:
    """The record ends and the archive's flag clears; a suspended member stays suspended until
    restored (``POST /decisions/restoration``)."""
    user = current_user(request)
    _record(user, record_id)
    standing.lost_contact_found(actor=user, record_id=record_id, **payload.model_dump())
    return lost_out(_record(user, record_id))


# ---------------------------------------------------------------- decisions


@router.get(
    "/decisions",
    response={200: list[DecisionOut], **READ_ERRORS},
    summary="党籍处理决定与出党记录（分页）",
)
@paginate(BoundedPageNumberPagination)
def list_decisions(request: HttpRequest) -> Any:
    """停止党籍, 恢复党籍 and the exits of the caller's members, newest first."""
    user = current_user(request)
    _manager(user)
    return Presented(standing_decisions(user), decision_out)


@router.post("/decisions/suspension", response={201: DecisionOut, **ERRORS}, summary="停止党籍")
def suspend(request: HttpRequest, payload: SuspendIn) -> Any:
    """Only for a member lost six months or more and searched for (MEM-4)."""
    user = current_user(request)
    decision = standing.membership_suspend(
        actor=user, member_id=payload.member_id, data=_values(payload)
    )
    return Status(201, _decision(user, decision))


@router.post("/decisions/restoration", response={201: DecisionOut, **ERRORS}, summary="恢复党籍")
def restore(request: HttpRequest, payload: RestoreIn) -> Any:
    """After the 支部党员大会 (``branch_meeting_on``) and the approval of the 党委 above."""
    user = current_user(request)
    decision = standing.membership_restore(
        actor=user, member_id=payload.member_id, data=_values(payload)
    )
    return Status(201, _decision(user, decision))


@router.post(
    "/decisions/exit",
    response={201: DecisionOut, **ERRORS},
    summary="出党（去世、退党、除名、开除）",
)
def member_exit(request: HttpRequest, payload: ExitIn) -> Any:
    """MEM-8: the member leaves every count from ``decided_on`` on; the archive stays."""
    user = current_user(request)
    data = replace(_values(payload), ground=payload.ground)
    decision = standing.member_exit(
        actor=user, member_id=payload.member_id, kind=payload.kind, data=data
    )
    return Status(201, _decision(user, decision))


# ---------------------------------------------------------------- 限期改正


@router.get(
    "/corrections",
    response={200: list[RectificationOut], **READ_ERRORS},
    summary="限期改正（分页）",
)
@paginate(BoundedPageNumberPagination)
def list_corrections(request: HttpRequest) -> Any:
    user = current_user(request)
    _manager(user)
    return Presented(correction_terms(user), correction_out)


@router.post("/corrections", response={201: RectificationOut, **ERRORS}, summary="限期改正")
def start_correction(request: HttpRequest, payload: RectificationIn) -> Any:
    """At most one year (MEM-8)."""
    user = current_user(request)
    term = standing.correction_start(actor=user, **payload.model_dump())
    return Status(201, correction_out(correction_terms(user).get(pk=term.pk)))


@router.post(
    "/corrections/{term_id}/close",
    response={200: RectificationOut, **ERRORS},
    summary="认定限期改正结果",
)
def close_correction(request: HttpRequest, term_id: Id, payload: CorrectionCloseIn) -> Any:
    user = current_user(request)
    if not correction_terms(user).filter(pk=term_id).exists():
        raise Http404("未找到该限期改正记录")
    standing.correction_close(actor=user, term_id=term_id, **payload.model_dump())
    return correction_out(correction_terms(user).get(pk=term_id))


# ---------------------------------------------------------------- 增减台账


@router.get("/ledger", response={200: LedgerOut, **READ_ERRORS}, summary="党员增减台账")
def get_ledger(request: HttpRequest, filters: Query[StandingLedgerQuery]) -> Any:
    """期初 + 增加 − 减少 = 期末 for the organisation's subtree over [start, end] (STAT-6)."""
    user = current_user(request)
    check_period(filters.start, filters.end, timezone.localdate())
    ledger = membership_ledger(user, filters.organization_id, filters.start, filters.end)
    return ledger_out(ledger)


# ---------------------------------------------------------------- incoming letters


def _incoming_rows(user: Actor) -> QuerySet[IncomingLetter]:
    """Letters by which members came into the caller's organisations, newest first."""
    return (
        IncomingLetter.objects.filter(scope_for(user).org_q("organization__"))
        .select_related("member", "organization")
        .order_by("-received_on", "-pk")
    )


@router.get(
    "/incoming",
    response={200: list[IncomingOut], **READ_ERRORS},
    summary="转入介绍信登记（分页）",
)
@paginate(BoundedPageNumberPagination)
def list_incoming(request: HttpRequest) -> Any:
    """Letters by which members came into the caller's branches, newest first."""
    user = current_user(request)
    _manager(user)
    return Presented(_incoming_rows(user), incoming_out)


@router.post("/incoming", response={201: IncomingOut, **ERRORS}, summary="凭介绍信接收党员")
def register_incoming(request: HttpRequest, payload: IncomingIn) -> Any:
    """The receiving branch creates the member's archive from the letter (DEV-26 for a
    probationary member); the 回执 prints from the page."""
    user = current_user(request)
    values = payload.model_dump()
    letter = IncomingLetterInput(**{k: values.pop(k) for k in LETTER_FIELDS})
    row = member_register_incoming(actor=user, data=MemberInput(**values), letter=letter)
    return Status(201, incoming_out(_incoming_rows(user).get(pk=row.pk)))


__all__ = ["router"]
