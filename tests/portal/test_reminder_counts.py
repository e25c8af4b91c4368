"""提醒未读党员 says how many were reminded and why the others were not; "everyone has read"
only when everyone has."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client

from dangjian.members.models import Member
from dangjian.portal import services
from dangjian.portal.models import Bulletin
from tests.factories import make_member, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def without_accounts(enterprise: SimpleNamespace) -> list[Member]:
    """Three members of branch A who never got a login account."""
    return [make_member(enterprise.branch_a, name=f"无账号党员{i}") for i in range(3)]


def test_members_without_an_account_are_counted_not_called_readers(
    notice_a: Bulletin, member_a_user: User, without_accounts: list[Member], secretary_a: User
) -> None:
    services.bulletin_read(actor=member_a_user, bulletin_id=notice_a.pk)
    done = services.bulletin_remind_unread(actor=secretary_a, bulletin_id=notice_a.pk)
    assert (done.unread, done.reminded, done.no_account, done.already_today) == (3, 0, 3, 0)
    assert done.summary == "未发送提醒：3名未读党员中，没有登录账号3人"


def test_the_reminder_says_who_was_reminded_and_why_not_the_rest(
    notice_a: Bulletin, member_a_user: User, without_accounts: list[Member], secretary_a: User,
    enterprise: SimpleNamespace, login: Callable[[User], Client],
) -> None:  # fmt: skip
    first = services.bulletin_remind_unread(actor=secretary_a, bulletin_id=notice_a.pk)
    assert first.summary == "已提醒1名未读党员；另有3人未提醒：没有登录账号3人"
    late = make_member(enterprise.branch_a, name="新账号党员")
    make_user("dangyuan_late", member=late)
    answer = login(secretary_a).post(f"/api/portal/bulletins/{notice_a.pk}/remind")
    assert answer.status_code == 200
    assert answer.json() == {
        "unread": 5, "reminded": 1, "no_account": 3, "already_today": 1,
        "message": "已提醒1名未读党员；另有4人未提醒：没有登录账号3人，今天已提醒1人",
    }  # fmt: skip
    page = login(secretary_a).post(f"/portal/notices/{notice_a.pk}/remind/", follow=True)
    assert "未发送提醒：5名未读党员中，没有登录账号3人，今天已提醒2人" in page.content.decode()
