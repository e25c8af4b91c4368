"""Lost contact in a real browser (MEM-4): the secretary records that contact with a member
was lost seven months ago and a search that found nothing; the register proposes 停止党籍;
the secretary records the branch's decision and the member is suspended."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Page, expect

from dangjian.members.models import Member
from dangjian.rules.dates import add_months
from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lost_contact_then_proposal_then_suspension(
    page: Page, enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    base = page.base_url  # type: ignore[attr-defined]  # set by the page fixture
    today = timezone.localdate()
    log_in(page, "shuji_a")
    page.goto(f"{base}/members/{member_a.pk}/")
    page.click("#lost-contact")
    page.fill("#id_lost_since", add_months(today, -7).isoformat())
    page.fill("#id_circumstances", "外出务工后电话停机")
    page.click("#lost-form button:has-text('登记')")
    expect(page.locator("#suspension-due")).to_have_text("可提请停止党籍")

    page.fill("#id_searched_on", (today - timedelta(days=3)).isoformat())
    page.fill("#id_way", "走访")
    page.fill("#id_result", "家中无人，邻居不知去向")
    page.click("#search-form button:has-text('记录')")
    expect(page.locator("#attempts")).to_contain_text("邻居不知去向")

    page.goto(f"{base}/dynamics/lost/")
    expect(page.locator("#proposal-table")).to_contain_text("张三")
    page.click("#proposal-table a:has-text('办理')")
    page.fill("#id_suspend-deciding_org", "一支部")
    page.fill("#id_suspend-document_number", "一支〔2026〕3号")
    page.fill("#id_suspend-reason", "失去联系满六个月，经多方查找仍无下落")
    shot(page, "lost-contact-suspend")
    page.click("#suspend-form button:has-text('登记停止党籍')")
    expect(page.locator("#member-status")).to_have_text("停止党籍")
    expect(page.locator("#decisions")).to_contain_text("一支〔2026〕3号")
    page.goto(f"{base}/dynamics/lost/")
    expect(page.locator("#proposal-table")).to_contain_text("没有到期待决定的失联党员")
    member_a.refresh_from_db()
    assert member_a.status == "suspended"
