"""组织关系转接 in a real browser: the sending secretary starts it from the member's page
(finding the destination branch by name), the 党委 approves at both levels, the receiving
secretary accepts and places the member in a 党小组; the member is then in the other branch."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from dangjian.members.models import Member
from tests.browser.conftest import log_in, shot
from tests.factories import Role, make_org, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_transfer_between_two_branches_with_approval(
    page: Page, enterprise: SimpleNamespace, secretary_a: User, secretary_b: User,
    member_a: Member,
) -> None:  # fmt: skip
    make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)
    group_b = make_org("二支部第一党小组", "group", enterprise.branch_b)
    base = page.base_url  # type: ignore[attr-defined]  # set by the page fixture

    log_in(page, "shuji_a")
    page.goto(f"{base}/members/{member_a.pk}/")
    page.click("#start-transfer")
    page.fill("#branch-search", "二支部")
    expect(page.locator("#id_to_org_id option", has_text="二支部")).to_have_count(1)
    # Branches are offered with their parent: namesakes must be told apart.
    page.select_option("#id_to_org_id", label="二支部（第一党总支）")
    page.fill("#id_reason", "工作调动")
    page.click("button:has-text('发起转接')")
    expect(page.locator("#transfer-table")).to_contain_text("转出方党委")
    page.goto(f"{base}/members/{member_a.pk}/")
    expect(page.locator("#transferring")).to_have_text("转出中")

    log_in(page, "dangwei_admin")
    page.goto(f"{base}/dynamics/transfers/?waiting=1")
    page.click("#transfer-table a:has-text('办理')")
    page.click("#approve-form button:has-text('同意')")
    expect(page.locator("#awaited")).to_contain_text("转入方党委")
    page.click("#approve-form button:has-text('同意')")
    expect(page.locator("#transfer-state")).to_have_text("待接收")

    log_in(page, "shuji_b")
    page.goto(f"{base}/dynamics/transfers/?waiting=1")
    page.click("#transfer-table a:has-text('办理')")
    page.select_option("#id_party_group_id", value=str(group_b.pk))
    shot(page, "transfer-accept")
    page.click("#accept-form button:has-text('接收')")
    expect(page.locator("#transfer-state")).to_have_text("已接收")
    page.goto(f"{base}/members/{member_a.pk}/")
    expect(page.locator(".crumbs")).to_contain_text("二支部")
    shot(page, "transfer-member-after")
    member_a.refresh_from_db()
    assert (member_a.organization_id, member_a.party_group_id) == (
        enterprise.branch_b.pk, group_b.pk
    )  # fmt: skip
