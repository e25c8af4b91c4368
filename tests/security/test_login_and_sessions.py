"""Logins resist guessing, passwords follow the rules, sessions expire, events are audited.

等保 2.0 (GB/T 22239-2019) 8.1.4.1: a) 身份鉴别信息具有复杂度要求并定期更换; b) 登录失败处理,
限制非法登录次数, 登录连接超时自动退出.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation
from pytest_django import Settings

from dangjian.accounts.models import AccountSecurity
from dangjian.accounts.security import AUTH_STARTED, LAST_SEEN
from dangjian.accounts.services import password_change_required
from dangjian.core.models import AuditLog
from dangjian.members.models import Member
from tests.factories import make_user

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

PASSWORD = "Test-Passw0rd!"
pytestmark = pytest.mark.django_db


def _post_login(client: Client, username: str, password: str) -> _MonkeyPatchedWSGIResponse:
    return client.post("/login/", {"username": username, "password": password})


def _actions() -> list[str]:
    return list(AuditLog.objects.order_by("seq").values_list("action", flat=True))


def test_login_and_logout_are_security_events(client: Client) -> None:
    user = make_user("liu")
    response = _post_login(client, "liu", PASSWORD)
    assert response.status_code == 302
    client.post("/logout/")
    login, logout = AuditLog.objects.order_by("seq")
    assert (login.action, login.actor_id, login.category) == ("auth.login", user.pk, "security")
    assert login.source_ip == "127.0.0.1" and login.request == "POST /login/"
    assert logout.action == "auth.logout" and logout.actor_name == "liu"


def test_failed_login_is_recorded_with_the_name_tried(client: Client) -> None:
    make_user("liu")
    response = _post_login(client, "liu", "wrong")
    assert "用户名或密码不正确" in response.content.decode()
    log = AuditLog.objects.get(action="auth.login_failed")
    assert (log.actor_name, log.outcome, log.source_ip) == ("liu", "failure", "127.0.0.1")


def test_five_failures_lock_the_account_with_a_chinese_message(
    client: Client, settings: Settings
) -> None:
    make_user("liu")
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        assert _post_login(client, "liu", "wrong").status_code == 200
    locked = _post_login(client, "liu", "wrong")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "已被锁定15分钟" in page and "后再试" in page and "安全管理员" in page
    # Even the right password is refused while the lock lasts.
    assert _post_login(client, "liu", PASSWORD).status_code == 429
    assert "auth.lockout" in _actions()


def test_the_lock_ends_by_itself_after_the_cool_off(client: Client, settings: Settings) -> None:
    from axes.models import AccessAttempt

    make_user("liu")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _post_login(client, "liu", "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _post_login(client, "liu", PASSWORD).status_code == 302


def test_security_admin_unlocks_and_the_unlock_is_audited(
    client: Client, login: Callable[[User], Client], security_admin: User
) -> None:
    make_user("liu")
    for _ in range(5):
        _post_login(client, "liu", "wrong")
    admin_client = login(security_admin)
    page = admin_client.get("/account/locks/")
    assert "liu" in page.content.decode()
    attempt_id = page.context["locks"][0].attempt_id
    response = admin_client.post(f"/account/locks/{attempt_id}/release/")
    assert response.status_code == 302
    unlock = AuditLog.objects.get(action="auth.unlock")
    assert unlock.actor_id == security_admin.pk and "liu" in unlock.detail
    admin_client.logout()
    assert _post_login(client, "liu", PASSWORD).status_code == 302


def test_an_address_locked_by_failures_on_several_accounts_is_listed_and_released(
    client: Client, login: Callable[[User], Client], security_admin: User
) -> None:
    """Guessing across accounts locks the address (not only an account): the security
    administrator sees that lock and can release it."""
    for name in ("zhao", "qian", "sun"):
        make_user(name)
        for _ in range(2):
            _post_login(client, name, "wrong")
    assert _post_login(client, "zhao", PASSWORD).status_code == 429  # the address is locked
    admin_client = login(security_admin)
    locks = admin_client.get("/account/locks/").context["locks"]
    (address_lock,) = [lock for lock in locks if lock.username == ""]
    assert address_lock.ip_address == "127.0.0.1" and address_lock.failures >= 5
    assert (
        admin_client.post(f"/account/locks/{address_lock.attempt_id}/release/").status_code == 302
    )
    admin_client.logout()
    assert _post_login(client, "zhao", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1!", "太短"),
        ("abcdefgh12", "至少3类"),
        ("Password123", "太常见"),
        ("Hongqi2026!", None),
    ],
)
def test_password_rules(password: str, message: str | None) -> None:
    user = User(username="liuwei")
    if message is None:
        validate_password(password, user)
        return
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as caught:
            validate_password(password, user)
        assert message in " ".join(caught.value.messages)


def test_password_may_not_be_the_user_name() -> None:
    user = User(username="Zhang.San#1")
    with pytest.raises(ValidationError, match=r"不能与用户名相同|太相似"):
        validate_password("Zhang.San#1", user)


def test_new_account_must_change_password_before_anything_else(client: Client) -> None:
    user = make_user("liu")
    password_change_required(user=user)
    response = _post_login(client, "liu", PASSWORD)
    follow = client.get(response["Location"])
    assert follow.status_code == 302 and follow["Location"].startswith("/account/password/")
    assert client.get("/members/").status_code == 302
    assert client.get("/api/members").status_code == 403
    page = client.get("/account/password/")
    assert "首次登录须修改初始密码" in page.content.decode()
    weak = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "abcdefgh", "new_password2": "abcdefgh"},
    )
    assert weak.status_code == 200 and "至少3类" in weak.content.decode()
    done = client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Xin-Mima2026",
            "new_password2": "Xin-Mima2026",
        },
    )
    assert done.status_code == 302
    assert not AccountSecurity.objects.get(user=user).must_change_password
    assert client.get("/").status_code == 200
    assert "auth.password_change" in _actions()


def test_factory_accounts_owe_no_password_change(client: Client) -> None:
    make_user("liu")
    _post_login(client, "liu", PASSWORD)
    assert client.get("/").status_code == 200


def test_expired_password_is_asked_for_when_expiry_is_set(
    client: Client, settings: Settings
) -> None:
    user = make_user("liu")
    AccountSecurity.objects.create(
        user=user, password_changed_at=timezone.now() - timedelta(days=91)
    )
    _post_login(client, "liu", PASSWORD)
    assert client.get("/").status_code == 200  # expiry is off by default
    client.post("/logout/")
    settings.PASSWORD_MAX_AGE_DAYS = 90
    _post_login(client, "liu", PASSWORD)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/account/password/")


def test_session_ends_after_idle_minutes(client: Client) -> None:
    make_user("liu")
    _post_login(client, "liu", PASSWORD)
    session = client.session
    session[LAST_SEEN] -= 31 * 60
    session.save()
    response = client.get("/members/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.get("/").status_code == 302
    logout = AuditLog.objects.get(action="auth.logout")
    assert "30分钟未操作" in logout.detail


def test_session_ends_after_its_maximum_age_even_when_active(client: Client) -> None:
    make_user("liu")
    _post_login(client, "liu", PASSWORD)
    session = client.session
    session[AUTH_STARTED] -= 13 * 3600
    session.save()
    assert client.get("/").status_code == 302
    assert "超过12小时" in AuditLog.objects.get(action="auth.logout").detail


def test_activity_keeps_the_session(client: Client) -> None:
    make_user("liu")
    _post_login(client, "liu", PASSWORD)
    session = client.session
    session[LAST_SEEN] -= 29 * 60
    session.save()
    assert client.get("/").status_code == 200


def test_every_refusal_is_a_security_event(
    login: Callable[[User], Client], secretary_a: User, member_b: Member
) -> None:
    client = login(secretary_a)
    # Another branch's member answers like a missing one (no probing), and is still recorded.
    assert client.get(f"/members/{member_b.pk}/").status_code == 404
    assert client.get("/members/999999/").status_code == 404
    log = AuditLog.objects.get(action="access.denied")
    assert log.actor_id == secretary_a.pk and log.outcome == "denied"
    assert (log.object_type, log.object_repr) == ("User", "shuji_a")
    assert log.request == f"GET /members/{member_b.pk}/" and "无权查看该党员" in log.detail


def test_api_token_use_is_recorded_and_tokens_expire(client: Client, secretary_a: User) -> None:
    from dangjian.accounts.models import ApiToken
    from dangjian.api.tokens import api_token_issue

    token, value = api_token_issue(actor=None, user=secretary_a, name="同步")
    assert token.expires_at is not None
    headers = {"Authorization": f"Bearer {value}"}
    assert client.get("/api/members", headers=headers).status_code == 200
    use = AuditLog.objects.get(action="api.token_use")
    assert use.actor_id == secretary_a.pk and use.request == "GET /api/members"
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/members", headers=headers).status_code == 401
    assert AuditLog.objects.filter(action="api.token_refused", outcome="denied").exists()


def test_pages_carry_a_content_security_policy_without_inline_script(
    login: Callable[[User], Client], sysadmin: User
) -> None:
    response = login(sysadmin).get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert "<script>" not in response.content.decode()
    assert "onclick=" not in response.content.decode()


def test_an_expired_session_sends_htmx_to_the_login_page(client: Client) -> None:
    make_user("liu")
    _post_login(client, "liu", PASSWORD)
    session = client.session
    session[LAST_SEEN] -= 31 * 60
    session.save()
    response = client.get("/members/", headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"] == "/login/"


def test_an_account_created_by_the_administrator_changes_its_password_first(client: Client) -> None:
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = StringIO()
    call_command("account_create", "xinren", "--name", "王新", stdout=out, stderr=StringIO())
    password = out.getvalue().strip()
    assert AccountSecurity.objects.get(user__username="xinren").must_change_password
    assert AuditLog.objects.filter(action="account.create").exists()
    response = _post_login(client, "xinren", password)
    assert client.get(response["Location"])["Location"].startswith("/account/password/")
    with pytest.raises(CommandError, match="已被使用"):
        call_command(
            "account_create", "xinren", "--name", "王新", stdout=StringIO(), stderr=StringIO()
        )
