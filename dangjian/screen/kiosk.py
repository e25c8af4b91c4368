"""Kiosk links (展示链接): created and revoked by an organisation administrator, each use
audited. A link carries a token whose hash is stored; the display needs no login and sees
only the screen of the link's organisation (its subtree), read-only."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from dangjian.accounts.access import (
    Scope,
    access_organization,
    may_manage_kiosk_links,
    require,
    scope_for,
)
from dangjian.core.actor import Actor
from dangjian.core.audit import audit
from dangjian.core.errors import InvalidInput
from dangjian.core.text import TextError, TextKind, clean_text
from dangjian.screen.models import KioskToken

MAX_DAYS = 366  # a link lives at most a year: a forgotten display stops on its own
TOKEN_PREFIX = "kiosk_"


@dataclass(frozen=True)
class KioskInput:
    """A new link: the organisation, what it is for (shown in the list), days valid (1..366)."""

    organization_id: int
    label: str
    days: int


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check(data: KioskInput) -> None:
    errors: dict[str, list[str]] = {}
    try:
        label = clean_text(data.label, TextKind.NAME)
    except TextError as error:
        errors["label"] = [f"用途{error}"]
    else:
        if not label or len(label) > 60:
            errors["label"] = ["用途应填写，不超过60个字"]
    if not 1 <= data.days <= MAX_DAYS:
        errors["days"] = [f"有效天数应在1至{MAX_DAYS}天之间"]
    if errors:
        raise InvalidInput(errors)


def kiosk_link_create(*, actor: Actor, data: KioskInput) -> tuple[KioskToken, str]:
    """A new link for ``data.organization_id``: the token (stored hashed) and its clear value,
    returned here and never again. PermissionDenied unless ``actor`` administers that
    organisation; InvalidInput naming the field; Http404 for one out of scope."""
    org = access_organization(actor, data.organization_id)
    require(may_manage_kiosk_links(actor, org), "只有组织管理员可以创建该组织的展示链接")
    _check(data)
    label = clean_text(data.label, TextKind.NAME)
    value = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        viewer = User(username=f"kiosk-{secrets.token_hex(8)}", is_active=False,
                      first_name=f"展示链接：{label}"[:150])  # fmt: skip
        viewer.set_unusable_password()
        viewer.save()
        token = KioskToken.objects.create(
            organization=org, label=label, token_hash=_hash(value), viewer=viewer,
            created_by=actor if isinstance(actor, User) else None,
            expires_at=timezone.now() + timedelta(days=data.days),
        )  # fmt: skip
        audit(actor=actor, action="kiosk.create", obj=token,
              detail=f"创建{org.name}一张屏展示链接：{token.label}，有效期至{token.expires_at:%Y-%m-%d}")  # fmt: skip
    return token, value


def kiosk_link_revoke(*, actor: Actor, token_id: int) -> KioskToken:
    """Revoke a link at once (a second revoke changes nothing); Http404 outside the scope."""
    with transaction.atomic():
        # Only the token's row is locked (the creator, joined for the list, may be empty).
        token = kiosk_links(actor).select_for_update(of=("self",)).filter(pk=token_id).first()
        if token is None:
            from django.http import Http404

            raise Http404("未找到该展示链接")
        require(may_manage_kiosk_links(actor, token.organization), "无权撤销该展示链接")
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.revoked_by = actor if isinstance(actor, User) else None
            token.save(update_fields=["revoked_at", "revoked_by"])
            audit(
                actor=actor, action="kiosk.revoke", obj=token, detail=f"撤销展示链接：{token.label}"
            )
    return token


def kiosk_links(actor: Actor) -> QuerySet[KioskToken]:
    """The links of the organisations ``actor`` looks after, newest first."""
    return (
        KioskToken.objects.filter(scope_for(actor).org_q("organization__"))
        .select_related("organization", "created_by")
        .order_by("-created_at", "-pk")
    )


def kiosk_token_use(value: str, *, door: str) -> KioskToken | None:
    """The live token ``value`` (not revoked, not expired), its use audited; None otherwise
    (an unknown, revoked or expired link answers alike)."""
    if not value.startswith(TOKEN_PREFIX):
        return None
    live = Q(revoked_at__isnull=True, expires_at__gt=timezone.now())
    token = (
        KioskToken.objects.select_related("organization", "viewer")
        .filter(live, token_hash=_hash(value))
        .first()
    )
    if token is None:
        return None
    KioskToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    audit(actor=None, action="kiosk.use", obj=token, actor_name=f"展示链接：{token.label}",
          detail=f"{door}（{token.organization.name}）")  # fmt: skip
    return token


def kiosk_viewer(token: KioskToken) -> User:
    """The display's read-only stand-in: the link's inactive account (no password, no role:
    nothing logs in as it) carrying the link's subtree as its scope for this request only,
    so the screen's scoped selectors show that organisation and nothing more."""
    viewer = token.viewer
    viewer._dangjian_scope = Scope(  # type: ignore[attr-defined]  # the cache scope_for reads
        user_id=viewer.pk, subtree_paths=(token.organization.path,)
    )
    return viewer
