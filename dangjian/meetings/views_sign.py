"""组织生活 at the meeting and on the phone: the QR page for the projector, sign-in by scanning,
the member's own meetings and leave requests."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from dangjian.accounts.access import may_record_meeting, require, scope_for
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.meetings import services
from dangjian.meetings.display import own_year
from dangjian.meetings.forms import LeaveForm
from dangjian.meetings.models import Attendance, LeaveRequest, Mark, Meeting, MeetingState
from dangjian.meetings.selectors import access_meeting, attendees, should_attend, visible_meetings
from dangjian.meetings.signin import (
    QR_REFRESH_SECONDS,
    TOKEN_MAX_AGE,
    meeting_of_token,
    own_sign_ins,
    qr_svg,
    sign_in_token,
    signed_in_text,
    window_open,
)

COUNT_REFRESH_SECONDS = 5
NO_MEMBER = "当前账号没有关联的党员档案"


def scalable(svg: str) -> str:
    """The code's SVG with a ``viewBox`` from its own width and height, so the page's CSS can
    size it to the screen (segno writes a fixed pixel size only)."""
    found = re.search(r'width="(\d+)" height="(\d+)"', svg)
    if found is None or "viewBox" in svg:
        return svg
    width, height = found.groups()
    return svg.replace("<svg ", f'<svg viewBox="0 0 {width} {height}" ', 1)


def _signed_count(meeting: Meeting) -> int:
    return Attendance.objects.filter(meeting=meeting, by_qr=True).count()


@login_required
def qr(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The projector's page: a fresh code of the sign-in URL, refreshed every few minutes."""
    meeting = access_meeting(request.user, meeting_id)
    require(may_record_meeting(request.user, meeting.organization), services.NOT_YOURS)
    path = reverse("meetings:sign_in", args=[meeting.pk])
    url = request.build_absolute_uri(f"{path}?t={sign_in_token(meeting.pk)}")
    context = {
        "meeting": meeting,
        "url": url,
        "svg": scalable(qr_svg(url)),
        "signed": _signed_count(meeting),
        "owed": len(attendees(meeting).should_attend),
        "refresh": QR_REFRESH_SECONDS,
        "token_minutes": TOKEN_MAX_AGE.seconds // 60,
        "count_refresh": COUNT_REFRESH_SECONDS,
        "open": window_open(meeting.starts_at, meeting.ends_at, timezone.now()),
        "cancelled": meeting.state == MeetingState.CANCELLED,
    }
    return render(request, "meetings/qr.html", context)


@login_required
def qr_count(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The count signed in so far (polled by the QR page)."""
    meeting = access_meeting(request.user, meeting_id)
    require(may_record_meeting(request.user, meeting.organization), services.NOT_YOURS)
    return HttpResponse(str(_signed_count(meeting)))


def _token_names(token: str, meeting_id: int) -> bool:
    """Whether ``token`` is a valid, unexpired code of ``meeting_id`` (the POST says why not)."""
    try:
        return meeting_of_token(token) == meeting_id
    except InvalidInput:
        return False


@login_required
def sign_in(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Scan → this page (after logging in) → one tap signs in. Each refusal shows the service's
    message; nothing about a meeting is shown to someone who may not see it. Once signed in,
    the page (opened again, or posted again with any code) says when."""
    token = (request.POST.get("t") if request.method == "POST" else request.GET.get("t")) or ""
    context: dict[str, object] = {"token": token, "meeting_id": meeting_id, "nav": "my_meetings"}
    shown = visible_meetings(request.user).select_related("organization").filter(pk=meeting_id)
    meeting = shown.first()
    earlier = own_sign_ins(request.user, [meeting_id]).get(meeting_id) if meeting else None
    if earlier is not None:
        context.update(row=earlier, already=signed_in_text(earlier), meeting=meeting)
    elif request.method == "POST":
        try:
            row = services.meeting_sign_in(actor=request.user, meeting_id=meeting_id, token=token)
        except InvalidInput as exc:
            context["refusal"] = "；".join(m for texts in exc.errors.values() for m in texts)
        else:
            context.update(row=row, mark=Mark(row.mark).label, meeting=row.meeting)
    elif not token:
        context["refusal"] = "签到码缺失，请扫描会场屏幕上的二维码"
    elif _token_names(token, meeting_id):
        # The confirm page names the meeting, only one the member may see and the code is for.
        context["meeting"] = meeting
    status = 400 if "refusal" in context else 200
    return render(request, "meetings/sign_in.html", context, status=status)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The member's upcoming meetings, their attendance this year and the rate."""
    member_id = scope_for(request.user).own_member_id
    today = timezone.localdate()
    context: dict[str, object] = {"nav": "my_meetings", "today": today, "member_id": member_id}
    if member_id is not None:
        upcoming = [
            m for m in visible_meetings(request.user)
            .filter(held_on__gte=today, state__in=[MeetingState.PLANNED, MeetingState.NOTIFIED])
            .select_related("organization").order_by("starts_at")[:50]
            if should_attend(m, member_id)
        ]  # fmt: skip
        asked = dict(
            LeaveRequest.objects.filter(member_id=member_id, meeting__in=upcoming).values_list(
                "meeting_id", "state"
            )
        )
        now = timezone.now()
        # 请假 only before the start, as the service allows; under way: 签到 instead.
        context["upcoming"] = [(m, asked.get(m.pk), m.starts_at > now) for m in upcoming]
        context["year"] = own_year(request.user, member_id, today.year, today)
    return render(request, "meetings/mine.html", context)


@login_required
def leave(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A leave request (请假) before the meeting, with the reason."""
    meeting = access_meeting(request.user, meeting_id)
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.leave_request(actor=request.user, meeting_id=meeting.pk,
                                   reason=form.cleaned_data["reason"])  # fmt: skip
        except InvalidInput as exc:
            form.add_service_errors(exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "请假申请已提交，等待书记审批")
            return redirect("meetings:mine")
    context = {"form": form, "meeting": meeting, "nav": "my_meetings"}
    return render(request, "meetings/leave.html", context, status=400 if form.errors else 200)
