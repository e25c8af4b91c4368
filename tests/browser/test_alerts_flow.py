"""智能研判 in a real browser: from the menu to the alerts, filtered by kind, on to the record
behind an alert, and the score page with its formula and a branch's trend; no console error."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from dangjian.alerts.services import scan_alerts
from dangjian.members.models import Member
from tests.browser.conftest import log_in, shot
from tests.factories import Role, make_member, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_alerts_page_filters_and_leads_to_the_record(
    page: Page, enterprise: SimpleNamespace
) -> None:
    m = make_member(enterprise.branch_a, name="周无证")
    Member.objects.filter(pk=m.pk).update(id_number=None, id_number_hash=None)
    scan_alerts(on=date(2026, 11, 2))
    make_user("dangwei_yj", Role.ORG_ADMIN, enterprise.root)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if _is_error(msg) else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in(page, "dangwei_yj")
    page.click("nav.sidebar >> text=智能研判")
    expect(page.locator("#alert-table")).to_contain_text("组织设置不符合规定")
    page.select_option("select[name=kind]", label="数据质量：缺少公民身份号码")
    page.click("#alert-filters >> text=查询")
    rows = page.locator("#alert-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("档案数据质量检查")
    shot(page, "alerts-list")
    rows.first.locator("a", has_text="周无证").click()
    page.wait_for_url(f"**/members/{m.pk}/")
    page.goto(page.base_url + "/alerts/scores/")  # type: ignore[attr-defined]
    expect(page.locator("#score-formula")).to_contain_text("健康分 = 100")
    page.locator("#score-top tr", has_text="一支部").locator("text=月度趋势").click()
    expect(page.locator("#score-trend")).to_contain_text("2026年11月")
    shot(page, "alerts-scores")
    assert errors == []


def _is_error(message: ConsoleMessage) -> bool:
    # The browser asks for /favicon.ico by itself on every site; the platform has none.
    return message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico")


def test_alerts_read_on_a_phone(phone_page: Page, enterprise: SimpleNamespace) -> None:
    """At 390 px each alert is a card: 说明 and 依据 take the card's width, not a column of
    three characters, and the page does not scroll sideways."""
    scan_alerts(on=date(2026, 11, 2))
    make_user("dangwei_yj", Role.ORG_ADMIN, enterprise.root)
    log_in(phone_page, "dangwei_yj")
    phone_page.goto(phone_page.base_url + "/alerts/")  # type: ignore[attr-defined]
    basis = phone_page.locator("#alert-table tbody td[data-label='依据']").first
    expect(basis).to_be_visible()
    box = basis.bounding_box()
    assert box is not None and box["width"] > 300
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    shot(phone_page, "alerts-phone")
