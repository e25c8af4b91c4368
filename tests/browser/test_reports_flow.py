"""党内统计年报 in a real browser: choose the organisation and year, read a table, open the
names behind a cell and come back; no console error."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.browser.conftest import log_in, shot
from tests.factories import Role, make_user
from tests.reports.support import YEAR, history

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tables_page_and_a_cell_list(page: Page, enterprise: SimpleNamespace) -> None:
    history(enterprise)
    _admin: User = make_user("dangwei_nb", Role.ORG_ADMIN, enterprise.root)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if _is_error(m) else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in(page, "dangwei_nb")
    page.click("nav.sidebar >> text=党内统计年报")
    page.select_option("#id_organization_id", label="测试公司党委")
    page.fill("#id_year", str(YEAR))
    page.click("#report-form >> text=查询")
    expect(page.locator("#reconciliation")).to_contain_text("相符")
    expect(page.locator("#table-2 tr[data-row='total'] td[data-col='total']")).to_have_text("5")
    shot(page, "reports-tables")
    page.click("#table-14 tr[data-row='worker'] td[data-col='total'] a")
    expect(page.locator("#cell-count")).to_have_text("1")
    expect(page.locator("#cell-list")).to_contain_text("孙八")
    page.click("text=返回统计表")
    expect(page.locator("#table-14")).to_be_visible()
    assert errors == []


def test_the_bare_page_opens_its_numbers(page: Page, enterprise: SimpleNamespace) -> None:
    """Opened from the menu (no query), the page shows the asker's organisation and last year;
    a number opens its list, and the list leads back to the same tables."""
    history(enterprise)
    make_user("dangwei_nc", Role.ORG_ADMIN, enterprise.root)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in(page, "dangwei_nc")
    page.click("nav.sidebar >> text=党内统计年报")
    total = page.locator("#table-2 tr[data-row='total'] td[data-col='total']")
    expect(total).to_have_text("5")
    total.locator("a").click()
    expect(page.locator("#cell-count")).to_have_text("5")
    expect(page.locator("#cell-list")).to_contain_text("张三")
    page.click("text=返回统计表")
    expect(page.locator("#table-2 tr[data-row='total'] td[data-col='total']")).to_have_text("5")
    assert errors == []


def _is_error(message: ConsoleMessage) -> bool:
    # The browser asks for /favicon.ico by itself on every site; the platform has none.
    return message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico")
