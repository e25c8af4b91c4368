"""Roles granted on an organisation subtree (DESIGN: access)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangjian.orgs.models import Organization


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"
    ORG_ADMIN = "org_admin", "组织管理员"
    SECRETARY = "secretary", "支部书记/委员"


# 三员分立 (等保 2.0 第三级): the system, security and audit administrators are three people; no
# one holds two of these roles, and they hold them over the whole system, not a subtree.
SEPARATED_ROLES = (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)


class RoleGrant(models.Model):
    """A role held by a user over an organisation and (except for secretaries) its subtree.

    Members need no grant: a user linked to a member record always sees that record.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    may_reveal = models.BooleanField("可查看完整个人信息", default=False)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in SEPARATED_ROLES])
                | Q(organization__isnull=False),
                name="grant_scoped_roles_have_org",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organization"], name="one_grant_per_scope"
            ),
        ]

    def __str__(self) -> str:
        where = self.organization.name if self.organization else "全系统"
        return f"{self.get_role_display()}（{where}）"


class ApiToken(models.Model):
    """A bearer token for the HTTP API. Only its SHA-256 is stored; the value is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("用途", max_length=60)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Tokens expire on their own schedule (API_TOKEN_DAYS), not with the holder's password.
    expires_at = models.DateTimeField("有效期至", null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"


class AccountSecurity(models.Model):
    """Password state of one account. Accounts without a row (made by scripts and tests) owe
    nothing; an administrator's or the demo's new account must change its password first."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="account_security",
    )
    must_change_password = models.BooleanField("首次登录须修改密码", default=False)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user}"
