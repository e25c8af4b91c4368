"""Account security use cases: passwords owed, login locks, role grants. Each is audited."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dangjian.accounts.access import (
    SECURITY_ADMIN_ONLY,
    may_manage_locks,
    may_manage_roles,
    require,
    scope_for,
)
from dangjian.accounts.models import SEPARATED_ROLES, AccountSecurity, Role, RoleGrant
from dangjian.core.actor import Actor, acting_user, acting_user_id
from dangjian.core.audit import audit, security_event
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.core.models import Category
from dangjian.orgs.models import Organization

# Why the platform sends a user to the password page before anything else.
FIRST_LOGIN = "first_login"
EXPIRED = "expired"


def password_change_required(*, user: User) -> None:
    """Mark ``user`` (new, made by an administrator or the demo) to change the password first."""
    AccountSecurity.objects.update_or_create(user=user, defaults={"must_change_password": True})


@transaction.atomic
def account_create(*, actor: Actor, username: str, full_name: str, password: str) -> User:
    """A new login made by an administrator: the initial password must be changed at first use.

    Raises InvalidInput (nothing written) for a taken user name or a password against the rules.
    """
    username = username.strip()
    model = User
    if not username:
        raise InvalidInput.one("username", "请填写用户名")
    if model.objects.filter(username=username).exists():
        raise InvalidInput.one("username", f"用户名“{username}”已被使用")
    user = model(username=username, first_name=full_name.strip())
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput({"password": [str(m) for m in exc.messages]}) from exc
    user.set_password(password)
    user.save()
    password_change_required(user=user)
    audit(actor=actor, action="account.create", obj=user, after={"username": username},
          category=Category.SECURITY)  # fmt: skip
    return user


def password_change_due(user: Actor, now: datetime | None = None) -> str | None:
    """FIRST_LOGIN, EXPIRED (PASSWORD_MAX_AGE_DAYS, when set) or None (also for no user)."""
    user = acting_user(user)
    if user is None:
        return None
    state = AccountSecurity.objects.filter(user=user).first()
    if state is not None and state.must_change_password:
        return FIRST_LOGIN
    max_age = settings.PASSWORD_MAX_AGE_DAYS
    if max_age <= 0:
        return None
    changed = (state.password_changed_at if state else None) or user.date_joined
    if (now or timezone.now()) - changed > timedelta(days=max_age):
        return EXPIRED
    return None


@transaction.atomic
def password_changed(*, user: User) -> None:
    """Record that ``user`` has just set a new password (clears the first-login mark)."""
    AccountSecurity.objects.update_or_create(
        user=user, defaults={"must_change_password": False, "password_changed_at": timezone.now()}
    )
    audit(actor=user, action="auth.password_change", obj=user, category=Category.SECURITY)


@dataclass(frozen=True)
class LoginLock:
    """One locked (user name, address) pair and when its lock ends by itself."""

    attempt_id: int
    username: str
    ip_address: str
    failures: int
    last_attempt: datetime
    until: datetime


def login_locks(user: Actor, now: datetime | None = None) -> list[LoginLock]:
    """The locks in force, newest first (security administrator only).

    django-axes counts failures per account and per address separately (LOCKOUT_PARAMETERS),
    each over all its attempt rows: an account is locked after LOGIN_FAILURE_LIMIT failures
    from any addresses, an address after as many for any accounts. Each lock is listed once,
    the account's with "" as its address and the address's with "" as its account.
    """
    require(may_manage_locks(user), SECURITY_ADMIN_ONLY)
    since = (now or timezone.now()) - settings.AXES_COOLOFF_TIME
    attempts = list(AccessAttempt.objects.filter(attempt_time__gte=since).order_by("-attempt_time"))
    locks = _locks_by(attempts, "username") + _locks_by(attempts, "ip_address")
    return sorted(locks, key=lambda lock: lock.last_attempt, reverse=True)


def _locks_by(attempts: list[AccessAttempt], key: str) -> list[LoginLock]:
    groups: dict[str, list[AccessAttempt]] = {}
    for attempt in attempts:  # newest first, so each group's first row is its latest
        if getattr(attempt, key):
            groups.setdefault(getattr(attempt, key), []).append(attempt)
    locks = []
    for value, rows in groups.items():
        failures = sum(a.failures_since_start for a in rows)
        if failures < settings.AXES_FAILURE_LIMIT:
            continue
        latest = rows[0]
        locks.append(
            LoginLock(
                latest.pk,
                value if key == "username" else "",
                value if key == "ip_address" else "",
                failures,
                latest.attempt_time,
                latest.attempt_time + settings.AXES_COOLOFF_TIME,
            )
        )
    return locks


@transaction.atomic
def login_lock_release(*, actor: Actor, attempt_id: int, request: Any = None) -> LoginLock:
    """Unlock the account and the address of one lock; the release is a security event."""
    require(may_manage_locks(actor), SECURITY_ADMIN_ONLY)
    found = next((x for x in login_locks(actor) if x.attempt_id == attempt_id), None)
    attempt = AccessAttempt.objects.filter(pk=attempt_id).first()
    if found is None or attempt is None:
        raise Conflict("该锁定已解除或已到期")
    # The attempt behind a lock names an account and an address: both are released, so the
    # person locked out can log in again from where they are.
    lock = replace(found, username=attempt.username or "", ip_address=attempt.ip_address or "")
    if lock.username:
        axes_reset(username=lock.username)
    if lock.ip_address:
        axes_reset(ip=lock.ip_address)
    detail = (
        f"解除锁定：账户“{lock.username}”，地址 {lock.ip_address}（此前连续失败{lock.failures}次）"
    )
    security_event(action="auth.unlock", request=request, user=actor, detail=detail)
    return lock


@transaction.atomic
def role_grant(
    *,
    actor: Actor,
    user: User,
    role: str,
    organization: Organization | None = None,
    may_reveal: bool = False,
) -> RoleGrant:
    """Give ``user`` a role (security administrator only), keeping the three administrators
    apart (三员分立): nobody holds two of the system, security and audit roles."""
    require(may_manage_roles(actor), SECURITY_ADMIN_ONLY)
    if role not in Role.values:
        raise InvalidInput.one("role", "没有这个角色")
    if user.pk == acting_user_id(actor):
        raise InvalidInput.one("username", "不能给自己授予角色：须由另一位安全管理员授予")
    _check_separation(user, role)
    _check_overseers(user, role)
    if role in SEPARATED_ROLES:
        organization = None
    elif organization is None:
        raise InvalidInput.one("organization", f"{Role(role).label}须指定所管理的党组织")
    grant, _ = RoleGrant.objects.get_or_create(
        user=user, role=role, organization=organization, defaults={"may_reveal": may_reveal}
    )
    after = {"role": Role(role).label, "organization": str(organization or "全系统")}
    audit(actor=actor, action="role.grant", obj=user, after=after, category=Category.SECURITY)
    return grant


def _check_separation(user: User, role: str) -> None:
    if role not in SEPARATED_ROLES:
        return
    held = scope_for(_fresh(user)).separated_roles - {role}
    if held or (user.is_superuser and role != Role.SYSTEM_ADMIN):
        labels = "、".join(Role(r).label for r in held) or "超级用户"
        raise InvalidInput.one(
            "role",
            f"该用户已是{labels}：系统管理员、安全管理员、审计管理员须由不同人员担任"
            "（《信息安全技术 网络安全等级保护基本要求》GB/T 22239-2019 第8.1.4.2条）",
        )


def _check_overseers(user: User, role: str) -> None:
    held_roles = scope_for(_fresh(user)).roles - {"member", role}
    # The security and audit administrators hold no data role either: one would grant himself
    # the data he guards, the other would read the archive and the record of reading it.
    overseers = {Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}
    if held_roles and (role in overseers or held_roles & overseers):
        labels = "、".join(Role(r).label for r in sorted(held_roles | {role}))
        raise InvalidInput.one(
            "role",
            f"安全管理员、审计管理员不能兼任其他角色（此次将兼任{labels}）"
            "（《信息安全技术 网络安全等级保护基本要求》GB/T 22239-2019 第8.1.4.2条）",
        )


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


@transaction.atomic
def role_revoke(*, actor: Actor, grant_id: int) -> None:
    """Withdraw one role grant (security administrator only)."""
    require(may_manage_roles(actor), SECURITY_ADMIN_ONLY)
    grant = RoleGrant.objects.select_related("user", "organization").filter(pk=grant_id).first()
    if grant is None:
        raise Conflict("该授权已被撤销")
    require(grant.user_id != acting_user_id(actor), "不能撤销自己的角色")
    before = {"role": grant.get_role_display(), "organization": str(grant.organization or "全系统")}
    grant.delete()
    audit(
        actor=actor, action="role.revoke", obj=grant.user, before=before, category=Category.SECURITY
    )


__all__ = [
    "EXPIRED",
    "FIRST_LOGIN",
    "LoginLock",
    "account_create",
    "login_lock_release",
    "login_locks",
    "password_change_due",
    "password_change_required",
    "password_changed",
    "role_grant",
    "role_revoke",
]
