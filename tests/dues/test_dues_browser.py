"""The main dues flow in a real browser: the secretary imports payroll, generates the month,
marks payments and sees the rate; the member sees why the amount is what it is, on a phone."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Page
from pytest_django import Settings

from dangjian.members.models import Member
from tests.browser.conftest import log_in, shot
from tests.dues.test_payroll_import import line, workbook
from tests.factories import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_collects_dues_and_member_reads_the_explanation(
    page: Page,
    phone_page: Page,
    enterprise: SimpleNamespace,
    member_a: Member,
    secretary_a: User,
    member_a_user: User,
    tmp_path: Path,
    settings: Settings,
) -> None:
    settings.DATA_DIR = tmp_path
    today = timezone.localdate()
    wang = make_member(enterprise.branch_a, name="王芳")
    january = f"{today.year}-01"
    path = tmp_path / "工资表.xlsx"
    path.write_bytes(
        workbook(
            [
                line(member_a, month=january, basic=4000),
                line(wang, month=january, basic=2500, post=500),
            ]
        )
    )

    log_in(page, "shuji_a")
    page.goto(page.base_url + "/dues/payroll/")  # type: ignore[attr-defined]  # set by the page fixture
    page.set_input_files("input[type=file]", str(path))
    page.click("#upload-btn")
    page.wait_for_selector("#mapping-form")
    shot(page, "dues-payroll-mapping")
    page.click("#save-mapping")
    page.wait_for_selector("#import-summary")
    assert "导入完成" in page.inner_text("#import-summary")
    shot(page, "dues-payroll-report")

    page.click("#to-sheet")
    page.click("#generate-btn")
    page.wait_for_selector("#sheet-table tbody tr[data-member='张三']")
    assert "49.00" in page.inner_text("#sheet-table tbody tr[data-member='张三']")
    page.check("#sheet-table tbody tr[data-member='张三'] input[name=entry]")
    page.select_option("#id_method", "online")
    page.fill("#id_receipt_no", "DF-0001")
    page.click("#mark-paid-btn")
    page.wait_for_selector(".messages li")
    assert "已登记1人" in page.inner_text(".messages")
    assert page.inner_text("#rate") == "50.0%"
    assert "已交" in page.inner_text("#sheet-table tbody tr[data-member='张三']")
    shot(page, "dues-month-sheet")

    log_in(phone_page, "dangyuan_a")
    phone_page.goto(phone_page.base_url + "/dues/me/")  # type: ignore[attr-defined]  # set by the page fixture
    card = f"#month-{today.month}"
    phone_page.click(f"{card} summary")
    text = phone_page.inner_text(card)
    assert "不分段累进" in text and "49.00" in text and "养老保险个人" in text
    shot(phone_page, "dues-member-explanation-phone")
