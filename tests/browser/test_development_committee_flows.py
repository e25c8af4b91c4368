"""The 党委's queue and inspection list, and the applicant's own page on a phone, in a real
browser."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from dangjian.development.account_services import applicant_account_link
from tests.browser.conftest import log_in, shot
from tests.development.committee_support import Queue, build_queue
from tests.factories import Role, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def committee_admin(enterprise: SimpleNamespace) -> User:
    return make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)


@pytest.fixture
def people(
    enterprise: SimpleNamespace, secretary_a: User, secretary_b: User, committee_admin: User
) -> Queue:
    return build_queue(enterprise, secretary_a, secretary_b, committee_admin)


def test_committee_admin_opens_the_queue_and_the_inspection_list(
    page: Page, people: Queue, committee_admin: User
) -> None:
    log_in(page, "dangwei_admin")
    page.click("text=审批队列与检查")
    expect(page.locator("h1")).to_contain_text("党委审批队列")
    expect(page.locator("#queue-consent")).to_contain_text("外支部积极分子")
    expect(page.locator("#queue-pre-review")).to_contain_text("待预审者")
    expect(page.locator("#queue-approval")).to_contain_text("2025-03-10")
    expect(page.locator("#queue-confirmation")).to_contain_text("待转正者")
    shot(page, "development-committee-queue")
    page.click("#committee-nav >> text=超期与破例检查")
    expect(page.locator("h1")).to_contain_text("超期与破例检查")
    expect(page.locator("#inspection-overdue")).to_contain_text("待审批者")
    shot(page, "development-inspection")


def test_applicant_opens_their_page_on_a_phone(
    phone_page: Page, people: Queue, secretary_a: User
) -> None:
    user = make_user("daishen")
    applicant_account_link(actor=secretary_a, applicant_id=people.pre_review.pk, user_id=user.pk)
    log_in(phone_page, "daishen")
    phone_page.click("#own-development-card >> text=查看我的入党进程")
    expect(phone_page.locator("#own-stage")).to_contain_text("当前阶段：发展对象")
    expect(phone_page.locator("#own-steps")).to_contain_text("支部委员会审查")
    expect(phone_page.locator("#own-people")).not_to_contain_text("尚未确定")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"页面宽度{width}超出手机屏幕"
    shot(phone_page, "development-own-phone")
