"""/api/meetings: 组织生活 — list, detail, plan, record, review, sign-in, leave, compliance.

Adapters over the same services and scoped selectors as the pages: parse, check the scope
(a meeting or organisation outside it answers 404, as a missing one), call one service.
"""

# No postponed annotations here: ninja reads the view signatures (Query[...]) at import time.
import re
from datetime import date, datetime
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

from dangjian.accounts.access import access_organization
from dangjian.api.auth import current_user
from dangjian.api.pagination import BoundedPageNumberPagination
from dangjian.api.present import Presented
from dangjian.api.schemas import ERRORS, READ_ERRORS, InputSchema
from dangjian.api.types import Id, Name, PlausibleDate, Text
from dangjian.core import bounds
from dangjian.core.actor import Actor
from dangjian.meetings import selectors, services
from dangjian.meetings.inputs import MeetingInput, MinutesInput
from dangjian.meetings.models import Attendance, Mark, Meeting
from dangjian.rules.meetings.compliance import KindCompliance
from dangjian.rules.sources import rule_citation

router = Router(tags=["组织生活"])

KINDS_MAX = 10  # a meeting marked with more kinds than exist is not a meeting
MARKS_MAX = 5000  # one mark per person who should attend; a branch is far smaller
LONG_TEXT = 20000

_DATETIME_TEXT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?"
)
DATETIME_PATTERN = "^" + _DATETIME_TEXT.pattern + "$"


def _strict_datetime(value: Any) -> Any:
    # Only an ISO text within the plausible years: a year 0001 or 9999 would overflow when
    # moved to local time, and lax parsing would read a bare number as seconds since 1970.
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _DATETIME_TEXT.fullmatch(value):
        raise PydanticCustomError("datetime_type", "应为日期时间，如2026-05-20T14:30:00+08:00")
    if not bounds.YEAR_MIN <= int(value[:4]) <= bounds.YEAR_MAX:
        raise PydanticCustomError("datetime_range", "超出可接受的年份范围")
    return value


def _aware(value: datetime) -> datetime:
    """A time without an offset is local (Asia/Shanghai); the local day must be plausible."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    try:
        bounds.check_date(timezone.localtime(value).date())
    except (ValueError, OverflowError):
        raise PydanticCustomError("datetime_range", "超出可接受的年份范围") from None
    return value


LocalDateTime = Annotated[
    datetime,
    BeforeValidator(_strict_datetime),
    AfterValidator(_aware),
    Field(json_schema_extra={"pattern": DATETIME_PATTERN}),
]
KindCode = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[a-z_]+$")]
MarkCode = Annotated[str, Field(pattern="^(present|late|leave|absent)$")]
Year = Annotated[int, Field(ge=bounds.YEAR_MIN, le=bounds.YEAR_MAX)]


# ---------------------------------------------------------------- schemas


class MeetingFilterQuery(Schema):
    organization_id: Id | None = Field(None, description="召开会议的党组织（含其下级）")
    kind: KindCode | None = Field(None, description="会议类型，如 branch_assembly")
    date_from: PlausibleDate | None = Field(None, alias="from", description="会议日期起（含）")
    date_to: PlausibleDate | None = Field(None, alias="to", description="会议日期止（含）")


class ComplianceQuery(Schema):
    organization_id: Id = Field(..., description="党组织（统计其下各党支部、党小组）")
    year: Year = Field(..., description="年度")


class MeetingSummaryOut(Schema):
    id: int
    organization_id: int
    organization_name: str
    topic: str
    held_on: date
    starts_at: datetime
    ends_at: datetime
    state: str
    state_label: str
    kinds: list[str]
    kind_labels: list[str]


class AttendeeOut(Schema):
    member_id: int
    name: str
    should_attend: bool
    may_vote: bool
    attendance_note: str = Field(..., description="计入应到，或不计入应到的原因")
    vote_note: str = Field(..., description="有表决权，或无表决权的原因")
    floating_note: str | None = Field(None, description="流动党员及外出去向（单列，计入应到）")
    mark: str | None = Field(None, description="出席情况：present/late/leave/absent，未记录为空")
    mark_label: str
    by_qr: bool


class MeetingEventOut(Schema):
    action: str
    reason: str
    at: datetime
    actor: str = Field("", description="操作人（账号姓名或用户名；系统操作为“系统”）")


class MeetingOut(MeetingSummaryOut):
    place: str
    online_link: str
    host_id: int | None
    recorder_id: int | None
    agenda: str
    content: str
    decisions: str
    speakers: str
    return_reason: str
    attendees: list[AttendeeOut]
    events: list[MeetingEventOut]


class MeetingIn(InputSchema):
    organization_id: Id = Field(..., description="召开会议的党支部或党小组")
    topic: Name = Field(..., max_length=120, description="会议主题")
    kinds: list[KindCode] = Field(
        ...,
        min_length=1,
        max_length=KINDS_MAX,
        description="会议类型（可多选，一次会议计入每一类）",
    )
    starts_at: LocalDateTime = Field(..., description="开始时间（无时区时按北京时间）")
    ends_at: LocalDateTime = Field(..., description="结束时间")
    place: Text = Field("", max_length=120, description="地点")
    online_link: Text = Field("", max_length=300, description="线上会议链接")
    host_id: Id | None = Field(None, description="主持人（本组织党员）")
    recorder_id: Id | None = Field(None, description="记录人（本组织党员）")
    agenda: str = Field("", max_length=5000, description="议程")


class MarkIn(InputSchema):
    member_id: Id
    mark: MarkCode = Field(..., description="present 出席、late 迟到、leave 请假、absent 缺席")


class MinutesIn(InputSchema):
    content: str = Field(..., max_length=LONG_TEXT, description="会议内容")
    decisions: str | None = Field(
        None, max_length=10000, description="决议事项（不传则保留原内容）"
    )
    speakers: str | None = Field(None, max_length=10000, description="发言情况（不传则保留原内容）")
    marks: list[MarkIn] = Field(
        default_factory=list, max_length=MARKS_MAX, description="未扫码签到者的出席情况"
    )
    reason: Text = Field("", max_length=300, description="修改原因（会议已记录或已审核时必填）")


class ReviewIn(InputSchema):
    accept: bool = Field(..., description="true 审核通过；false 退回")
    reason: Text = Field("", max_length=300, description="退回原因（退回时必填）")


class SignInIn(InputSchema):
    token: str = Field(..., min_length=1, max_length=200, description="会场二维码中的签到码")


class AttendanceOut(Schema):
    meeting_id: int
    member_id: int
    mark: str
    mark_label: str
    signed_in_at: datetime | None
    by_qr: bool


class LeaveIn(InputSchema):
    reason: Text = Field(..., max_length=300, description="请假事由")


class LeaveOut(Schema):
    id: int
    meeting_id: int
    member_id: int
    reason: str
    state: str


class ComplianceCellOut(Schema):
    period: str = Field(..., description="期间，如“2026年第一季度”")
    state: str = Field(..., description="held 已召开、missing 未召开、open 进行中、not_owed 不适用")
    state_label: str
    held: int


class KindComplianceOut(Schema):
    kind: str
    kind_label: str
    frequency: str
    required: int
    held: int
    missing: list[str]
    citation: str = Field(..., description="依据的法规条款")
    cells: list[ComplianceCellOut]


class OrganizationComplianceOut(Schema):
    organization_id: int
    organization_name: str
    missing: int
    kinds: list[KindComplianceOut]


class ComplianceOut(Schema):
    organization_id: int
    year: int
    organizations: list[OrganizationComplianceOut]


# ---------------------------------------------------------------- presenting


def _actor_name(user: Any) -> str:
    """Who acted: the account's full name, else its user name; "系统" for a job or import."""
    return "系统" if user is None else (user.get_full_name() or user.username)


def _kind_labels(codes: list[str]) -> list[str]:
    known = services.meeting_kinds()
    return [known.get(c, c) for c in codes]


def _summary(meeting: Meeting) -> dict[str, Any]:
    kinds = sorted(m.kind for m in meeting.kinds.all())
    return {
        "id": meeting.pk, "organization_id": meeting.organization_id,
        "organization_name": meeting.organization.name, "topic": meeting.topic,
        "held_on": meeting.held_on, "starts_at": meeting.starts_at, "ends_at": meeting.ends_at,
        "state": meeting.state, "state_label": meeting.get_state_display(),
        "kinds": kinds, "kind_labels": _kind_labels(kinds),
    }  # fmt: skip


def meeting_detail(meeting: Meeting) -> dict[str, Any]:
    """The meeting with who should attend (the register of its day) and their marks."""
    marks = {a.member_id: a for a in Attendance.objects.filter(meeting=meeting)}
    people = []
    for entry in selectors.attendees(meeting).entries:
        row = marks.get(entry.member_id)
        people.append({
            "member_id": entry.member_id, "name": entry.name,
            "should_attend": entry.should_attend, "may_vote": entry.may_vote,
            "attendance_note": entry.attendance_label, "vote_note": entry.vote_label,
            "floating_note": selectors.floating_reason(entry),
            "mark": row.mark if row else None,
            "mark_label": row.get_mark_display() if row else selectors.UNMARKED,
            "by_qr": bool(row and row.by_qr),
        })  # fmt: skip
    events = [
        {"action": e.action, "reason": e.reason, "at": e.at, "actor": _actor_name(e.actor)}
        for e in meeting.events.select_related("actor").order_by("at", "pk")
    ]
    return {
        **_summary(meeting),
        "place": meeting.place, "online_link": meeting.online_link,
        "host_id": meeting.host_id, "recorder_id": meeting.recorder_id,
        "agenda": meeting.agenda, "content": meeting.content, "decisions": meeting.decisions,
        "speakers": meeting.speakers, "return_reason": meeting.return_reason,
        "attendees": people, "events": events,
    }  # fmt: skip


def _kind_compliance(k: KindCompliance) -> dict[str, Any]:
    requirement = k.requirement
    return {
        "kind": requirement.kind.value, "kind_label": requirement.kind.label,
        "frequency": requirement.frequency.label, "required": k.required, "held": k.held,
        "missing": [p.label for p in k.missing], "citation": rule_citation(requirement.rule_id),
        "cells": [
            {"period": c.period.label, "state": c.state.value, "state_label": c.state.label,
             "held": c.held}
            for c in k.cells
        ],
    }  # fmt: skip


def _detail_of(user: Actor, meeting_id: int) -> dict[str, Any]:
    return meeting_detail(selectors.access_meeting(user, meeting_id))


def meeting_list(
    user: Actor, *, organization_id: int | None, kind: str | None,
    date_from: date | None, date_to: date | None,
) -> QuerySet[Meeting]:  # fmt: skip
    """Visible meetings, newest first, narrowed by the list's filters (an organisation includes
    its subtree; out of scope is a 404 from ``access_organization``)."""
    qs = selectors.visible_meetings(user)
    if organization_id is not None:
        org = access_organization(user, organization_id)
        qs = qs.filter(organization__path__startswith=org.path)
    if kind:
        qs = qs.filter(kinds__kind=kind)
    if date_from is not None:
        qs = qs.filter(held_on__gte=date_from)
    if date_to is not None:
        qs = qs.filter(held_on__lte=date_to)
    return (
        qs.select_related("organization").prefetch_related("kinds").order_by("-held_on", "-id")
    ).distinct()


# ---------------------------------------------------------------- operations


@router.get(
    "", response={200: list[MeetingSummaryOut], **READ_ERRORS}, summary="会议列表（可筛选，分页）"
)
@paginate(BoundedPageNumberPagination)
def list_meetings(request: HttpRequest, filters: Query[MeetingFilterQuery]) -> Any:
    """Meetings the caller may see: of the organisations they look after, and their own
    branch's and 党小组's."""
    qs = meeting_list(
        current_user(request), organization_id=filters.organization_id, kind=filters.kind,
        date_from=filters.date_from, date_to=filters.date_to,
    )  # fmt: skip
    return Presented(qs, _summary)


@router.get(
    "/compliance", response={200: ComplianceOut, **READ_ERRORS}, summary="组织生活落实情况（年度）"
)
def meeting_compliance(request: HttpRequest, query: Query[ComplianceQuery]) -> Any:
    """For every 党支部 and 党小组 under the organisation: each kind owed, per period, held or
    missing (a period not yet ended is open), with the regulation that requires it."""
    user = current_user(request)
    org = access_organization(user, query.organization_id)
    first, last = date(query.year, 1, 1), date(query.year, 12, 31)
    rows = selectors.compliance(user, org, first, last, timezone.localdate())
    return {
        "organization_id": org.pk,
        "year": query.year,
        "organizations": [
            {"organization_id": r.organization.pk, "organization_name": r.organization.name,
             "missing": r.missing, "kinds": [_kind_compliance(k) for k in r.kinds]}
            for r in rows
        ],
    }  # fmt: skip


@router.get("/{meeting_id}", response={200: MeetingOut, **READ_ERRORS}, summary="会议详情")
def get_meeting(request: HttpRequest, meeting_id: Id) -> Any:
    """Kinds, minutes, events, and who should attend with their marks: for whoever may record
    the meeting, as on the meeting's page (403 for a member of the branch)."""
    user = current_user(request)
    return meeting_detail(selectors.access_meeting_record(user, meeting_id))


@router.post("", response={201: MeetingOut, **ERRORS}, summary="安排会议")
def plan_meeting(request: HttpRequest, payload: MeetingIn) -> Any:
    user = current_user(request)
    data = MeetingInput(**{**payload.model_dump(), "kinds": tuple(payload.kinds)})
    meeting = services.meeting_plan(actor=user, data=data)
    return Status(201, _detail_of(user, meeting.pk))


@router.post("/{meeting_id}/record", response={200: MeetingOut, **ERRORS}, summary="记录会议")
def record_meeting(request: HttpRequest, meeting_id: Id, payload: MinutesIn) -> Any:
    """The minutes and the marks of those who did not sign in; a reviewed record changes only
    with a reason."""
    user = current_user(request)
    minutes = MinutesInput(
        content=payload.content, decisions=payload.decisions, speakers=payload.speakers,
        marks=tuple((m.member_id, m.mark) for m in payload.marks),
    )  # fmt: skip
    services.meeting_record(actor=user, meeting_id=meeting_id, minutes=minutes,
                            reason=payload.reason)  # fmt: skip
    return _detail_of(user, meeting_id)


@router.post("/{meeting_id}/review", response={200: MeetingOut, **ERRORS}, summary="审核会议记录")
def review_meeting(request: HttpRequest, meeting_id: Id, payload: ReviewIn) -> Any:
    """The higher organisation accepts the record or returns it with a reason."""
    user = current_user(request)
    services.meeting_review(
        actor=user, meeting_id=meeting_id, accept=payload.accept, reason=payload.reason
    )
    return _detail_of(user, meeting_id)


@router.post("/{meeting_id}/sign-in", response={200: AttendanceOut, **ERRORS}, summary="扫码签到")
def sign_in(request: HttpRequest, meeting_id: Id, payload: SignInIn) -> Any:
    """The caller's own sign-in with the code shown at the meeting; twice changes nothing."""
    row = services.meeting_sign_in(
        actor=current_user(request), meeting_id=meeting_id, token=payload.token
    )
    return {
        "meeting_id": row.meeting_id, "member_id": row.member_id, "mark": row.mark,
        "mark_label": Mark(row.mark).label, "signed_in_at": row.signed_in_at, "by_qr": row.by_qr,
    }  # fmt: skip


@router.post("/{meeting_id}/leave", response={201: LeaveOut, **ERRORS}, summary="请假")
def ask_leave(request: HttpRequest, meeting_id: Id, payload: LeaveIn) -> Any:
    """The caller asks for leave before the meeting; the secretary decides."""
    row = services.leave_request(
        actor=current_user(request), meeting_id=meeting_id, reason=payload.reason
    )
    return Status(201, {"id": row.pk, "meeting_id": row.meeting_id, "member_id": row.member_id,
                        "reason": row.reason, "state": row.state})  # fmt: skip
