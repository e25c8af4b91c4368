"""Kiosk links of the big screen: a read-only token for one organisation's screen."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangjian.orgs.models import Organization


class KioskToken(models.Model):
    """A link that shows one organisation's screen (and nothing else) on a display without a
    login. Only the SHA-256 of the token is stored; the link is shown once when created.
    Revoked (``revoked_at``) or past ``expires_at``, it opens nothing."""

    organization = models.ForeignKey(
        Organization, verbose_name="党组织", on_delete=models.PROTECT, related_name="+"
    )
    label = models.CharField("用途", max_length=60)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("有效期至")
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    # The display's stand-in account: inactive, without a password or a role, never logged
    # in; the screen's scoped selectors read through it with the link's subtree as scope.
    viewer = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="kiosk_token"
    )

    class Meta:
        verbose_name = "一张屏展示链接"
        verbose_name_plural = "一张屏展示链接"
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="kiosk_expires_after"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} · {self.label}"
