"""/api/elections: 班子与换届 — terms, committees, and each step of an election.

Adapters over the same services and scoped selectors as the pages: an organisation, term or
election outside the caller's scope answers 404, as a missing one; a step out of order 409; a
refusal 422 naming the field in Chinese, citing the regulation where one applies.
"""

# No postponed annotations here: ninja reads the view signatures (Query[...]) at import time.
from datetime import date
from typing import Any, Literal

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangjian.accounts.access import access_organization, may_manage_some_organization, require
from dangjian.api.auth import current_user
from dangjian.api.pagination import BoundedPageNumberPagination
from dangjian.api.present import Presented
from dangjian.api.schemas import ERRORS, READ_ERRORS, InputSchema
from dangjian.api.types import Count, Id, Name, OptionalName, PlausibleDate, RequiredText
from dangjian.core.actor import Actor
from dangjian.elections import selectors, services
from dangjian.elections.checks import org_committee
from dangjian.elections.models import CommitteeTerm, Election
from dangjian.elections.rounds import election_rounds
from dangjian.members.choices import PositionTitle
from dangjian.rules.elections import ladder_rung

router = Router(tags=["班子与换届"])

SEATS_MAX = 99  # a 党委 has at most a few dozen members; more is a typing error
LIST_MAX = 5000  # one row per member of the organisation; a branch is far smaller


# ---------------------------------------------------------------- schemas


class TermOut(Schema):
    id: int
    organization_id: int
    organization_name: str
    number: int
    elected_on: date
    ends_on: date = Field(..., description="任期届满日期（延期或提前换届后为批准的日期）")
    original_ends_on: date | None
    closed_on: date | None
    approval_document: str
    seats: int | None = Field(None, description="委员职数（当选时的应选人数），补选以此确定缺额")
    overdue: bool
    reminder: str = Field(..., description="任期届满提醒所处的档次，如“任期届满前3个月”")
    adjusted_approved_on: date | None
    adjusted_approver: str
    adjusted_document: str
    adjusted_reason: str


class CommitteePostOut(Schema):
    member_id: int
    name: str
    title: str
    title_label: str
    started_on: date
    ended_on: date | None


class ElectionCheckOut(Schema):
    kind: str
    label: str
    text: str


class CommitteeOut(Schema):
    organization_id: int
    organization_name: str
    date: date
    term: TermOut | None
    posts: list[CommitteePostOut]
    checks: list[ElectionCheckOut]
    past_terms: list[TermOut]


class ElectionOut(Schema):
    id: int
    organization_id: int
    organization_name: str
    step: str
    step_label: str
    kind: str = Field(..., description="general 换届选举；by_election 本届任期内补选")
    kind_label: str
    term_id: int | None = Field(..., description="补选所在届次；换届选举为 null")
    seats: int
    candidates: list[dict[str, Any]]
    requested_on: date
    approved_on: date | None
    approval_document: str
    approver: str
    held_on: date | None
    should_attend: int | None
    present: int | None
    left_out: list[dict[str, Any]]
    tally: list[dict[str, Any]]
    invalid_ballots: int
    elected: list[str]
    runoff_pending: dict[str, Any]
    runoffs: list[dict[str, Any]]
    rounds: list[dict[str, Any]] = Field(
        ...,
        description="每轮投票（第一轮及各次另行选举）的选票（发出、收回、无效、有效）、计票（另选他人 write_in 为 true，只计赞成票）和该轮结果：当选、得票相等，进入另行选举、未过半数、未当选",
    )
    posts: list[dict[str, Any]]
    reported_on: date | None
    secretaries_approved_on: date | None
    secretaries_approver: str
    secretaries_document: str
    confirmed_on: date | None
    confirmed_document: str = Field(..., description="上级党组织批准选举结果的批复文号")
    confirmed_approver: str
    checks: list[str] = Field(..., description="各步骤的检查结论（中文，引用条款）")


class TermsQuery(Schema):
    sort: Literal["due", "org", "elected", "number"] = "due"
    due_only: bool = False


class CommitteeQuery(Schema):
    date: PlausibleDate | None = None


class TermIn(InputSchema):
    number: int = Field(..., ge=1, le=999)
    elected_on: PlausibleDate
    approval_document: str = Field("", max_length=80)
    seats: int | None = Field(None, ge=1, le=99, description="委员职数")


class AdjustIn(InputSchema):
    new_due_on: PlausibleDate
    approved_on: PlausibleDate
    approver: Name = Field(..., max_length=80)
    document: Name = Field(..., max_length=80)
    reason: RequiredText = Field(..., max_length=200)


class RequestIn(InputSchema):
    organization_id: Id
    seats: int = Field(..., ge=1, le=SEATS_MAX)
    candidate_ids: list[Id] = Field(..., max_length=LIST_MAX)
    requested_on: PlausibleDate


class ApproveIn(InputSchema):
    approved_on: PlausibleDate
    document: Name = Field(..., max_length=80)
    approver: OptionalName = Field(
        "", max_length=80, description="批复机关，如 中共某某党委；不填为记录批复的上级党组织"
    )


class BallotIn(InputSchema):
    member_id: Id
    yes: Count
    no: Count = 0
    abstain: Count = 0


class LeftOutIn(InputSchema):
    member_id: Id
    reason: RequiredText = Field(..., max_length=100)


class WriteInIn(InputSchema):
    member_id: Id = Field(
        ..., description="另选他人：候选人以外、选举当日有被选举权的本组织正式党员"
    )
    yes: Count = Field(..., description="赞成票（另选他人只计赞成票）")


class HoldIn(InputSchema):
    held_on: PlausibleDate
    present_ids: list[Id] = Field(..., max_length=LIST_MAX)
    ballots: list[BallotIn] = Field(..., max_length=LIST_MAX)
    left_out: list[LeftOutIn] = Field(default_factory=list, max_length=LIST_MAX)
    write_ins: list[WriteInIn] = Field(default_factory=list, max_length=LIST_MAX)
    ballots_issued: Count | None = Field(None, description="发出选票；不填为实到人数")
    ballots_returned: Count | None = Field(None, description="收回选票；不填为发出张数")
    invalid_ballots: Count = 0


class RunoffIn(InputSchema):
    ballots: list[BallotIn] = Field(..., max_length=LIST_MAX)
    ballots_issued: Count | None = Field(None, description="本次发出选票；不填为实到人数")
    ballots_returned: Count | None = Field(None, description="本次收回选票；不填为发出张数")
    invalid_ballots: Count = 0


class PostIn(InputSchema):
    member_id: Id
    title: Literal[
        "secretary", "deputy_secretary", "organization", "propaganda", "discipline", "youth",
        "women", "committee",
    ]  # fmt: skip


class PostsIn(InputSchema):
    posts: list[PostIn] = Field(..., max_length=LIST_MAX)


class ReportIn(InputSchema):
    reported_on: PlausibleDate


class SecretariesIn(InputSchema):
    approved_on: PlausibleDate
    approver: Name = Field(..., max_length=80, description="批准机关，如 中共某某党委")
    document: Name = Field(..., max_length=80, description="批复文号")


class ConfirmIn(InputSchema):
    confirmed_on: PlausibleDate
    document: Name = Field(
        ..., max_length=80, description="上级党组织批准选举结果的批复文号，即新一届班子的批复文号"
    )
    approver: OptionalName = Field(
        "", max_length=80, description="批准机关，如 中共某某党委；不填为记录批准的上级党组织"
    )


# ---------------------------------------------------------------- presenters


def _term(t: CommitteeTerm, today: date) -> dict[str, Any]:
    rung = ladder_rung(t.ends_on, today, tuple(settings.TERM_REMINDER_MONTHS))
    return {
        "id": t.pk, "organization_id": t.organization_id, "organization_name": t.organization.name,
        "number": t.number, "elected_on": t.elected_on, "ends_on": t.ends_on,
        "original_ends_on": t.original_ends_on, "closed_on": t.closed_on,
        "approval_document": t.approval_document, "seats": t.seats,
        "overdue": t.closed_on is None and t.ends_on < today,
        "reminder": rung.text if rung and t.closed_on is None else "",
        "adjusted_approved_on": t.adjusted_approved_on, "adjusted_approver": t.adjusted_approver,
        "adjusted_document": t.adjusted_document, "adjusted_reason": t.adjusted_reason,
    }  # fmt: skip


def _election(e: Election) -> dict[str, Any]:
    fields = ("seats", "candidates", "requested_on", "approved_on", "approval_document", "approver",
              "held_on", "should_attend", "present", "left_out", "tally", "invalid_ballots",
              "elected", "runoff_pending", "runoffs", "posts", "reported_on", "confirmed_on",
              "confirmed_document", "confirmed_approver", "secretaries_approved_on",
              "secretaries_approver", "secretaries_document")  # fmt: skip
    return {
        "id": e.pk, "organization_id": e.organization_id,
        "organization_name": e.organization.name, "step": e.step,
        "step_label": e.get_step_display(), **{f: getattr(e, f) for f in fields},
        "kind": e.kind, "kind_label": e.get_kind_display(), "term_id": e.term_id,
        "checks": [str(v.get("text", "")) for v in e.verdicts],
        "rounds": [r.as_dict() for r in election_rounds(e)],
    }  # fmt: skip


def _visible_election(user: Actor, election_id: int) -> Election:
    election = selectors.election_for(user, election_id)
    if election is None:
        raise Http404
    return election


def _today() -> date:
    return timezone.localdate()


# ---------------------------------------------------------------- reads


@router.get(
    "/terms", response={200: list[TermOut], **READ_ERRORS},
    summary="本届班子任期表（可排序，默认按届满日期、逾期在前）",
)  # fmt: skip
@paginate(BoundedPageNumberPagination)
def list_terms(request: HttpRequest, query: Query[TermsQuery]) -> Any:
    """Every current term in the caller's scope; ``due_only``: those due within the setting's
    months or overdue (the list the home card counts)."""
    user, today = current_user(request), _today()
    require(may_manage_some_organization(user), "仅供党务工作者使用")
    rows = (
        selectors.terms_due(user, today, int(settings.TERM_DUE_MONTHS))
        if query.due_only
        else selectors.current_terms(user, order=query.sort)
    )
    return Presented(rows, lambda t: _term(t, today))


@router.get(
    "/organizations/{org_id}/committee", response={200: CommitteeOut, **READ_ERRORS},
    summary="党组织的班子：本届任期、某日在任职务、检查结果、历届班子",
)  # fmt: skip
def get_committee(request: HttpRequest, org_id: Id, query: Query[CommitteeQuery]) -> Any:
    user, today = current_user(request), _today()
    org = access_organization(user, org_id)
    day = query.date or today
    committee = org_committee(org, today)
    posts = selectors.committee_as_of(user, org.pk, day)
    terms = list(selectors.terms_of(user, org.pk).select_related("organization"))
    in_force = next((t for t in terms if t == selectors.term_in_force(org.pk, day)), None)
    return {
        "organization_id": org.pk, "organization_name": org.name, "date": day,
        "term": _term(in_force, today) if in_force else None,
        "posts": [{"member_id": p.member_id, "name": p.member.name, "title": p.title,
                   "title_label": PositionTitle(p.title).label, "started_on": p.started_on,
                   "ended_on": p.ended_on} for p in posts],
        "checks": [{"kind": c.kind, "label": c.label, "text": c.text} for c in committee.checks],
        "past_terms": [_term(t, today) for t in terms if t.closed_on is not None],
    }  # fmt: skip


@router.get("", response={200: list[ElectionOut], **READ_ERRORS}, summary="换届选举列表（分页）")
@paginate(BoundedPageNumberPagination)
def list_elections(request: HttpRequest, open_only: bool = False) -> Any:
    return Presented(
        selectors.elections_in_scope(current_user(request), open_only=open_only), _election
    )


# Before ``/{election_id}``: that pattern would take "by-elections" as an id.
@router.post(
    "/by-elections", response={201: ElectionOut, **ERRORS},
    summary="补选请示：本届任期内补选缺额委员（补选人数不得多于缺额），批准后当选委员加入本届委员会，不换届",
)  # fmt: skip
def request_by_election(request: HttpRequest, payload: RequestIn) -> Any:
    user = current_user(request)
    access_organization(user, payload.organization_id)
    election = services.by_election_request(
        actor=user, organization_id=payload.organization_id, seats=payload.seats,
        candidate_ids=payload.candidate_ids, requested_on=payload.requested_on,
    )  # fmt: skip
    return Status(201, _election(election))


@router.get("/{election_id}", response={200: ElectionOut, **READ_ERRORS}, summary="换届选举详情")
def get_election(request: HttpRequest, election_id: Id) -> Any:
    return _election(_visible_election(current_user(request), election_id))


# ---------------------------------------------------------------- writes


@router.post(
    "/organizations/{org_id}/terms", response={201: TermOut, **ERRORS},
    summary="录入本届班子（如平台启用时已在任的一届）",
)  # fmt: skip
def record_term(request: HttpRequest, org_id: Id, payload: TermIn) -> Any:
    user = current_user(request)
    access_organization(user, org_id)
    term = services.term_record(actor=user, organization_id=org_id, number=payload.number,
                                elected_on=payload.elected_on,
                                approval_document=payload.approval_document,
                                seats=payload.seats)  # fmt: skip
    return Status(201, _term(term, _today()))


@router.post(
    "/terms/{term_id}/adjust", response={200: TermOut, **ERRORS},
    summary="记录上级批准的延期或提前换届（不超过一年），换届日期随之调整",
)  # fmt: skip
def adjust_term(request: HttpRequest, term_id: Id, payload: AdjustIn) -> Any:
    user = current_user(request)
    if not selectors.current_terms(user).filter(pk=term_id).exists():
        raise Http404
    adjustment = services.Adjustment(**payload.dict())
    term = services.term_adjust(actor=user, term_id=term_id, adjustment=adjustment)
    return _term(term, _today())


@router.post("", response={201: ElectionOut, **ERRORS}, summary="换届选举请示（应选人数、候选人）")
def request_election(request: HttpRequest, payload: RequestIn) -> Any:
    user = current_user(request)
    access_organization(user, payload.organization_id)
    election = services.election_request(
        actor=user, organization_id=payload.organization_id, seats=payload.seats,
        candidate_ids=payload.candidate_ids, requested_on=payload.requested_on,
    )  # fmt: skip
    return Status(201, _election(election))


@router.post(
    "/{election_id}/approve", response={200: ElectionOut, **ERRORS}, summary="上级批复请示"
)
def approve_election(request: HttpRequest, election_id: Id, payload: ApproveIn) -> Any:
    user = current_user(request)
    _visible_election(user, election_id)
    return _election(services.election_approve(actor=user, election_id=election_id,
                                               approved_on=payload.approved_on,
                                               document=payload.document,
                                               approver=payload.approver))  # fmt: skip


def _ballots(rows: list[BallotIn]) -> list[services.Ballot]:
    return [services.Ballot(b.member_id, b.yes, b.no, b.abstain) for b in rows]


@router.post(
    "/{election_id}/hold", response={200: ElectionOut, **ERRORS},
    summary="选举大会：到会、经批准不列入的党员、计票（得票相等时转入另行选举）",
)  # fmt: skip
def hold_election(request: HttpRequest, election_id: Id, payload: HoldIn) -> Any:
    user = current_user(request)
    _visible_election(user, election_id)
    election = services.election_hold(
        actor=user, election_id=election_id, held_on=payload.held_on,
        present_ids=payload.present_ids, ballots=_ballots(payload.ballots),
        left_out=[(x.member_id, x.reason) for x in payload.left_out],
        invalid_ballots=payload.invalid_ballots,
        write_ins=[services.WriteIn(w.member_id, w.yes) for w in payload.write_ins],
        ballots_issued=payload.ballots_issued, ballots_returned=payload.ballots_returned,
    )  # fmt: skip
    return _election(election)


@router.post(
    "/{election_id}/runoff", response={200: ElectionOut, **ERRORS},
    summary="另行选举：只在得票相等的候选人之间，就剩余名额投票",
)  # fmt: skip
def runoff_election(request: HttpRequest, election_id: Id, payload: RunoffIn) -> Any:
    user = current_user(request)
    _visible_election(user, election_id)
    return _election(services.election_runoff(
        actor=user, election_id=election_id, ballots=_ballots(payload.ballots),
        ballots_issued=payload.ballots_issued, ballots_returned=payload.ballots_returned,
        invalid_ballots=payload.invalid_ballots,
    ))  # fmt: skip


@router.post(
    "/{election_id}/posts", response={200: ElectionOut, **ERRORS},
    summary="委员会选举书记、副书记及委员分工",
)  # fmt: skip
def assign_posts(request: HttpRequest, election_id: Id, payload: PostsIn) -> Any:
    user = current_user(request)
    _visible_election(user, election_id)
    posts = [(p.member_id, p.title) for p in payload.posts]
    return _election(services.election_assign_posts(actor=user, election_id=election_id,
                                                     posts=posts))  # fmt: skip


@router.post("/{election_id}/report", response={200: ElectionOut, **ERRORS}, summary="报告选举结果")
def report_election(request: HttpRequest, election_id: Id, payload: ReportIn) -> Any:
    user = current_user(request)
    _visible_election(user, election_id)
    return _election(services.election_report(actor=user, election_id=election_id,
                                              reported_on=payload.reported_on))  # fmt: skip


class ShortfallIn(InputSchema):
    reason: RequiredText = Field(..., max_length=200, description="不再另行选举的原因")


@router.post(
    "/{election_id}/close-shortfall", response={200: ElectionOut, **ERRORS},
    summary="当选人数少于应选人数时，不再另行选举，记录缺额及原因",
)  # fmt: skip
def close_shortfall(request: HttpRequest, election_id: Id, payload: ShortfallIn) -> Any:
    user = current_user(request)
    _visible_election(user, election_id)
    return _election(services.election_close_shortfall(actor=user, election_id=election_id,
                                                       reason=payload.reason))  # fmt: skip


@router.post(
    "/{election_id}/approve-secretaries", response={200: ElectionOut, **ERRORS},
    summary="上级批准新一届委员会的书记、副书记（在批准选举结果之前）",
)  # fmt: skip
def approve_secretaries(request: HttpRequest, election_id: Id, payload: SecretariesIn) -> Any:
    user = current_user(request)
    _visible_election(user, election_id)
    approval = services.SecretaryApproval(payload.approved_on, payload.approver, payload.document)
    return _election(services.election_approve_secretaries(actor=user, election_id=election_id,
                                                           approval=approval))  # fmt: skip


@router.post(
    "/{election_id}/confirm", response={200: TermOut, **ERRORS},
    summary="上级批准选举结果：新一届班子当日任职，上届同日免职",
)  # fmt: skip
def confirm_election(request: HttpRequest, election_id: Id, payload: ConfirmIn) -> Any:
    user = current_user(request)
    _visible_election(user, election_id)
    term = services.election_confirm(actor=user, election_id=election_id,
                                     confirmed_on=payload.confirmed_on, document=payload.document,
                                     approver=payload.approver)  # fmt: skip
    return _term(term, _today())
