"""Meeting notices reach people's inboxes at once: 发出通知 each member who should attend, a
请假 the branch's secretaries, a returned record whoever recorded it and the secretaries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dangjian.accounts.models import Role
from dangjian.meetings.services import (
    leave_request,
    meeting_notify,
    meeting_record,
    meeting_review,
)
from dangjian.members.models import Member
from dangjian.notifications.inbox import inbox
from tests.factories import make_member, make_user
from tests.meetings.marks import complete
from tests.meetings.test_services import at, minutes, plan

TODAY = timezone.localdate()


@pytest.fixture
def people(enterprise: SimpleNamespace) -> list[tuple[Member, User]]:
    """Three members of 一支部, each with an account."""
    found = []
    for i in range(3):
        member = make_member(enterprise.branch_a, name=f"通知{i}")
        found.append((member, make_user(f"tongzhi{i}", member=member)))
    return found


def test_notify_puts_the_meeting_in_each_attendees_inbox(
    enterprise: SimpleNamespace, secretary_a: User, secretary_b: User,
    people: list[tuple[Member, User]], login: Callable[[User], Client],
) -> None:  # fmt: skip
    """Every should-attend member with an account gets an inbox item with the topic and a
    link, at once; a member of another branch and its secretary get nothing; notifying is
    refused the second time and sends nothing more."""
    outsider = make_user("waibu", member=make_member(enterprise.branch_b, name="外支部党员"))
    meeting = plan(secretary_a, enterprise.branch_a.pk, TODAY + timedelta(days=3))
    meeting_notify(actor=secretary_a, meeting_id=meeting.pk)
    for _member, user in people:
        rows = list(inbox(user))
        assert len(rows) == 1, user.username
        assert meeting.topic in rows[0].notice.title
        assert rows[0].notice.link == reverse("meetings:mine")
    assert not inbox(outsider).exists()
    assert not inbox(secretary_b).exists()
    page = login(people[0][1]).get(reverse("notifications:inbox"))
    assert meeting.topic in page.content.decode()


def test_a_leave_request_reaches_the_branch_secretary(
    enterprise: SimpleNamespace, secretary_a: User, secretary_b: User,
    people: list[tuple[Member, User]],
) -> None:  # fmt: skip
    """A 请假 puts the member's name and reason in the inbox of the branch's secretary, linked
    to the meeting; another branch's secretary learns nothing."""
    day = TODAY + timedelta(days=3)
    meeting = plan(secretary_a, enterprise.branch_a.pk, day)
    member, user = people[0]
    leave_request(actor=user, meeting_id=meeting.pk, reason="赴外地出差", now=at(TODAY, 9))
    rows = list(inbox(secretary_a))
    assert len(rows) == 1
    assert member.name in rows[0].notice.title and "赴外地出差" in rows[0].notice.body
    assert rows[0].notice.link == reverse("meetings:detail", args=[meeting.pk])
    assert not inbox(secretary_b).exists()


def test_a_returned_record_reaches_its_recorder_and_the_secretary(
    enterprise: SimpleNamespace, secretary_a: User, people: list[tuple[Member, User]],
) -> None:  # fmt: skip
    """退回 tells the one who recorded the meeting (here a committee member's own account,
    not the secretary's) and the secretaries, with the reason; returned again after a second
    record, they are told again."""
    recorder = make_user("jilu_a", Role.SECRETARY, enterprise.branch_a)
    reviewer = make_user("dangwei_shenhe", Role.ORG_ADMIN, enterprise.root)
    meeting = plan(secretary_a, enterprise.branch_a.pk, date(2026, 9, 30))
    meeting_record(actor=recorder, meeting_id=meeting.pk, minutes=minutes(*complete(meeting.pk)))
    meeting_review(actor=reviewer, meeting_id=meeting.pk, accept=False, reason="缺少会议议程")
    for user in (recorder, secretary_a):
        rows = list(inbox(user))
        assert len(rows) == 1, user.username
        assert "缺少会议议程" in rows[0].notice.body
        assert rows[0].notice.link == reverse("meetings:detail", args=[meeting.pk])
    assert not any(inbox(u).exists() for _m, u in people)
    meeting_record(actor=recorder, meeting_id=meeting.pk, minutes=minutes(*complete(meeting.pk)))
    meeting_review(actor=reviewer, meeting_id=meeting.pk, accept=False, reason="仍缺议程")
    assert inbox(recorder).count() == 2
