"""The inbox (header count, list, mark read, mark all read), a person's reminder settings and
the administrator's defaults per role."""

from __future__ import annotations

import re
from collections.abc import Callable
from types import SimpleNamespace

from django.contrib.auth.models import User
from django.test import Client

from dangjian.notifications.models import Channel, Delivery, Preference, Robot, RoleDefault
from dangjian.notifications.preferences import choices_for
from dangjian.notifications.recipients import Audience
from dangjian.notifications.services import Message, notify
from tests.factories import Role, make_user

Login = Callable[[User], Client]


def tell_branch_a_members(enterprise: SimpleNamespace, n: int) -> None:
    for i in range(n):
        message = Message(kind="notice", category="notice", title=f"第{i + 1}号通知",
                          link="/meetings/mine/", dedupe_key=f"notice:{i}")  # fmt: skip
        notify(
            actor=None,
            message=message,
            audience=Audience(roles=("member",), organization=enterprise.branch_a),
        )


def header_count(html: str) -> str:
    found = re.search(r'class="badge unread-count"[^>]*>(\d+)<', html)
    return found.group(1) if found else ""


def test_the_header_shows_the_unread_count(
    enterprise: SimpleNamespace, people: SimpleNamespace, login: Login
) -> None:
    tell_branch_a_members(enterprise, 3)
    assert header_count(login(people.member_a).get("/").content.decode()) == "3"
    assert header_count(login(people.member_b).get("/").content.decode()) == ""


def test_marking_one_read_and_then_all(
    enterprise: SimpleNamespace, people: SimpleNamespace, login: Login
) -> None:
    tell_branch_a_members(enterprise, 3)
    client = login(people.member_a)
    first = Delivery.objects.filter(user=people.member_a).order_by("pk").first()
    assert first is not None
    client.post(f"/notifications/{first.pk}/read/")
    page = client.get("/notifications/").content.decode()
    assert header_count(page) == "2" and "第1号通知" in page
    client.post("/notifications/read-all/")
    assert not Delivery.objects.filter(user=people.member_a, read_at__isnull=True).exists()
    assert Delivery.objects.filter(user=people.member_a2, read_at__isnull=True).count() == 3


def test_opening_a_message_marks_it_read_and_follows_its_link(
    enterprise: SimpleNamespace, people: SimpleNamespace, login: Login
) -> None:
    tell_branch_a_members(enterprise, 1)
    row = Delivery.objects.get(user=people.member_a)
    response = login(people.member_a).post(f"/notifications/{row.pk}/read/", {"open": "1"})
    row.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == "/meetings/mine/"
    assert row.read_at is not None


def test_another_person_s_message_answers_as_missing(
    enterprise: SimpleNamespace, people: SimpleNamespace, login: Login
) -> None:
    tell_branch_a_members(enterprise, 1)
    row = Delivery.objects.get(user=people.member_a)
    assert login(people.member_b).post(f"/notifications/{row.pk}/read/").status_code == 404
    row.refresh_from_db()
    assert row.read_at is None


def test_a_person_chooses_their_channels(people: SimpleNamespace, login: Login) -> None:
    client = login(people.secretary_a)
    assert client.get("/notifications/settings/").status_code == 200
    client.post("/notifications/settings/", {"on": ["development/email", "notice/inbox"]})
    choices = choices_for("development", [people.secretary_a.pk])
    assert choices.enabled(people.secretary_a.pk, {Role.SECRETARY}, Channel.EMAIL)
    assert not choices.enabled(people.secretary_a.pk, {Role.SECRETARY}, Channel.INBOX)
    assert Preference.objects.filter(user=people.secretary_a, enabled=True).count() == 2


def test_own_choice_wins_over_the_role_default(people: SimpleNamespace) -> None:
    RoleDefault.objects.create(role=Role.SECRETARY, category="dues", channel=Channel.SMS)
    Preference.objects.create(
        user=people.secretary_a, category="dues", channel=Channel.SMS, enabled=False
    )
    choices = choices_for("dues")
    assert not choices.enabled(people.secretary_a.pk, {Role.SECRETARY}, Channel.SMS)
    assert choices.enabled(people.secretary_b.pk, {Role.SECRETARY}, Channel.SMS)
    assert not choices.enabled(people.member_a.pk, {"member"}, Channel.SMS)


def test_only_system_administrators_set_role_defaults(
    enterprise: SimpleNamespace, people: SimpleNamespace, login: Login
) -> None:
    assert login(people.general_admin).get("/notifications/defaults/").status_code == 403
    admin = make_user("xitong", Role.SYSTEM_ADMIN, None)
    client = login(admin)
    assert client.get("/notifications/defaults/").status_code == 200
    client.post(
        "/notifications/defaults/", {"on": ["secretary/meetings/dingtalk", "member/notice/inbox"]}
    )
    on = set(RoleDefault.objects.filter(enabled=True).values_list("role", "category", "channel"))
    assert on == {("secretary", "meetings", "dingtalk"), ("member", "notice", "inbox")}


def test_a_robot_is_added_with_its_organisation_and_refused_without_an_address(
    enterprise: SimpleNamespace, login: Login
) -> None:
    client = login(make_user("xitong", Role.SYSTEM_ADMIN, None))
    client.post("/notifications/robots/", {"channel": "dingtalk", "name": "一支部群", "organization": enterprise.branch_a.code,
                                           "url": "https://oapi.dingtalk.com/robot/send?access_token=x", "secret": "SEC1"})  # fmt: skip
    robot = Robot.objects.get()
    assert (robot.organization_id, robot.secret) == (enterprise.branch_a.pk, "SEC1")
    response = client.post("/notifications/robots/", {"channel": "feishu", "name": "x", "organization": "NO-SUCH", "url": ""}, follow=True)  # fmt: skip
    page = response.content.decode()
    assert "Webhook 地址" in page and "没有组织代码为“NO-SUCH”的党组织" in page
    assert Robot.objects.count() == 1


def test_the_administrator_sees_deliveries_retrying_with_their_error(
    enterprise: SimpleNamespace, people: SimpleNamespace, login: Login
) -> None:
    tell_branch_a_members(enterprise, 1)
    row = Delivery.objects.filter(user=people.member_a).get()
    Delivery.objects.filter(pk=row.pk).update(channel=Channel.EMAIL, status="pending", attempts=2,
                                              last_error="邮件发送失败：ConnectionRefusedError")  # fmt: skip
    page = login(make_user("xitong", Role.SYSTEM_ADMIN, None)).get("/notifications/defaults/")
    assert "邮件发送失败：ConnectionRefusedError" in page.content.decode()
