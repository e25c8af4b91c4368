"""Who may see what. The one place that answers "may this user see this organisation/member".

Every read that serves a person starts from ``visible_members`` or ``visible_organizations``;
the pages, the API, exports, jobs and the assistant all call these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from dangjian.accounts.models import SEPARATED_ROLES, Role, RoleGrant
from dangjian.orgs.models import Organization, in_subtree

if TYPE_CHECKING:
    from dangjian.members.models import Member


@dataclass(frozen=True)
class Scope:
    """What one user may see: whole subtrees (by path prefix), single orgs, and their own record."""

    user_id: int | None
    everything: bool = False
    subtree_paths: tuple[str, ...] = ()
    own_org_ids: tuple[int, ...] = ()  # secretaries: the branch and its 党小组
    own_member_id: int | None = None
    reveal_paths: tuple[str, ...] = ()
    reveal_everything: bool = False
    roles: frozenset[str] = field(default_factory=frozenset)
    superuser: bool = False

    @property
    def separated_roles(self) -> frozenset[str]:
        """Which of the three separated administrator roles (三员) this user holds."""
        return self.roles & frozenset(SEPARATED_ROLES)

    @property
    def reads_audit_log(self) -> bool:
        """The audit administrator, and only one who is nothing else (三员分立)."""
        # A superuser, or a system or security administrator who also held the role, would
        # read the record of their own acts: the grant service refuses that pairing, and this
        # check refuses it again should it reach the database by another way.
        return not self.superuser and self.roles - {"member"} == {Role.AUDIT_ADMIN}

    @property
    def manages_security(self) -> bool:
        """The security administrator (roles, login locks), holding no other separated role."""
        return not self.superuser and self.roles - {"member"} == {Role.SECURITY_ADMIN}

    @property
    def is_manager(self) -> bool:
        """True for anyone who looks after an organisation (not only their own record)."""
        return self.everything or bool(self.subtree_paths) or bool(self.own_org_ids)

    def org_q(self, prefix: str = "") -> Q:
        """A filter on organisations (``prefix`` points at the FK) for this scope."""
        if self.everything:
            return Q()
        q = Q(pk__in=[])  # matches nothing
        for path in self.subtree_paths:
            q |= in_subtree(path, f"{prefix}path")
        if self.own_org_ids:
            key = f"{prefix[:-2]}_id__in" if prefix else "pk__in"
            q |= Q(**{key: self.own_org_ids})
        return q

    def covers_org(self, org: Organization) -> bool:
        return (
            self.everything
            or any(org.path.startswith(p) for p in self.subtree_paths)
            or org.pk in self.own_org_ids
        )


ANONYMOUS = Scope(user_id=None)


def scope_for(user: Any) -> Scope:
    """Build the scope of ``user`` (cached on the user object for the request)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_dangjian_scope", None)
    if cached is not None:
        return cached
    scope = _build_scope(user)
    user._dangjian_scope = scope
    return scope


def _build_scope(user: Any) -> Scope:
    grants = list(RoleGrant.objects.filter(user=user).select_related("organization"))
    member_id = _own_member_id(user)
    everything = user.is_superuser or any(g.role == Role.SYSTEM_ADMIN for g in grants)
    subtree = tuple(
        g.organization.path for g in grants if g.role == Role.ORG_ADMIN and g.organization
    )
    branch_ids = [
        g.organization_id for g in grants if g.role == Role.SECRETARY and g.organization_id
    ]
    # A secretary looks after the branch and the 党小组 inside it, not other branches.
    group_ids = _group_ids_of(branch_ids) if branch_ids else []
    reveal_all = user.is_superuser or any(
        g.role == Role.SYSTEM_ADMIN and g.may_reveal for g in grants
    )
    return Scope(
        user_id=user.pk,
        everything=everything,
        subtree_paths=subtree,
        own_org_ids=tuple(branch_ids + group_ids),
        own_member_id=member_id,
        reveal_paths=tuple(g.organization.path for g in grants if g.may_reveal and g.organization),
        reveal_everything=reveal_all,
        roles=frozenset(g.role for g in grants) | ({"member"} if member_id else set()),
        superuser=bool(user.is_superuser),
    )


def _own_member_id(user: Any) -> int | None:
    from dangjian.members.models import Member

    return Member.objects.filter(user=user).values_list("pk", flat=True).first()


def _group_ids_of(branch_ids: list[int]) -> list[int]:
    branches = Organization.objects.filter(pk__in=branch_ids)
    q = Q(pk__in=[])
    for branch in branches:
        q |= in_subtree(branch.path) & Q(depth=branch.depth + 1)
    return list(Organization.objects.filter(q).values_list("pk", flat=True))


def visible_organizations(user: Any) -> QuerySet[Organization]:
    return Organization.objects.filter(scope_for(user).org_q())


def visible_members(user: Any) -> QuerySet[Member]:
    from dangjian.members.models import Member

    return Member.objects.filter(member_scope_q(user))


def member_scope_q(user: Any) -> Q:
    """The condition ``visible_members`` applies, for a member query built elsewhere."""
    scope = scope_for(user)
    q = scope.org_q("organization__")
    if scope.own_member_id is not None:
        q |= Q(pk=scope.own_member_id)
    return q


def access_organization(user: Any, org_id: int) -> Organization:
    """The organisation if the user may see it; Http404 otherwise.

    Out of scope and missing answer alike, so an id cannot be probed for existence.
    """
    org = visible_organizations(user).filter(pk=org_id).first()
    if org is None:
        if Organization.objects.filter(pk=org_id).exists():
            _record_refusal(user, f"无权查看该党组织（#{org_id}）")
        raise Http404("未找到该党组织")
    return org


def access_member(user: Any, member_id: int) -> Member:
    """The member if the user may see them; Http404 otherwise (as for a missing one)."""
    member = visible_members(user).filter(pk=member_id).select_related("organization").first()
    if member is None:
        from dangjian.members.models import Member

        if Member.objects.filter(pk=member_id).exists():
            _record_refusal(user, f"无权查看该党员（#{member_id}）")
        raise Http404("未找到该党员")
    return member


def _record_refusal(user: Any, reason: str) -> None:
    """An attempt outside the asker's scope answers like a missing record (so ids cannot be
    probed), and is still a security event for the audit administrator."""
    from dangjian.core.audit import security_event
    from dangjian.core.models import Outcome

    who = user if getattr(user, "is_authenticated", False) else None
    security_event(action="access.denied", request=None, user=who, outcome=Outcome.DENIED,
                   detail=f"拒绝访问：{reason}")  # fmt: skip


def may_manage_member(user: Any, member: Member) -> bool:
    """Managers in scope may edit; a member may not edit their own archive."""
    return scope_for(user).covers_org(member.organization)


def may_manage_org(user: Any, org: Organization) -> bool:
    scope = scope_for(user)
    # Secretaries edit members, not the shape of the tree.
    return scope.everything or any(org.path.startswith(p) for p in scope.subtree_paths)


def may_reveal(user: Any, member: Member) -> bool:
    """Full ID and phone numbers: own record, or a grant with may_reveal over the member's org."""
    scope = scope_for(user)
    if scope.own_member_id == member.pk:
        return True
    if scope.reveal_everything:
        return True
    return any(member.organization.path.startswith(p) for p in scope.reveal_paths)


AUDIT_ADMIN_ONLY = "审计日志仅审计管理员可查看（三员分立：系统管理员、安全管理员不能查看）"
SECURITY_ADMIN_ONLY = "仅安全管理员可管理角色和登录锁定（三员分立）"


def may_read_audit_log(user: Any) -> bool:
    """Read (and export) the audit log: the audit administrator only. Nobody may edit it."""
    return scope_for(user).reads_audit_log


def access_audit_log(user: Any) -> None:
    """PermissionDenied unless ``user`` may read the audit log."""
    require(may_read_audit_log(user), AUDIT_ADMIN_ONLY)


def may_manage_locks(user: Any) -> bool:
    """See and release login locks: the security administrator."""
    return scope_for(user).manages_security


def may_manage_roles(user: Any) -> bool:
    """Grant and revoke roles: the security administrator."""
    return scope_for(user).manages_security


def require(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionDenied(message)


def may_operate_platform(user: Any) -> bool:
    """Backups, job runs and the scheduler's state: system administrators only."""
    return scope_for(user).everything


def may_import_orgs(user: Any) -> bool:
    """Import organisations from a spreadsheet: whoever may shape the tree (a system or
    organisation administrator), not a branch secretary."""
    scope = scope_for(user)
    return scope.everything or bool(scope.subtree_paths)
