"""The 党委's compliance matrix by months fits a 1366 px wide screen: the 12月 and 年度 columns
are not clipped behind a scroll bar."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import log_in, shot
from tests.browser_support import chinese_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_month_matrix_fits_1366_pixels(
    browser: Browser, live_server: LiveServer, enterprise: SimpleNamespace, org_admin_general: User
) -> None:
    page = chinese_context(browser, viewport={"width": 1366, "height": 768}).new_page()
    page.base_url = live_server.url  # type: ignore[attr-defined]  # read by log_in
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(90_000)
    log_in(page, "zongzhi_admin")
    page.goto(f"{live_server.url}/meetings/compliance/?grain=month")
    table = page.locator("#compliance-matrix")
    expect(table).to_contain_text("12月")
    overflow = page.evaluate(
        "() => { const w = document.querySelector('#compliance-matrix').parentElement;"
        " return w.scrollWidth - w.clientWidth; }"
    )
    shot(page, "meetings_matrix_1366")
    assert overflow <= 0, f"the month matrix is {overflow}px wider than its card"
