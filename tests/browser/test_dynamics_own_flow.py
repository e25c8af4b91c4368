"""The member on the phone (390x844): applies for a transfer to another branch and follows its
progress, then, once registered as floating by the branch, reports where they are."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from dangjian.dynamics.application_models import TransferApplication
from dangjian.dynamics.applications import transfer_application_start
from dangjian.dynamics.floating import FloatingInput, floating_record
from dangjian.dynamics.models import ContactRecord, Transfer
from dangjian.members.models import Member
from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_applies_for_a_transfer_and_reports_on_the_phone(
    phone_page: Page, enterprise: SimpleNamespace, secretary_a: User, member_a: Member,
    member_a_user: User,
) -> None:  # fmt: skip
    page = phone_page
    base = page.base_url  # type: ignore[attr-defined]  # set by the page fixture
    log_in(page, "dangyuan_a")
    page.goto(f"{base}/dynamics/me/")
    expect(page.locator("#own-relation")).to_contain_text("一支部")
    page.fill("#id_apply-destination", "二支部")
    page.click("#apply-button")
    expect(page.locator("[data-field=reason]")).to_contain_text("转接原因")
    page.fill("#id_apply-reason", "工作调动到二支部所在单位")
    page.click("#apply-button")
    expect(page.locator(".own-application")).to_contain_text("待党支部办理")
    assert not Transfer.objects.exists()  # the branch starts it (MEM-2)
    transfer_application_start(
        actor=secretary_a, application_id=TransferApplication.objects.get().pk
    )
    page.goto(f"{base}/dynamics/me/")
    expect(page.locator(".own-transfer")).to_contain_text("审批中")
    expect(page.locator(".own-transfer")).to_contain_text("转出方党委")
    assert Transfer.objects.get().member_id == member_a.pk
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    shot(page, "dynamics-own-transfer-phone")

    floating_record(actor=secretary_a, data=FloatingInput(direction="out", place="深圳",
                    since=date(2025, 1, 1), member_id=member_a.pk))  # fmt: skip
    page.goto(f"{base}/dynamics/me/")
    page.fill("#id_report-place", "深圳市南山区")
    page.fill("#id_report-summary", "在项目部，参加当地流动党员活动")
    page.click("#report-button")
    expect(page.locator("#own-contacts")).to_contain_text("本人报告目前在深圳市南山区")
    assert ContactRecord.objects.get().way == "本人报告"
    shot(page, "dynamics-own-report-phone")
