"""Notices (通知公告): who sees them by page and API, read receipts, reminders to the unread."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks

from dangjian.core.errors import Conflict, InvalidInput
from dangjian.members.models import Member
from dangjian.notifications.models import Delivery
from dangjian.portal import selectors, services
from dangjian.portal.models import Bulletin, BulletinRead
from dangjian.portal.services import BulletinInput, bulletin_publish
from tests.portal.conftest import TODAY, publish

pytestmark = pytest.mark.django_db


def _titles(user: User) -> set[str]:
    return {b.title for b in selectors.member_bulletins(user, TODAY)}


def test_a_member_sees_their_branch_and_the_committee_above_but_not_another_branch(
    notice_a: Bulletin, notice_root: Bulletin, member_a_user: User, member_b_user: User,
    member_c_user: User,
) -> None:  # fmt: skip
    assert _titles(member_a_user) == {"一支部通知", "党委通知"}
    assert _titles(member_b_user) == {"党委通知"}
    assert _titles(member_c_user) == {"党委通知"}
    with pytest.raises(Http404):
        selectors.access_bulletin(member_b_user, notice_a.pk, TODAY)


def test_another_branch_member_never_sees_the_notice_by_page_or_api(
    notice_a: Bulletin, member_b_user: User, login: Callable[[User], Client]
) -> None:
    client = login(member_b_user)
    assert client.get(f"/portal/notices/{notice_a.pk}/").status_code == 404
    assert "一支部通知" not in client.get("/portal/notices/").content.decode()
    assert "一支部通知" not in client.get("/portal/").content.decode()
    assert client.get(f"/api/portal/bulletins/{notice_a.pk}").status_code == 404
    assert client.post(f"/api/portal/bulletins/{notice_a.pk}/read").status_code == 404
    listed = client.get("/api/portal/bulletins").json()
    assert [b["title"] for b in listed] == []
    assert not BulletinRead.objects.exists()


def test_a_notice_is_not_shown_before_its_publish_date(
    secretary_a: User, enterprise: SimpleNamespace, member_a_user: User
) -> None:
    data = BulletinInput(organization_id=enterprise.branch_a.pk, title="下月通知", body="内容",
                         published_on=date(2026, 12, 5))  # fmt: skip
    bulletin_publish(actor=secretary_a, data=data)
    assert _titles(member_a_user) == set()
    assert {b.title for b in selectors.member_bulletins(member_a_user, date(2026, 12, 5))} == {
        "下月通知"
    }


def test_pinned_notices_come_first(
    secretary_a: User, enterprise: SimpleNamespace, member_a_user: User
) -> None:
    publish(secretary_a, enterprise.branch_a.pk, "普通")
    data = BulletinInput(organization_id=enterprise.branch_a.pk, title="置顶的", body="内容",
                         published_on=date(2026, 10, 1), pinned=True)  # fmt: skip
    bulletin_publish(actor=secretary_a, data=data)
    assert [b.title for b in selectors.member_bulletins(member_a_user, TODAY)] == ["置顶的", "普通"]


def test_reading_twice_records_one_receipt_with_the_first_time(
    notice_a: Bulletin, member_a_user: User, login: Callable[[User], Client]
) -> None:
    client = login(member_a_user)
    assert client.get(f"/portal/notices/{notice_a.pk}/").status_code == 200
    first = BulletinRead.objects.get(bulletin=notice_a)
    assert client.get(f"/portal/notices/{notice_a.pk}/").status_code == 200
    again = client.post(f"/api/portal/bulletins/{notice_a.pk}/read")
    assert again.status_code == 200
    assert BulletinRead.objects.filter(bulletin=notice_a).count() == 1
    assert BulletinRead.objects.get(bulletin=notice_a).read_at == first.read_at


def test_receipts_list_who_read_and_who_did_not(
    notice_a: Bulletin, member_a: Member, member_a2: Member, member_a_user: User,
    secretary_a: User,
) -> None:  # fmt: skip
    services.bulletin_read(actor=member_a_user, bulletin_id=notice_a.pk)
    found = selectors.bulletin_receipts(secretary_a, notice_a.pk)
    assert [r.name for r in found.read] == ["张三"]
    assert [r.name for r in found.unread] == ["赵六"]
    assert found.total == 2


def test_receipts_and_reminders_belong_to_the_author_side_only(
    notice_a: Bulletin, secretary_b: User, member_a_user: User, login: Callable[[User], Client]
) -> None:
    with pytest.raises(Http404):
        selectors.bulletin_receipts(secretary_b, notice_a.pk)
    with pytest.raises(Http404):
        selectors.bulletin_receipts(member_a_user, notice_a.pk)
    client = login(secretary_b)
    assert client.get(f"/portal/notices/{notice_a.pk}/receipts/").status_code == 404
    assert client.get(f"/api/portal/bulletins/{notice_a.pk}/receipts").status_code == 404
    assert client.post(f"/api/portal/bulletins/{notice_a.pk}/remind").status_code == 404


def test_a_secretary_cannot_publish_to_another_branch_or_the_committee(
    secretary_a: User, member_a_user: User, enterprise: SimpleNamespace
) -> None:
    for org in (enterprise.branch_b, enterprise.root):
        with pytest.raises(Http404):
            publish(secretary_a, org.pk)
    with pytest.raises((Http404, PermissionDenied)):
        publish(member_a_user, enterprise.branch_a.pk)
    assert not Bulletin.objects.exists()


def test_the_reminder_reaches_only_the_unread_once_a_day(
    notice_a: Bulletin, member_a: Member, member_a2: Member, member_a_user: User,
    secretary_a: User,
) -> None:  # fmt: skip
    services.bulletin_read(actor=member_a_user, bulletin_id=notice_a.pk)
    assert services.bulletin_remind_unread(actor=secretary_a, bulletin_id=notice_a.pk).reminded == 1
    again = services.bulletin_remind_unread(actor=secretary_a, bulletin_id=notice_a.pk)
    assert (again.reminded, again.already_today) == (0, 1)
    reminded = Delivery.objects.filter(dedupe_key__startswith="portal.bulletin.remind:")
    assert list(reminded.values_list("user_id", flat=True)) == [member_a2.user_id]


def test_no_reminder_when_everyone_read(
    notice_a: Bulletin, member_a_user: User, secretary_a: User
) -> None:
    services.bulletin_read(actor=member_a_user, bulletin_id=notice_a.pk)
    with pytest.raises(Conflict, match="所有党员均已阅读该通知"):
        services.bulletin_remind_unread(actor=secretary_a, bulletin_id=notice_a.pk)


def test_publishing_tells_the_members_in_their_inbox(
    secretary_a: User, enterprise: SimpleNamespace, member_a_user: User, member_b_user: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        created = publish(secretary_a, enterprise.branch_a.pk)
    users = set(Delivery.objects.filter(dedupe_key=f"portal.bulletin:{created.pk}")
                .values_list("user_id", flat=True))  # fmt: skip
    assert member_a_user.pk in users
    assert member_b_user.pk not in users


def test_a_notice_with_the_longest_title_is_announced_and_reminded(
    secretary_a: User, enterprise: SimpleNamespace, member_a: Member, member_a_user: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:  # fmt: skip
    """The message's title holds as many characters as the notice's: the prefix must not make
    the announcement fail after the notice is written."""
    with django_capture_on_commit_callbacks(execute=True):
        created = publish(secretary_a, enterprise.branch_a.pk, "长" * 200)
    announced = Delivery.objects.get(dedupe_key=f"portal.bulletin:{created.pk}")
    assert announced.notice is not None and announced.notice.title.endswith("长…")
    assert len(announced.notice.title) == 200
    assert services.bulletin_remind_unread(actor=secretary_a, bulletin_id=created.pk).reminded == 1


@pytest.mark.parametrize(
    ("title", "body", "field"),
    [("", "正文", "title"), ("标题", "  ", "body"), ("标\x00题", "正文", "title"),
     ("x" * 201, "正文", "title"), ("标题", "正\x00文", "body")],
)  # fmt: skip
def test_a_bad_notice_names_the_field_and_writes_nothing(
    secretary_a: User, enterprise: SimpleNamespace, title: str, body: str, field: str
) -> None:
    data = BulletinInput(organization_id=enterprise.branch_a.pk, title=title, body=body,
                         published_on=TODAY)  # fmt: skip
    with pytest.raises(InvalidInput) as caught:
        bulletin_publish(actor=secretary_a, data=data)
    assert field in caught.value.errors
    assert not Bulletin.objects.exists()


def test_the_api_publishes_and_refuses_bad_input_in_chinese(
    secretary_a: User, enterprise: SimpleNamespace, login: Callable[[User], Client]
) -> None:
    client = login(secretary_a)
    good = {"organization_id": enterprise.branch_a.pk, "title": "接口通知", "body": "内容",
            "published_on": "2026-11-30"}  # fmt: skip
    created = client.post("/api/portal/bulletins", good, content_type="application/json")
    assert created.status_code == 201, created.content
    bad = client.post("/api/portal/bulletins", {**good, "title": "a\x00"},
                      content_type="application/json")  # fmt: skip
    assert bad.status_code in (400, 422)
    assert bad.json()["errors"] == [
        {"field": "title", "message": "通知标题不能包含控制字符（空字符）"}
    ]
    other = client.post("/api/portal/bulletins", {**good, "organization_id": enterprise.branch_b.pk},
                        content_type="application/json")  # fmt: skip
    assert other.status_code == 404
    assert Bulletin.objects.count() == 1


def test_the_portal_routes_are_in_the_api_schema_with_chinese_descriptions(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert {"/api/portal/bulletins", "/api/portal/bulletins/{bulletin_id}/read",
            "/api/portal/bulletins/{bulletin_id}/receipts", "/api/portal/corrections",
            "/api/portal/corrections/{request_id}/approve"} <= set(schema["paths"])  # fmt: skip
    for name in ("BulletinIn", "CorrectionRequestIn", "CorrectionDecisionIn"):
        for field, prop in schema["components"]["schemas"][name]["properties"].items():
            assert re.search(r"[\u4e00-\u9fff]", prop.get("description", "")), (name, field)


def test_a_notice_dated_ahead_is_announced_on_its_day_once(
    secretary_a: User, enterprise: SimpleNamespace, member_a_user: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:  # fmt: skip
    data = BulletinInput(organization_id=enterprise.branch_a.pk, title="下周通知", body="内容",
                         published_on=date(2026, 12, 7))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        created = bulletin_publish(actor=secretary_a, data=data, today=TODAY)
    key = f"portal.bulletin:{created.pk}"
    assert not Delivery.objects.filter(dedupe_key=key).exists()
    assert services.bulletins_announce_due(today=date(2026, 12, 6)).created == 0
    on_the_day = services.bulletins_announce_due(today=date(2026, 12, 7))
    assert (on_the_day.created, on_the_day.skipped) == (1, 0)
    again = services.bulletins_announce_due(today=date(2026, 12, 8))
    assert (again.created, again.skipped) == (0, 1)
    assert list(Delivery.objects.filter(dedupe_key=key).values_list("user_id", flat=True)) == [
        member_a_user.pk
    ]
