"""Login lockout and unlock, the first-login password change and the CSP, in a real browser."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect
from pytest_django import Settings

from dangjian.accounts.services import password_change_required
from dangjian.core.models import AuditLog
from dangjian.members.models import Member
from tests.browser.conftest import log_in, shot
from tests.browser_support import chinese_context
from tests.factories import Role, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _try(page: Page, username: str, password: str) -> None:
    page.goto(page.base_url + "/login/")  # type: ignore[attr-defined]
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def test_lockout_then_unlock_by_the_security_admin(
    page: Page, browser: Browser, secretary_a: User, settings: Settings
) -> None:
    make_user("anquan_b", Role.SECURITY_ADMIN, None)
    # The security administrator's session was opened before the lock (same address).
    admin = chinese_context(browser).new_page()
    admin.base_url = page.base_url  # type: ignore[attr-defined]
    log_in(admin, "anquan_b")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _try(page, "shuji_a", "wrong-password")
    expect(page.locator("#lockout")).to_contain_text("已被锁定15分钟")
    expect(page.locator("#lockout")).to_contain_text("后再试")
    shot(page, "login-locked")
    _try(page, "shuji_a", "Test-Passw0rd!")
    expect(page.locator("#lockout")).to_be_visible()

    admin.goto(admin.base_url + "/account/locks/")  # type: ignore[attr-defined]
    # The account is locked from every address, and the address for every account.
    expect(admin.locator("#lock-table tr", has_text="127.0.0.1")).to_contain_text("所有账户")
    row = admin.locator("#lock-table tr", has_text="shuji_a")
    expect(row).to_contain_text("所有地址")
    shot(admin, "login-locks")
    admin.once("dialog", lambda dialog: dialog.accept())
    row.locator("button:has-text('解除锁定')").click()
    expect(admin.locator(".messages")).to_contain_text("已解除账户“shuji_a”")
    admin.context.close()

    log_in(page, "shuji_a")
    expect(page.locator("h1")).to_contain_text("工作台")
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"auth.login_failed", "auth.lockout", "auth.unlock", "auth.login"} <= actions


def test_first_login_asks_for_a_new_password(page: Page) -> None:
    user = make_user("xinren")
    password_change_required(user=user)
    _try(page, "xinren", "Test-Passw0rd!")
    page.wait_for_url("**/account/password/**")
    expect(page.locator(".sub")).to_contain_text("首次登录须修改初始密码")
    page.fill("#id_old_password", "Test-Passw0rd!")
    page.fill("#id_new_password1", "abcdefgh")
    page.fill("#id_new_password2", "abcdefgh")
    page.click("button:has-text('保存新密码')")
    expect(page.locator("[data-field=new_password2]").first).to_contain_text("至少3类")
    page.fill("#id_old_password", "Test-Passw0rd!")
    page.fill("#id_new_password1", "Xin-Mima2026")
    page.fill("#id_new_password2", "Xin-Mima2026")
    page.click("button:has-text('保存新密码')")
    expect(page.locator("h1")).to_contain_text("工作台")
    expect(page.locator(".messages")).to_contain_text("密码已修改")


def test_pages_work_under_the_content_security_policy(
    page: Page, org_admin_general: User, member_a: Member, enterprise: SimpleNamespace
) -> None:
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    log_in(page, "zongzhi_admin")
    page.click("text=组织架构")
    page.click("button[aria-label='展开 第一党总支']")
    expect(page.locator(f"#children-{enterprise.general.pk}")).to_contain_text("一支部")
    page.goto(page.base_url + "/dues/")  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 390, "height": 800})
    page.click(".menu-toggle")
    expect(page.locator(".sidebar")).to_have_class("sidebar open")
    page.goto(page.base_url + "/api/docs")  # type: ignore[attr-defined]
    # The page builds the whole API's schema first: seconds on a loaded machine.
    expect(page.locator(".swagger-ui .info")).to_be_visible(timeout=60_000)
    assert violations == []


def test_audit_admin_filters_the_log(page: Page, secretary_a: User, member_b: Member) -> None:
    make_user("shenji_b", Role.AUDIT_ADMIN, None)
    log_in(page, "shuji_a")
    page.goto(page.base_url + f"/members/{member_b.pk}/")  # type: ignore[attr-defined]
    page.context.clear_cookies()
    log_in(page, "shenji_b")
    page.click("text=审计日志")
    page.select_option("#id_outcome", "denied")
    page.click("#audit-filters button[type=submit]")
    expect(page.locator("#audit-table tbody tr")).to_have_count(1)
    expect(page.locator("#audit-table")).to_contain_text("拒绝访问")
    expect(page.locator("#audit-table")).to_contain_text("无权查看该党员")
    shot(page, "audit-log-filtered")
    with page.expect_download() as download:
        page.click("#audit-export")
    assert download.value.suggested_filename.endswith(".xlsx")
