"""The inbox on a phone (390x844): the header's unread count, opening a message from its link,
marking all read; nothing wider than the screen."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect

from dangjian.notifications.recipients import Audience
from dangjian.notifications.services import Message, notify
from tests.browser.conftest import log_in, shot
from tests.factories import make_member, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_reads_notices_on_the_phone(phone_page: Page, enterprise: SimpleNamespace) -> None:
    make_user("dangyuan_a", member=make_member(enterprise.branch_a, name="张三"))
    for n, title in enumerate(
        ("关于召开十二月主题党日活动的通知：请全体党员准时参加并签到", "请于月底前交纳本月党费")
    ):
        message = Message(kind="notice", category="notice", title=title, body="地点：三楼会议室",
                          link="/meetings/mine/", dedupe_key=f"notice:{n}")  # fmt: skip
        notify(
            actor=None,
            message=message,
            audience=Audience(roles=("member",), organization=enterprise.branch_a),
        )
    log_in(phone_page, "dangyuan_a")
    badge = phone_page.locator(".topbar .unread-count")
    expect(badge).to_have_text("2")
    badge.click()
    expect(phone_page.locator(".inbox-item.unread")).to_have_count(2)
    shot(phone_page, "inbox-phone")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"页面宽度{width}px超出手机屏幕"
    phone_page.locator(".inbox-item", has_text="主题党日").get_by_role(
        "button", name="查看"
    ).click()
    phone_page.wait_for_url("**/meetings/mine/")
    expect(phone_page.locator(".topbar .unread-count")).to_have_text("1")
    phone_page.goto(phone_page.base_url + "/notifications/")  # type: ignore[attr-defined]
    phone_page.click("#mark-all-read")
    expect(phone_page.locator(".inbox-item.unread")).to_have_count(0)
    expect(phone_page.locator(".topbar .unread-count")).to_have_count(0)
