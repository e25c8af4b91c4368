"""Security events from Django's and django-axes' signals: logins, failures, logouts, lockouts.

Each becomes an audit row with the account, the time, the source address and the request.
The login also starts the session clocks the security middleware reads.
"""

from __future__ import annotations

import time
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog
from axes.signals import user_locked_out
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import pre_save
from django.dispatch import receiver

from dangjian.accounts.services import password_change_due
from dangjian.core.actor import Actor
from dangjian.core.audit import security_event
from dangjian.core.masking import mask_text
from dangjian.core.models import Outcome

# Session keys: when the user logged in and when the last request came (seconds since epoch).
AUTH_STARTED = "dangjian_auth_started"
LAST_SEEN = "dangjian_last_seen"
# Why the user owes a new password ("" for nothing), decided at login.
PASSWORD_DUE = "dangjian_password_due"


@receiver(user_logged_in, dispatch_uid="dangjian_login")
def on_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[AUTH_STARTED] = now
        request.session[LAST_SEEN] = now
        request.session[PASSWORD_DUE] = password_change_due(user) or ""
    security_event(action="auth.login", request=_real(request), user=user, detail="登录成功")


@receiver(user_login_failed, dispatch_uid="dangjian_login_failed")
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any
) -> None:
    username = str(credentials.get("username") or "")[:150]
    security_event(
        action="auth.login_failed",
        request=_real(request),
        username=username,
        outcome=Outcome.FAILURE,
        detail=f"登录失败：账户“{username}”的用户名或密码不正确",
    )


@receiver(user_logged_out, dispatch_uid="dangjian_logout")
def on_logout(sender: Any, request: Any, user: Actor, **kwargs: Any) -> None:
    if user is None:
        return
    reason = getattr(request, "dangjian_logout_reason", "") or "退出登录"
    security_event(action="auth.logout", request=_real(request), user=user, detail=reason)


@receiver(user_locked_out, dispatch_uid="dangjian_locked_out")
def on_locked_out(sender: Any, request: Any, username: str, ip_address: str, **kw: Any) -> None:
    security_event(
        action="auth.lockout",
        request=_real(request),
        username=str(username or "")[:150],
        outcome=Outcome.DENIED,
        detail=f"登录失败次数达到上限，账户“{username}”及地址 {ip_address} 被锁定",
    )


@receiver(pre_save, sender=AccessAttempt, dispatch_uid="dangjian_mask_attempt")
@receiver(pre_save, sender=AccessFailureLog, dispatch_uid="dangjian_mask_failure_log")
def mask_login_attempt(sender: Any, instance: Any, **kwargs: Any) -> None:
    """django-axes keeps the login request's query and form data: no clear number there either
    (a ``next`` address may carry a search for an ID number)."""
    for name in ("get_data", "post_data", "path_info"):
        value = getattr(instance, name, None)
        if isinstance(value, str):
            setattr(instance, name, mask_text(value))


def _real(request: Any) -> Any:
    """The request if it is one (the test client's force_login passes a bare HttpRequest)."""
    return request if request is not None and getattr(request, "method", None) else None
