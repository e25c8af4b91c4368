"""API bearer tokens: issued once, stored only as a SHA-256 hash, looked up by that hash."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils import timezone

from dangjian.accounts.models import ApiToken
from dangjian.core.actor import Actor
from dangjian.core.audit import audit

# Writing last_used_at on every request would turn each read into a write.
TOUCH_INTERVAL = timedelta(minutes=1)
TOKEN_PREFIX = "dj_"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_issue(*, actor: Actor, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for ``user``; the clear value is returned here and never again."""
    value = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = timezone.now() + timedelta(days=settings.API_TOKEN_DAYS)
    token = ApiToken.objects.create(
        user=user, name=name, token_hash=token_hash(value), expires_at=expires
    )
    audit(actor=actor, action="api_token.issue", obj=token, detail=f"为{user}签发API令牌：{name}")
    return token, value


def api_token_user(value: str) -> User | None:
    """The active user holding the (unrevoked, unexpired) token ``value``, or None."""
    if not value:
        return None
    unexpired = Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
    token = (
        ApiToken.objects.select_related("user")
        .filter(unexpired, token_hash=token_hash(value), revoked_at__isnull=True)
        .filter(user__is_active=True)
        .first()
    )
    if token is None:
        return None
    _touch(token)
    return token.user


def _touch(token: ApiToken) -> None:
    now = timezone.now()
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - TOUCH_INTERVAL)
    # A conditional update: concurrent requests write at most once per interval.
    ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
