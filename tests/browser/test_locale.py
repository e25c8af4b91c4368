"""The browser of the tests is a Chinese user's: zh-CN page language, Accept-Language and
chromium UI language (the native date pickers are drawn in it)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_browser_speaks_chinese(page: Page) -> None:
    with page.expect_request("**/login/") as asked:
        page.goto(page.base_url + "/login/")  # type: ignore[attr-defined]
    assert asked.value.headers["accept-language"].startswith("zh-CN")
    assert page.evaluate("navigator.language") == "zh-CN"
    assert page.evaluate("Intl.DateTimeFormat().resolvedOptions().locale") == "zh-CN"
    # How a date input's value is written out for the user: year, month, day in Chinese order.
    spelled = page.evaluate(
        "new Date(2026, 0, 5).toLocaleDateString(undefined, {dateStyle: 'long'})"
    )
    assert spelled == "2026年1月5日"
