"""Demo users: one for every role in every kind of scope, all with one documented password."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User

from dangjian.accounts.models import Role, RoleGrant
from dangjian.accounts.services import password_change_required
from dangjian.members.choices import PositionTitle, Stage, Status
from dangjian.members.models import Member, Position
from dangjian.orgs.models import Organization
from dangjian.rules.organization import OrgKind

DEFAULT_PASSWORD = "Dangjian@2026"
DEMO_USERNAMES = (
    "admin",
    "zuzhibu",
    "zongzhi",
    "shuji1",
    "shuji2",
    "dangyuan1",
    "dangyuan2",
    "anquan",
    "shenji",
    "shenqing1",
)
MEMBER_LABEL = "党员（本人）"
APPLICANT_LABEL = "入党申请人（本人）"


@dataclass(frozen=True)
class DemoScopes:
    """The organisations the demo users look after."""

    root: Organization  # zuzhibu: the whole 党委
    general_branch: Organization  # zongzhi
    branch1: Organization  # shuji1, dangyuan1
    branch2: Organization  # shuji2, dangyuan2


def _demo_user(username: str, password: str, **fields: Any) -> User:
    """A demo account: like any account an administrator creates, it must change the shared
    demo password at its first login."""
    user = User.objects.create_user(username, password=password, **fields)
    password_change_required(user=user)
    return user


def create_admin(password: str) -> User:
    """The system administrator, and beside it the security and the audit administrator
    (三员分立: three people, none of whom can do the others' work)."""
    user = _demo_user("admin", password, first_name="周立新", is_staff=True, is_superuser=True)
    RoleGrant.objects.create(user=user, role=Role.SYSTEM_ADMIN, may_reveal=True)
    security = _demo_user("anquan", password, first_name="孙建国")
    RoleGrant.objects.create(user=security, role=Role.SECURITY_ADMIN)
    auditor = _demo_user("shenji", password, first_name="陈静")
    RoleGrant.objects.create(user=auditor, role=Role.AUDIT_ADMIN)
    return user


def create_org_admin(username: str, full_name: str, org: Organization, password: str) -> User:
    user = _demo_user(username, password, first_name=full_name)
    RoleGrant.objects.create(user=user, role=Role.ORG_ADMIN, organization=org, may_reveal=True)
    return user


def create_branch_users(scopes: DemoScopes, password: str) -> None:
    """shuji1/shuji2: the secretaries of two branches; dangyuan1/2: members of those branches."""
    for n, branch in ((1, scopes.branch1), (2, scopes.branch2)):
        secretary = _secretary_of(branch)
        user = _linked_user(f"shuji{n}", secretary, password)
        RoleGrant.objects.create(user=user, role=Role.SECRETARY, organization=branch)
        _linked_user(f"dangyuan{n}", _plain_member_of(branch), password)


def _secretary_of(branch: Organization) -> Member | None:
    return (
        Member.objects.filter(
            positions__organization=branch,
            positions__title=PositionTitle.SECRETARY,
            positions__ended_on__isnull=True,
        )
        .order_by("pk")
        .first()
    )


def _plain_member_of(branch: Organization) -> Member | None:
    return (
        Member.objects.filter(
            organization=branch, status=Status.NORMAL, stage=Stage.FULL, user__isnull=True
        )
        .exclude(pk__in=Position.objects.filter(ended_on__isnull=True).values("member_id"))
        .order_by("pk")
        .first()
    )


def _linked_user(username: str, member: Member | None, password: str) -> User:
    name = member.name if member else username
    user = _demo_user(username, password, first_name=name)
    if member is not None:
        member.user = user
        member.save(update_fields=["user"])
    return user


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, role, scope) of every demo user present, for the run command to print."""
    rows = []
    users = User.objects.filter(username__in=DEMO_USERNAMES).prefetch_related(
        "role_grants__organization"
    )
    by_name = {u.username: u for u in users}
    for username in DEMO_USERNAMES:
        user = by_name.get(username)
        if user is not None:
            rows.append((username, *_describe(user)))
    return rows


def _describe(user: User) -> tuple[str, str]:
    grant = next(iter(user.role_grants.all()), None)
    if grant is not None:
        where = grant.organization.name if grant.organization else "全系统（可查看完整个人信息）"
        if grant.role == Role.ORG_ADMIN:
            where = f"{where}及全部下级组织"
            if grant.organization and grant.organization.kind == OrgKind.COMMITTEE:
                where += "，审批发展党员（党委）"
        if grant.role == Role.SECRETARY:
            where = f"{where}（本支部及其党小组）"
        if grant.role == Role.SECURITY_ADMIN:
            where = "角色授权、登录锁定（不能查看党员数据和审计日志）"
        if grant.role == Role.AUDIT_ADMIN:
            where = "只查看审计日志"
        return grant.get_role_display(), where
    member = Member.objects.filter(user=user).select_related("organization").first()
    if member is None:
        from dangjian.development.models import Applicant

        applicant = Applicant.objects.filter(user=user).select_related("organization").first()
        if applicant is not None:
            where = f"本人发展党员进度：{applicant.name}，{applicant.organization.name}"
            return APPLICANT_LABEL, where
        return MEMBER_LABEL, "无"
    return MEMBER_LABEL, f"本人档案：{member.name}，{member.organization.name}"
