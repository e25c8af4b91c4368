"""The messages of 组织生活, sent through the one notification service (``notifications.notify``).

- ``notice_meeting``: 发出通知 tells every member who should attend (``attendees``, the
  register of the meeting's day) with a link to 我的会议.
- ``notice_leave_request``: a member's 请假 tells the branch's secretaries, with a link to the
  meeting where it is decided.
- ``notice_record_returned``: a returned record tells whoever recorded it and the branch's
  secretaries, with the reason and a link to the meeting.

Each goes in the category "meetings" (组织生活), so the channels a person chose for it apply;
the inbox row is written at once (it needs no network), e-mail, SMS and group robots wait for
the delivery job. Each key names the meeting (and the request or the return), so sending again
adds nothing. Called inside the service's transaction: a refused change sends nothing.
"""

from __future__ import annotations

from django.urls import reverse

from dangjian.accounts.models import Role
from dangjian.core.actor import Actor
from dangjian.meetings.models import LeaveRequest, Meeting, MeetingEvent
from dangjian.meetings.selectors import attendees, branch_of
from dangjian.members.models import Member
from dangjian.notifications.recipients import Audience
from dangjian.notifications.services import Message, SendResult, notify

CATEGORY = "meetings"  # the category 组织生活 registers its due items under


def _when(meeting: Meeting) -> str:
    """ "2026年06月01日 14:00" in the platform's time zone."""
    from django.utils import timezone

    return f"{timezone.localtime(meeting.starts_at):%Y年%m月%d日 %H:%M}"


def notice_meeting(*, actor: Actor, meeting: Meeting) -> SendResult:
    """Tell each member who should attend ``meeting`` (and has an account): the topic, time
    and place, linked to 我的会议 where they sign in or ask for leave."""
    ids = [e.member_id for e in attendees(meeting).should_attend]
    users = Member.objects.filter(pk__in=ids, user__isnull=False).values_list("user_id", flat=True)
    message = Message(
        kind="meeting.notice", category=CATEGORY, dedupe_key=f"meeting.notice:{meeting.pk}",
        title=f"会议通知：{meeting.topic}"[:200],
        body=f"{meeting.organization.name}定于{_when(meeting)}在{meeting.place or '（地点另行通知）'}"
        f"召开会议，请准时参加；不能参加的，请在“我的会议”中请假。",
        link=reverse("meetings:mine"),
    )  # fmt: skip
    return notify(actor=actor, message=message, audience=Audience(user_ids=tuple(sorted(users))))


def _secretaries(meeting: Meeting) -> Audience:
    """The secretaries (支部书记/委员) of the meeting's branch (a 党小组's: its parent's)."""
    return Audience(roles=(Role.SECRETARY.value,), organization=branch_of(meeting.organization))


def notice_leave_request(*, actor: Actor, request: LeaveRequest) -> SendResult:
    """Tell the branch's secretaries that ``request``'s member asks for leave, with the reason."""
    meeting = request.meeting
    message = Message(
        kind="meeting.leave_request", category=CATEGORY,
        dedupe_key=f"meeting.leave_request:{request.pk}",
        title=f"请假申请：{request.member.name}（{meeting.topic}）"[:200],
        body=f"{request.member.name}申请不参加{_when(meeting)}的会议，事由：{request.reason}",
        link=reverse("meetings:detail", args=[meeting.pk]),
    )  # fmt: skip
    return notify(actor=actor, message=message, audience=_secretaries(meeting))


def notice_record_returned(*, actor: Actor, meeting: Meeting) -> SendResult:
    """Tell whoever recorded ``meeting`` and the branch's secretaries that the record was
    returned (退回), with the reason: it does not count until recorded again (MEET-8)."""
    recorders = MeetingEvent.objects.filter(meeting=meeting, action="record", actor__isnull=False)
    returned = MeetingEvent.objects.filter(meeting=meeting, action="return").order_by("-pk")
    last = returned.values_list("pk", flat=True).first() or 0
    base = _secretaries(meeting)
    audience = Audience(
        roles=base.roles, organization=base.organization,
        user_ids=tuple(sorted(set(recorders.values_list("actor_id", flat=True)))),
    )  # fmt: skip
    message = Message(
        kind="meeting.returned", category=CATEGORY,
        dedupe_key=f"meeting.returned:{meeting.pk}:{last}",
        title=f"会议记录被退回：{meeting.topic}"[:200],
        body=f"{_when(meeting)}的会议记录被退回，原因：{meeting.return_reason}；"
        "修改后重新记录方计入本期组织生活。",
        link=reverse("meetings:detail", args=[meeting.pk]),
    )  # fmt: skip
    return notify(actor=actor, message=message, audience=audience)
