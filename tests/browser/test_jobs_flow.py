"""The 定时任务 page in a real browser: a failed run raised on the administrator's home page,
its detail naming the record, the filters, and a manual run recorded."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django import Settings

from dangjian.jobs.models import JobRun, RunOutcome
from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_follows_a_failed_run_and_runs_the_job_again(
    page: Page, sysadmin: User, settings: Settings, tmp_path: Path
) -> None:
    settings.BACKUP_DIR = tmp_path
    yesterday = timezone.now() - timedelta(days=1)
    JobRun.objects.create(
        job="notifications.reminder_scan", started_at=yesterday, finished_at=yesterday,
        outcome=RunOutcome.FAILED, detail="扫描中断", counts={"failed": 1},
        errors=[{"record": "用户 shuji_b", "message": "数据库连接中断"}],
    )  # fmt: skip
    log_in(page, "sysadmin")
    page.click("text=定时任务运行失败")
    expect(page.locator("#runs")).to_contain_text("每日提醒扫描")
    page.locator("#runs").get_by_role("link", name="详情").first.click()
    expect(page.locator("#run-outcome")).to_have_text("失败")
    expect(page.locator("#run-errors")).to_contain_text("用户 shuji_b")
    shot(page, "job-run-detail")

    page.click("nav a:has-text('定时任务')")
    page.select_option("#run-filters select[name=outcome]", "succeeded")
    page.click("#run-filters button")
    expect(page.locator("#runs")).to_contain_text("没有符合条件的运行记录")

    page.locator(
        '#job-catalogue tr[data-job="ops.backup_daily"] button:has-text("立即运行")'
    ).click()
    expect(page.locator(".messages")).to_contain_text("已提交“数据备份”")
    row = page.locator('#job-catalogue tr[data-job="ops.backup_daily"]')
    expect(row).to_contain_text("成功")
    expect(page.locator("#runs")).to_contain_text("sysadmin 手动")
    shot(page, "jobs-after-manual-run")
