"""The branch secretary's pages of 组织生活: the month's meetings and what is due, the plan
and record forms, one meeting's page (attendees, leave, events, files), excusals.
Adapters only: parse, call a selector or service, render."""

from __future__ import annotations

from datetime import date, timedelta
from typing import IO, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.accounts.access import (
    may_manage_some_organization,
    may_record_meeting,
    may_review_meeting,
    require,
)
from dangjian.core import bounds
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.documents.selectors import owner_attachments
from dangjian.documents.services import attachment_add
from dangjian.meetings import services
from dangjian.meetings.display import due_now
from dangjian.meetings.forms import ExcusalForm, MinutesForm, PlanForm, ReasonForm
from dangjian.meetings.models import (
    Attendance,
    Excusal,
    LeaveRequest,
    LeaveState,
    Mark,
    Meeting,
    MeetingState,
)
from dangjian.meetings.selectors import (
    UNMARKED,
    access_meeting,
    attendees,
    compliance,
    floating_reason,
    visible_meetings,
)
from dangjian.meetings.talks import offered_people
from dangjian.meetings.years import YearError, answers_bad_year
from dangjian.members.models import Member
from dangjian.orgs.models import Organization, in_subtree
from dangjian.orgs.selectors import org_choices
from dangjian.rules.organization import OrgKind

HOLDER_KINDS = (OrgKind.BRANCH, OrgKind.JOINT_BRANCH, OrgKind.TEMP_BRANCH, OrgKind.GROUP)
MEMBER_SCOPE = "该页面仅供党务工作者使用"
EVENT_LABELS = {
    "plan": "计划", "notify": "发出通知", "record": "记录会议", "accept": "审核通过",
    "return": "退回", "cancel": "取消", "leave_approve": "批准请假", "leave_refuse": "不批准请假",
    "vote": "记录表决",
}  # fmt: skip


def holders(user: Any) -> list[Organization]:
    """The 党支部 and 党小组 ``user`` may hold meetings for, in tree order."""
    return [o for o in org_choices(user) if o.kind in HOLDER_KINDS and may_record_meeting(user, o)]


def _chosen(request: HttpRequest, options: list[Organization]) -> Organization:
    """The organisation named by ``?org=`` among ``options`` (the first when absent);
    404 for one outside them or a malformed id."""
    raw = request.GET.get("org", "")
    if not raw:
        if not options:
            raise Http404("没有可管理的党支部")
        return options[0]
    found = next((o for o in options if str(o.pk) == raw.strip()), None)
    if found is None:
        raise Http404("未找到该组织")
    return found


def _month(raw: str, today: date) -> date:
    """``YYYY-MM`` as the month's first day; today's month when empty. Raises ``YearError``
    (answered 400 in Chinese, like a bad ``?year=``) for a malformed or out-of-range month."""
    if not raw.strip():
        return today.replace(day=1)
    try:
        year, month = bounds.parse_month(raw)
    except ValueError as error:
        raise YearError(f"月份（month）{error}") from None
    return date(year, month, 1)


def _shift(month: date, by: int) -> date:
    index = month.year * 12 + month.month - 1 + by
    return date(index // 12, index % 12 + 1, 1)


@login_required
@answers_bad_year
def meeting_list(request: HttpRequest) -> HttpResponse:
    """The branch's meetings of a month (planned and held), and the kinds due this period."""
    require(may_manage_some_organization(request.user), MEMBER_SCOPE)
    options = holders(request.user)
    org = _chosen(request, options)
    today = timezone.localdate()
    month = _month(request.GET.get("month", ""), today)
    next_month = _shift(month, 1)
    branch_ids = [org.pk] + [o.pk for o in options if o.path.startswith(org.path) and o != org]
    meetings = (
        visible_meetings(request.user)
        .filter(organization_id__in=branch_ids, held_on__gte=month, held_on__lt=next_month)
        .select_related("organization")
        .prefetch_related("kinds")
        .order_by("held_on", "starts_at")
    )
    year_rows = compliance(
        request.user, org, date(today.year, 1, 1), date(today.year, 12, 31), today
    )
    kinds = services.meeting_kinds()
    context = {
        "org": org, "options": options, "month": month, "meetings": meetings,
        "previous": _shift(month, -1), "next": next_month, "due": due_now(year_rows, today),
        "kinds": kinds, "nav": "meetings",
    }  # fmt: skip
    return render(request, "meetings/list.html", context)


def _people(org: Organization) -> list[tuple[int, str]]:
    """The members of a branch (of the group's branch for a 党小组), for host and recorder."""
    branch = org
    if org.kind == OrgKind.GROUP:
        branch = Organization.objects.get_parent(org) or org
    groups = Organization.objects.filter(in_subtree(branch.path), depth=branch.depth + 1)
    ids = [branch.pk, *groups.values_list("pk", flat=True)]
    return list(
        Member.objects.filter(organization_id__in=ids).order_by("name_pinyin", "pk")
        .values_list("pk", "name")
    )  # fmt: skip


@login_required
def plan(request: HttpRequest) -> HttpResponse:
    require(may_manage_some_organization(request.user), MEMBER_SCOPE)
    options = holders(request.user)
    org = _chosen(request, options)
    initial = {"organization": org.pk, "held_on": timezone.localdate() + timedelta(days=7)}
    form = PlanForm(request.POST or None, initial=initial, holders=options, people=_people(org),
                    kinds=services.meeting_kinds())  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_plan(actor=request.user, data=form.to_input())
        except InvalidInput as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已安排会议：{meeting.topic}")
            return redirect("meetings:detail", meeting.pk)
    context = {"form": form, "org": org, "title": "安排会议", "nav": "meetings"}
    return render(request, "meetings/form.html", context, status=400 if form.errors else 200)


def _managed(request: HttpRequest, meeting_id: int) -> Meeting:
    meeting = access_meeting(request.user, meeting_id)
    require(may_record_meeting(request.user, meeting.organization), services.NOT_YOURS)
    return meeting


@login_required
def detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id)
    manages = may_record_meeting(request.user, meeting.organization)
    if not manages:
        # A member sees their own branch's meetings on the phone page.
        return redirect("meetings:mine")
    register = attendees(meeting)
    marks = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "mark"))
    floating = [e for e in register.should_attend if floating_reason(e)]
    settled = [e for e in register.should_attend if not floating_reason(e)]
    context = {
        "meeting": meeting,
        "kinds": _kind_labels(meeting),
        "voting": [(e, marks.get(e.member_id)) for e in settled if e.may_vote],
        "non_voting": [(e, marks.get(e.member_id)) for e in settled if not e.may_vote],
        "floating": [(e, marks.get(e.member_id), floating_reason(e)) for e in floating],
        "left_out": register.left_out,
        "signed": sum(1 for m in marks.values() if m in (Mark.PRESENT, Mark.LATE)),
        "owed": len(register.should_attend),
        "mark_labels": dict(Mark.choices),
        "unmarked": UNMARKED if meeting.counts else "未签到",
        "leave_requests": LeaveRequest.objects.filter(meeting=meeting)
        .select_related("member")
        .order_by("created_at"),
        "events": [
            (e, EVENT_LABELS.get(e.action, e.action), _actor_name(e.actor))
            for e in meeting.events.select_related("actor").order_by("at", "pk")
        ],
        "attachments": owner_attachments(request.user, "meeting", meeting.pk),
        "may_review": may_review_meeting(request.user, meeting.organization),
        "open": meeting.state in (MeetingState.PLANNED, MeetingState.NOTIFIED),
        "reason_form": ReasonForm(),
        "nav": "meetings",
    }
    return render(request, "meetings/detail.html", context)


def _actor_name(user: Any) -> str:
    """Who acted: the account's full name or login name; "系统" for the system."""
    return "系统" if user is None else (user.get_full_name() or user.username)


def _kind_labels(meeting: Meeting) -> list[str]:
    names = services.meeting_kinds()
    return [names.get(k.kind, k.kind) for k in meeting.kinds.all()]


def _refused(request: HttpRequest, exc: InvalidInput | Conflict) -> None:
    if isinstance(exc, InvalidInput):
        for texts in exc.errors.values():
            for text in texts:
                messages.error(request, text)
    else:
        messages.error(request, str(exc))


@login_required
@require_POST
def notify(request: HttpRequest, meeting_id: int) -> HttpResponse:
    _managed(request, meeting_id)
    try:
        services.meeting_notify(actor=request.user, meeting_id=meeting_id)
    except (InvalidInput, Conflict) as exc:
        _refused(request, exc)
    else:
        messages.success(request, "已通知应到人员")
    return redirect("meetings:detail", meeting_id)


@login_required
@require_POST
def cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    _managed(request, meeting_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "取消原因最多300个字")
        return redirect("meetings:detail", meeting_id)
    reason = form.cleaned_data["reason"]
    try:
        services.meeting_cancel(actor=request.user, meeting_id=meeting_id, reason=reason)
    except (InvalidInput, Conflict) as exc:
        _refused(request, exc)
    else:
        messages.success(request, "会议已取消")
    return redirect("meetings:detail", meeting_id)


def _prefilled(meeting: Meeting, people: list[Any]) -> dict[str, str]:
    """Marks as they stand: sign-ins and approved leave first, then what was marked before."""
    marks = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "mark"))
    approved = set(
        LeaveRequest.objects.filter(meeting=meeting, state=LeaveState.APPROVED).values_list(
            "member_id", flat=True
        )
    )
    initial: dict[str, str] = {}
    for e in people:
        mark = marks.get(e.member_id) or (Mark.LEAVE if e.member_id in approved else "")
        initial[f"mark_{e.member_id}"] = mark
    return initial


@login_required
def record(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The minutes and a mark for each person who should attend (prefilled)."""
    meeting = _managed(request, meeting_id)
    people = list(attendees(meeting).should_attend)
    initial: dict[str, Any] = {
        "content": meeting.content, "decisions": meeting.decisions, "speakers": meeting.speakers,
        **_prefilled(meeting, people),
    }  # fmt: skip
    form = MinutesForm(request.POST or None, initial=initial, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_record(actor=request.user, meeting_id=meeting.pk,
                                    minutes=form.to_input(), reason=form.cleaned_data["reason"])  # fmt: skip
        except InvalidInput as exc:
            form.add_service_errors(exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "会议记录已保存")
            return redirect("meetings:detail", meeting.pk)
    by_qr = set(
        Attendance.objects.filter(meeting=meeting, by_qr=True).values_list("member_id", flat=True)
    )
    context = {
        "form": form, "meeting": meeting, "by_qr": by_qr, "nav": "meetings",
        "reviewed": meeting.state == MeetingState.REVIEWED,
        "recorded": meeting.state == MeetingState.RECORDED,
    }  # fmt: skip
    return render(request, "meetings/record.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def leave_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    leave = LeaveRequest.objects.filter(pk=request_id).first()
    if leave is None:
        raise Http404("未找到该请假申请")
    _managed(request, leave.meeting_id)
    approve = request.POST.get("decision") == "approve"
    try:
        services.leave_decide(actor=request.user, request_id=leave.pk, approve=approve)
    except (InvalidInput, Conflict) as exc:
        _refused(request, exc)
    else:
        messages.success(request, "已批准请假" if approve else "已不批准该请假")
    return redirect("meetings:detail", leave.meeting_id)


@login_required
@require_POST
def attach(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A photo or file of the minutes (type and size checked by the documents service)."""
    _managed(request, meeting_id)
    upload = request.FILES.get("file")
    if upload is None or upload.file is None:
        messages.error(request, "请选择要上传的文件")
        return redirect("meetings:detail", meeting_id)
    try:
        attachment_add(actor=request.user, owner_kind="meeting", owner_id=meeting_id,
                       upload=cast(IO[bytes], upload.file), name=upload.name or "")  # fmt: skip
    except InvalidInput as exc:
        _refused(request, exc)
    else:
        messages.success(request, f"已上传：{upload.name}")
    return redirect("meetings:detail", meeting_id)


@login_required
def excusals(request: HttpRequest) -> HttpResponse:
    """MEET-10 for a branch: who is excused from attending, since when, and why."""
    require(may_manage_some_organization(request.user), MEMBER_SCOPE)
    options = [o for o in holders(request.user) if o.kind != OrgKind.GROUP]
    org = _chosen(request, options)
    people = offered_people(org, timezone.localdate())  # today's register, not the whole roll
    form = ExcusalForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.excusal_record(actor=request.user, member_id=d["member"], reason=d["reason"],
                                    starts_on=d["starts_on"], ends_on=d["ends_on"])  # fmt: skip
        except InvalidInput as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已登记")
            return redirect(f"{request.path}?org={org.pk}")
    rows = (
        Excusal.objects.filter(member_id__in=[pk for pk, _ in _people(org)])
        .select_related("member")
        .order_by("-starts_on", "-pk")
    )
    context = {"form": form, "org": org, "options": options, "rows": rows, "nav": "meetings",
               "today": timezone.localdate()}  # fmt: skip
    return render(request, "meetings/excusals.html", context, status=400 if form.errors else 200)
