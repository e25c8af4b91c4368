"""The 运行维护 page in a real browser: an administrator asks for a backup and sees it recorded."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django import Settings

from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_backs_up_from_the_operations_page(
    page: Page, sysadmin: User, enterprise: SimpleNamespace, settings: Settings, tmp_path: Path
) -> None:
    settings.BACKUP_DIR = tmp_path
    log_in(page, "sysadmin")
    page.click("text=运行维护")
    expect(page.locator("#scheduler-state")).to_have_text("未运行")
    expect(page.locator("#backups")).to_contain_text("还没有备份")
    page.click("#backup-now")
    expect(page.locator(".messages")).to_contain_text("已提交备份任务")
    expect(page.locator("#backups")).to_contain_text("dangjian-backup-")
    expect(page.locator("#runs")).to_contain_text("数据备份")
    expect(page.locator("#runs")).to_contain_text("成功")
    shot(page, "operations-after-backup")
