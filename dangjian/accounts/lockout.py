"""The login page of a locked-out account or address: says why and when to try again."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

# 429 Too Many Requests, as django-axes answers by default.
LOCKED_STATUS = 429


def lockout_message(now_local: Any) -> str:
    """ "…请于 14:35 后再试…": each further attempt restarts the wait, so it ends from now."""
    until = now_local + settings.AXES_COOLOFF_TIME
    return (
        f"登录失败次数过多（连续{settings.LOGIN_FAILURE_LIMIT}次），该账户及本机地址已被锁定"
        f"{settings.LOGIN_LOCKOUT_MINUTES}分钟，请于 {until:%H:%M} 后再试；"
        "如需立即解锁，请联系安全管理员。"
    )


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' AXES_LOCKOUT_CALLABLE: the login page with the lockout message."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    context = {
        "form": form,
        "locked_message": lockout_message(timezone.localtime()),
        "next": request.POST.get("next", ""),
    }
    return render(request, "registration/login.html", context, status=LOCKED_STATUS)
