"""A member who scans another branch's sign-in code is told plainly that the code is not for
them, at the page and the API, in the same words whether the meeting exists or not."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from dangjian.meetings.models import Attendance
from dangjian.meetings.signin import NOT_FOR_YOU, sign_in_token
from dangjian.members.models import Member
from tests.factories import make_user
from tests.meetings.test_pages import now_meeting

JSON = "application/json"
MISSING = 987654  # no meeting has this id


def test_another_branchs_code_is_refused_in_words_at_the_page(
    enterprise: SimpleNamespace, member_b: Member, login: Callable[[User], Client]
) -> None:
    meeting = now_meeting(enterprise.branch_a.pk)
    phone = login(make_user("dangyuan_b", member=member_b))
    for meeting_id in (meeting.pk, MISSING):
        page = phone.post(reverse("meetings:sign_in", args=[meeting_id]),
                          {"t": sign_in_token(meeting_id)})  # fmt: skip
        body = page.content.decode()
        assert page.status_code == 400 and NOT_FOR_YOU in body
        assert meeting.topic not in body and enterprise.branch_a.name not in body
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_another_branchs_code_is_refused_in_words_at_the_api(
    enterprise: SimpleNamespace, member_b: Member, login: Callable[[User], Client]
) -> None:
    meeting = now_meeting(enterprise.branch_a.pk)
    client = login(make_user("dangyuan_b", member=member_b))
    answers = []
    for meeting_id in (meeting.pk, MISSING):
        answer = client.post(f"/api/meetings/{meeting_id}/sign-in",
                             {"token": sign_in_token(meeting_id)}, content_type=JSON)  # fmt: skip
        assert answer.status_code == 422, answer.content
        answers.append(answer.json())
    assert answers[0] == answers[1]
    assert answers[0]["errors"][0] == {**answers[0]["errors"][0], "field": "token",
                                       "message": NOT_FOR_YOU}  # fmt: skip
