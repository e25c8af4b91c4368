"""A real chromium driven by Playwright against pytest-django's live server (a pytest plugin)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

ARTIFACTS = Path(os.environ.get("DANGJIAN_TEST_ARTIFACTS", "test-artifacts"))
# Chinese throughout, as the users' browsers are: the page's language (navigator.language,
# Intl), the header every request sends, and chromium's own UI language (--lang). The process
# locale (LANG) is left alone: an uninstalled zh_CN locale makes chromium drop non-ASCII
# download file names.
LOCALE = "zh-CN"
ACCEPT_LANGUAGE = "zh-CN,zh;q=0.9"


def _chromium() -> str:
    path = (
        os.environ.get("DANGJIAN_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )
    if not path:
        raise RuntimeError("找不到 chromium：请先运行 scripts/install")
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=_chromium(),
            args=[
                f"--lang={LOCALE}",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


def chinese_context(browser: Browser, **options: Any) -> BrowserContext:
    """A browser context in the zh-CN locale, sending Accept-Language: zh-CN."""
    return browser.new_context(
        locale=LOCALE, extra_http_headers={"Accept-Language": ACCEPT_LANGUAGE}, **options
    )


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    context = chinese_context(browser, viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture
def phone_page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    context = chinese_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def log_in(page: Page, username: str, password: str = "Test-Passw0rd!") -> None:
    page.goto(page.base_url + "/login/")  # type: ignore[attr-defined]
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/")
