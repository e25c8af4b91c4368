"""Who is calling: a bearer token (scripts, other systems) or the browser session (pages)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer, SessionAuth

from dangjian.api.tokens import api_token_user
from dangjian.core.actor import Actor
from dangjian.core.audit import security_event
from dangjian.core.models import Outcome

NOT_AUTHENTICATED = "请先登录，或在请求头中提供有效的API令牌（Authorization: Bearer 令牌）"
BAD_TOKEN = "API令牌无效、已过期或已被吊销"
CSRF_FAILED = "CSRF校验失败：请刷新页面后重试，或改用API令牌访问"


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``. A token that is sent but wrong is refused outright."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token.strip())
        if user is None:
            security_event(
                action="api.token_refused", request=request, outcome=Outcome.DENIED,
                username="（API令牌）", detail=BAD_TOKEN,
            )  # fmt: skip
            raise AuthenticationError(401, BAD_TOKEN)
        request.user = user
        security_event(action="api.token_use", request=request, user=user, detail="使用API令牌访问")
        return user


class SessionCsrfAuth(SessionAuth):
    """The logged-in session; unsafe methods must carry the CSRF token, as on the pages."""

    def __call__(self, request: HttpRequest) -> Any:
        # Without a session there is nothing to protect: answer 401, not a CSRF failure.
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def _get_key(self, request: HttpRequest) -> str | None:
        try:
            return super()._get_key(request)
        except HttpError as exc:
            raise PermissionDenied(CSRF_FAILED) from exc


def current_user(request: HttpRequest) -> Actor:
    """The authenticated user of an API request (set by one of the handlers above)."""
    user: Actor = request.auth  # type: ignore[attr-defined]
    return user
