"""党建一张屏 in a real browser: the 1920x1080 display with every panel drawn and no console
error, a drill-down into a child organisation and to the names behind a number, and the
dashboard on a phone (390x844)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect
from pytest_django.live_server_helper import LiveServer

from dangjian.members.services import member_confirm
from dangjian.screen.kiosk import KioskInput, kiosk_link_create, kiosk_link_revoke
from tests.browser.conftest import log_in, shot
from tests.browser_support import chinese_context
from tests.factories import Role, make_member, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PANELS = 16  # the children list and fifteen panels (组织设置预警 among them)


def _people(enterprise: SimpleNamespace) -> None:
    make_user("screen_admin", Role.SYSTEM_ADMIN, None)
    for n, branch in enumerate([enterprise.branch_a, enterprise.branch_b, enterprise.branch_c] * 3):
        make_member(branch, name=f"屏{n}", gender="F" if n % 3 else "M",
                    birth_date=date(1950 + 3 * n, 3, 1), joined_on=date(1975 + 3 * n, 7, 1),
                    confirmed_on=date(1976 + 3 * n, 7, 1))  # fmt: skip
    young = make_member(enterprise.branch_a, name="预备甲", stage="probationary",
                        joined_on=date(2024, 6, 1), confirmed_on=None, birth_date=date(2000, 1, 1))  # fmt: skip
    member_confirm(actor=None, member_id=young.pk, confirmed_on=date(2025, 6, 1), reason="转正")


def _errors(page: Page) -> list[str]:
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        # /favicon.ico among them: the pages name their icon, so the browser asks for no other.
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def test_big_screen_at_1920_drills_down(
    browser: Browser, live_server: LiveServer, enterprise: SimpleNamespace
) -> None:
    _people(enterprise)
    context = chinese_context(browser, viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.base_url = live_server.url  # type: ignore[attr-defined]
    errors = _errors(page)
    log_in(page, "screen_admin")
    page.goto(live_server.url + "/screen/")
    expect(page.locator("#screen-total")).to_have_text("10")
    panels = page.locator(".screen-panel")
    expect(panels).to_have_count(PANELS)
    expect(page.locator(".screen-panel[data-rendered='1']")).to_have_count(PANELS - 1)
    expect(page.locator(".screen-chart canvas")).to_have_count(12)
    expect(page.locator("#screen-children li")).to_have_count(2)
    shot(page, "screen-1920")
    # Drill down: the 党总支 (branches A and B): 7 members.
    page.click("#screen-children >> text=第一党总支")
    expect(page.locator("#screen-org")).to_have_text("第一党总支")
    expect(page.locator("#screen-total")).to_have_text("7")
    # As of a past day: before 预备甲 joined (2024-06-01) and the youngest members.
    page.fill("#screen-on", "2024-01-01")
    page.dispatch_event("#screen-on", "change")
    expect(page.locator("#screen-total")).to_have_text("6")
    # A number opens the names behind it.
    page.goto(live_server.url + "/screen/dashboard/")
    expect(page.locator(".screen-panel[data-panel='terms'] a").first).to_be_visible()
    page.locator(".screen-panel[data-panel='dynamics'] a").first.click()
    expect(page.locator("#drill-count")).to_have_text("0")
    context.close()
    assert errors == []


def test_dashboard_on_a_phone(phone_page: Page, enterprise: SimpleNamespace) -> None:
    _people(enterprise)
    errors = _errors(phone_page)
    log_in(phone_page, "screen_admin")
    phone_page.goto(phone_page.base_url + "/screen/dashboard/")  # type: ignore[attr-defined]
    expect(phone_page.locator("#screen-total")).to_have_text("10")
    expect(phone_page.locator(".screen-panel[data-rendered='1']")).to_have_count(PANELS - 1)
    width = phone_page.evaluate(
        "document.querySelector('.screen-grid').getBoundingClientRect().width"
    )
    assert width <= 390
    shot(phone_page, "screen-phone")
    assert errors == []


def test_trends_on_a_phone_open_their_lists(phone_page: Page, enterprise: SimpleNamespace) -> None:
    """趋势与预测 from the dashboard's button at a phone's width: the age table of ten year-ends,
    the projection labelled 预测, a year-end's count opening that day's names."""
    _people(enterprise)
    errors = _errors(phone_page)
    log_in(phone_page, "screen_admin")
    phone_page.goto(phone_page.base_url + "/screen/dashboard/")  # type: ignore[attr-defined]
    phone_page.click("#trends-link")
    expect(phone_page.locator("#age-trend-table thead th")).to_have_count(11)
    expect(phone_page.locator("#retirement-projection h2")).to_contain_text("预测")
    expect(phone_page.locator("#retirement-table tbody tr")).to_have_count(5)
    total = phone_page.locator("#age-trend-table tr.total td").last.inner_text()
    assert int(total) == 10  # the last year-end's register: everyone above
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    shot(phone_page, "trends-phone")
    phone_page.locator("#age-trend-table tbody td a").last.click()
    expect(phone_page.locator("#drill-list tbody tr").first).to_be_visible()
    assert errors == []


def test_kiosk_display_stops_when_its_link_is_revoked(
    browser: Browser, live_server: LiveServer, enterprise: SimpleNamespace
) -> None:
    """A display behind a kiosk link: no note invites a click; a day that fails to load puts
    the date box back to the figures' day; once the link is revoked, the panels are cleared,
    the display says so and stops asking."""
    _people(enterprise)
    admin = make_user("kiosk_admin", Role.ORG_ADMIN, enterprise.root)
    token, value = kiosk_link_create(actor=admin, data=KioskInput(enterprise.root.pk, "大厅", 7))
    context = chinese_context(browser, viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors = _errors(page)
    page.goto(f"{live_server.url}/screen/k/{value}/")
    expect(page.locator("#screen-total")).to_have_text("10")
    shown = page.input_value("#screen-on")
    expect(page.locator(".screen-panel .note").first).to_be_visible()
    assert "点击" not in page.locator("#screen-grid").inner_text()
    page.fill("#screen-on", "1800-01-01")
    page.dispatch_event("#screen-on", "change")
    expect(page.locator("#screen-status")).to_contain_text("统计日期")
    expect(page.locator("#screen-on")).to_have_value(shown)
    kiosk_link_revoke(actor=admin, token_id=token.pk)
    page.fill("#screen-on", page.input_value("#screen-on"))
    page.dispatch_event("#screen-on", "change")
    expect(page.locator("#screen-status")).to_have_text("展示链接已失效或已撤销，请联系管理员")
    expect(page.locator(".screen-panel")).to_have_count(1)  # the children's box, emptied
    expect(page.locator("#screen-on")).to_have_value("")
    expect(page.locator("#screen-total")).to_have_text("–")
    shot(page, "screen-kiosk-revoked")
    context.close()
    # Only the browser's own lines for the day refused (400) and the link gone (404).
    assert errors and all(e.startswith("Failed to load resource") for e in errors), errors
