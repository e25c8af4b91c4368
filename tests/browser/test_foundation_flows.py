"""The main flows of the foundation screens in a real browser."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from dangjian.members.models import Member
from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_with_wrong_password_then_right(page: Page, secretary_a: User) -> None:
    page.goto(page.base_url + "/login/")  # type: ignore[attr-defined]  # set by the page fixture
    page.fill("#id_username", "shuji_a")
    page.fill("#id_password", "wrong")
    page.click("button[type=submit]")
    expect(page.locator(".errorlist")).to_contain_text("用户名或密码不正确")
    log_in(page, "shuji_a")
    expect(page.locator("h1")).to_contain_text("工作台")
    shot(page, "home-secretary")


def test_tree_navigation_expand_and_open(
    page: Page,
    org_admin_general: User,
    member_a: Member,
    member_b: Member,
    enterprise: SimpleNamespace,
) -> None:
    log_in(page, "zongzhi_admin")
    page.click("text=组织架构")
    expect(page.locator(".tree")).to_contain_text("第一党总支")
    page.click("button[aria-label='展开 第一党总支']")
    expect(page.locator(f"#children-{enterprise.general.pk}")).to_contain_text("一支部")
    expect(page.locator(f"#children-{enterprise.general.pk}")).to_contain_text("1名党员")
    shot(page, "tree-expanded")
    page.click("button[aria-label='展开 第一党总支']")
    expect(page.locator(f"#children-{enterprise.general.pk}")).to_be_hidden()
    page.click("button[aria-label='展开 第一党总支']")
    page.click(f"#children-{enterprise.general.pk} >> text=二支部")
    expect(page.locator("h1")).to_contain_text("二支部")
    expect(page.locator("#member-table")).to_contain_text("李四")


def test_search_by_pinyin_initials(
    page: Page, sysadmin: User, member_a: Member, member_b: Member
) -> None:
    sysadmin.set_password("Test-Passw0rd!")
    sysadmin.save()
    log_in(page, "sysadmin")
    page.click("text=党员档案")
    page.fill("#id_q", "ls")
    page.click("#member-filters button[type=submit]")
    expect(page.locator("#member-table")).to_contain_text("李四")
    expect(page.locator("#member-table")).not_to_contain_text("张三")
    shot(page, "member-search")


def test_edit_with_validation_error_then_fix(
    page: Page, secretary_a: User, member_a: Member
) -> None:
    log_in(page, "shuji_a")
    page.goto(page.base_url + f"/members/{member_a.pk}/")  # type: ignore[attr-defined]  # set by the page fixture
    page.click("text=修改档案")
    assert member_a.id_number is not None
    page.fill(
        "#id_id_number", member_a.id_number[:-1] + ("1" if member_a.id_number[-1] != "1" else "2")
    )
    page.fill("#id_job_title", "高级技师")
    page.click("button:has-text('保存')")
    expect(page.locator("[data-field=id_number]")).to_contain_text("校验码")
    shot(page, "member-edit-error")
    page.fill("#id_id_number", member_a.id_number)
    page.click("button:has-text('保存')")
    expect(page.locator(".messages")).to_contain_text("已保存")
    expect(page.locator("#timeline")).to_contain_text("职务/职称：无 → 高级技师")


def test_cross_branch_refusal(page: Page, secretary_a: User, member_b: Member) -> None:
    log_in(page, "shuji_a")
    response = page.goto(page.base_url + f"/members/{member_b.pk}/")  # type: ignore[attr-defined]  # set by the page fixture
    # Another branch's member reads as a missing page: its existence is not revealed.
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_contain_text("页面不存在")
    expect(page.locator("body")).not_to_contain_text("李四")


def test_member_sees_own_record_on_a_phone(
    phone_page: Page, member_a_user: User, member_a: Member
) -> None:
    log_in(phone_page, "dangyuan_a")
    phone_page.click(".menu-toggle")
    phone_page.click("text=我的档案")
    expect(phone_page.locator("h1")).to_contain_text("张三")
    expect(phone_page.locator("#id-number")).to_have_text(re.compile(r"^\d{6}\*{8}\d{3}[\dX]$"))
    phone_page.click("#id-number + button")
    assert member_a.id_number is not None
    expect(phone_page.locator("#id-number")).to_contain_text(member_a.id_number)
    shot(phone_page, "member-own-phone")


def test_historical_roll_of_an_organisation(
    page: Page,
    org_admin_general: User,
    member_a: Member,
    member_b: Member,
    enterprise: SimpleNamespace,
) -> None:
    from datetime import date

    from dangjian.members.services import member_change

    member_change(actor=None, member_id=member_a.pk, changes={"organization_id": enterprise.branch_b.pk},
                  effective_on=date(2020, 5, 1), reason="工作调动", transfer_accepted=True)  # fmt: skip
    log_in(page, "zongzhi_admin")
    page.goto(page.base_url + f"/orgs/{enterprise.branch_b.pk}/")  # type: ignore[attr-defined]  # set by the page fixture
    page.click("text=历史党员名册")
    page.fill("#id_date", "2099-01-01")
    page.click("#as-of-form button[type=submit]")
    expect(page.locator("#as-of-form")).to_contain_text("查询日期不能晚于今天")
    page.fill("#id_date", "2020-04-30")
    page.click("#as-of-form button[type=submit]")
    expect(page.locator("#as-of-count")).to_have_text("1")
    expect(page.locator("#as-of-result")).not_to_contain_text("张三")
    page.fill("#id_date", "2020-05-01")
    page.click("#as-of-form button[type=submit]")
    expect(page.locator("#as-of-count")).to_have_text("2")
    expect(page.locator("#as-of-result")).to_contain_text("张三")
    shot(page, "org-members-on-a-date")
