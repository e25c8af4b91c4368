"""A member who signed in and scans again: the page says when they signed in, a fresh code
(or one expired since) answers that they already have, and the portal's to-do says so."""

from __future__ import annotations

import re
import time
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dangjian.meetings.models import Attendance
from dangjian.meetings.services import meeting_sign_in
from dangjian.meetings.signin import FORGED, TOKEN_MAX_AGE, sign_in_token
from tests.factories import make_member, make_user
from tests.meetings.test_pages import Login, now_meeting


def _code(client: Client, meeting_id: int) -> str:
    """The sign-in link the projector's page shows now."""
    page = client.get(reverse("meetings:qr", args=[meeting_id])).content.decode()
    found = re.search(r'data-url="([^"]+)"', page)
    assert found is not None
    return found.group(1).replace("&amp;", "&")


def test_a_second_scan_says_when_the_member_signed_in(
    enterprise: SimpleNamespace, secretary_a: User, login: Login, monkeypatch: pytest.MonkeyPatch
) -> None:
    member = make_member(enterprise.branch_a, name="签到党员")
    phone = Client()
    phone.force_login(make_user("dangyuan_s", member=member))
    meeting = now_meeting(enterprise.branch_a.pk)  # started ten minutes ago: 迟到
    projector = login(secretary_a)
    first = _code(projector, meeting.pk).split("?t=", 1)[1]
    done = phone.post(reverse("meetings:sign_in", args=[meeting.pk]), {"t": first})
    assert done.status_code == 200 and "签到成功" in done.content.decode()
    row = Attendance.objects.get(meeting=meeting, member=member)
    signed = f"已签到 {timezone.localtime(row.signed_in_at):%H:%M}（迟到）"
    real = time.time()
    monkeypatch.setattr(time, "time", lambda: real + 60)  # the projector's next code
    fresh = _code(projector, meeting.pk)
    opened = phone.get(fresh).content.decode()
    assert signed in opened and "确认签到" not in opened
    again = phone.post(reverse("meetings:sign_in", args=[meeting.pk]),
                       {"t": fresh.split("?t=", 1)[1]})  # fmt: skip
    assert again.status_code == 200 and signed in again.content.decode()
    assert FORGED not in again.content.decode()
    # A code that died since, scanned from a photo: still the first sign-in, nothing written.
    monkeypatch.setattr(time, "time", lambda: real + 2 * TOKEN_MAX_AGE.total_seconds())
    user = User.objects.get(username="dangyuan_s")
    assert meeting_sign_in(actor=user, meeting_id=meeting.pk, token=first) == row
    assert Attendance.objects.filter(meeting=meeting).count() == 1


def test_the_portal_todo_says_signed_in(
    enterprise: SimpleNamespace, secretary_a: User, login: Login
) -> None:
    member = make_member(enterprise.branch_a, name="签到党员")
    user = make_user("dangyuan_s", member=member)
    meeting = now_meeting(enterprise.branch_a.pk)
    phone = login(user)
    before = phone.get(reverse("portal:home")).content.decode()
    assert "今天，请到会场扫码签到" in before
    row = meeting_sign_in(actor=user, meeting_id=meeting.pk, token=sign_in_token(meeting.pk))
    after = phone.get(reverse("portal:home")).content.decode()
    assert "今天，请到会场扫码签到" not in after
    assert f"已签到 {timezone.localtime(row.signed_in_at):%H:%M}（迟到）" in after
