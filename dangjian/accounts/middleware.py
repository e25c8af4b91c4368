"""Per-request security: session clocks, passwords owed, refusals audited, the CSP header.

- A session ends after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after the
  login, whatever the activity (等保 8.1.4.1 b: 登录连接超时自动退出).
- A user who owes a new password (first login, or expired) reaches nothing but the password
  page (the API answers 403 in Chinese).
- Every 403 is a security event with the reason given to the user.
- Every audit row written while serving the request records its address and request line.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode

from dangjian.accounts.security import AUTH_STARTED, LAST_SEEN, PASSWORD_DUE
from dangjian.accounts.services import FIRST_LOGIN, password_change_due
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import bind_request, security_event
from dangjian.core.models import Outcome

# Writing the session on every request would turn each read into a write; a minute of slack
# on a thirty-minute timeout is immaterial. On a short idle limit the slack is a tenth of it, so
# an active user is never logged out more than 10% early (``touch_interval``).
TOUCH_SECONDS = 60
TOUCH_SHARE = 0.1
PASSWORD_FIRST = "首次登录须修改初始密码，修改后方可使用系统"
PASSWORD_EXPIRED = "密码已超过有效期（{days}天），请修改密码"


class SecurityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with bind_request(request):
            response = self._gate(request) or self.get_response(request)
            if response.status_code == 403:
                _audit_refusal(request, response)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        # The reason shown to the user is the one recorded.
        if isinstance(exception, PermissionDenied):
            request.dangjian_refusal = str(exception)  # type: ignore[attr-defined]

    def _gate(self, request: HttpRequest) -> HttpResponse | None:
        if not request.user.is_authenticated:
            return None
        expired = _session_expired(request)
        if expired:
            return _end_session(request, expired)
        _touch(request)
        return _password_gate(request)


def _session_expired(request: HttpRequest) -> str:
    now = time.time()
    started = request.session.get(AUTH_STARTED)
    seen = request.session.get(LAST_SEEN)
    if started is not None and now - started > settings.SESSION_MAX_HOURS * 3600:
        return f"登录已超过{settings.SESSION_MAX_HOURS}小时，请重新登录"
    if seen is not None and now - seen > settings.SESSION_IDLE_MINUTES * 60:
        return f"已{settings.SESSION_IDLE_MINUTES}分钟未操作，请重新登录"
    return ""


def touch_interval(idle_minutes: int) -> float:
    """Seconds between writes of the session's last-seen time: at most ``TOUCH_SECONDS`` and at
    most ``TOUCH_SHARE`` of the idle limit. The recorded time lags the last request by up to
    this much, and the idle clock runs from the recorded time."""
    return min(float(TOUCH_SECONDS), idle_minutes * 60 * TOUCH_SHARE)


def _touch(request: HttpRequest) -> None:
    now = time.time()
    seen = request.session.get(LAST_SEEN)
    if seen is None or now - seen > touch_interval(settings.SESSION_IDLE_MINUTES):
        request.session[LAST_SEEN] = now


def _end_session(request: HttpRequest, reason: str) -> HttpResponse:
    request.dangjian_logout_reason = f"会话超时：{reason}"  # type: ignore[attr-defined]
    logout(request)
    if _is_api(request):
        return JsonResponse({"detail": f"登录已失效：{reason}"}, status=401)
    messages.warning(request, reason)
    return _to(reverse("login"), request)


def _password_gate(request: HttpRequest) -> HttpResponse | None:
    allowed = {reverse("accounts:password_change"), reverse("logout")}
    if request.path in allowed or request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return None
    due = _password_due(request)
    if not due:
        return None
    message = (
        PASSWORD_FIRST
        if due == FIRST_LOGIN
        else PASSWORD_EXPIRED.format(days=settings.PASSWORD_MAX_AGE_DAYS)
    )
    if _is_api(request):
        return JsonResponse({"detail": message}, status=403)
    return _to(reverse("accounts:password_change"), request)


def _password_due(request: HttpRequest) -> str:
    """Why this session owes a new password ("" for nothing), computed once per login and kept
    in the session, so the pages pay no query for it."""
    if PASSWORD_DUE not in request.session:
        request.session[PASSWORD_DUE] = password_change_due(request.user) or ""
    return str(request.session[PASSWORD_DUE])


def _to(url: str, request: HttpRequest) -> HttpResponse:
    if request.headers.get("HX-Request"):
        # A fragment request: HTMX loads the whole page instead of swapping it into a table.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    if request.method == "GET":
        url = f"{url}?{urlencode({'next': request.get_full_path()})}"
    return HttpResponseRedirect(url)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _audit_refusal(request: HttpRequest, response: HttpResponse) -> None:
    reason = getattr(request, "dangjian_refusal", "") or _json_detail(response) or "无权访问"
    user: Actor = request.user if getattr(request, "user", None) else None
    security_event(
        action="access.denied",
        request=request,
        user=acting_user(user),
        username="" if user is None or user.is_authenticated else "（未登录）",
        outcome=Outcome.DENIED,
        detail=f"拒绝访问：{reason}",
    )


def _json_detail(response: HttpResponse) -> str:
    """The API's refusal text (the API turns PermissionDenied into JSON before we see it)."""
    if not response.get("Content-Type", "").startswith("application/json"):
        return ""
    try:
        return str(json.loads(response.content).get("detail", ""))[:200]
    except (ValueError, AttributeError):
        return ""
