"""Who may see what. The one place that answers "may this user see this organisation/member".

Every read that serves a person starts from ``visible_members`` or ``visible_organizations``;
the pages, the API, exports, jobs and the assistant all call these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from dangjian.accounts.models import SEPARATED_ROLES, Role, RoleGrant
from dangjian.core.actor import Actor, acting_user
from dangjian.members.choices import Status
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
    # The cadre permission (干部信息库): the subtrees of the role grants that carry it.
    cadre_everything: bool = False
    cadre_paths: tuple[str, ...] = ()

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


def scope_for(user: Actor) -> Scope:
    """Build the scope of ``user`` (cached on the user object for the request)."""
    who = acting_user(user)
    if who is None:
        return ANONYMOUS
    cached: Scope | None = getattr(who, "_dangjian_scope", None)
    if cached is not None:
        return cached
    scope = _build_scope(who)
    who._dangjian_scope = scope  # type: ignore[attr-defined]  # a per-request cache on the object
    return scope


def _build_scope(user: User) -> Scope:
    grants = list(
        RoleGrant.objects.filter(user=user)
        .select_related("organization", "cadre_access")
        .order_by("pk")
    )
    member_id = _own_member_id(user)
    gone = member_id is not None and _left_good_standing(member_id)
    kept = _standing_grants(grants, gone)
    branch_ids = _branch_ids(kept)
    groups = _groups_by_branch(branch_ids) if branch_ids else {}
    return _compose_scope(user, kept, member_id, _group_ids(branch_ids, groups))


def preset_scopes(users: Sequence[User]) -> None:
    """Build the scopes of ``users`` together and cache each on its user object, as
    ``scope_for`` caches one: the same scope, from four queries whatever their number (the
    daily scan's people) instead of three to five per person."""
    from dangjian.members.models import Member

    grants: dict[int, list[RoleGrant]] = {user.pk: [] for user in users}
    rows = RoleGrant.objects.filter(user__in=users).select_related("organization", "cadre_access")
    for grant in rows.order_by("pk"):
        grants[grant.user_id].append(grant)
    members = list(Member.objects.filter(user__in=users).values_list("user_id", "pk", "status"))
    member_ids = {user_id: member_id for user_id, member_id, _status in members}
    gone = {user_id for user_id, _member_id, status in members if status in _GONE}
    kept = {pk: _standing_grants(held, pk in gone) for pk, held in grants.items()}
    groups = _groups_by_branch([b for held in kept.values() for b in _branch_ids(held)])
    for user in users:
        branch_ids = _branch_ids(kept[user.pk])
        group_ids = _group_ids(branch_ids, groups)
        scope = _compose_scope(user, kept[user.pk], member_ids.get(user.pk), group_ids)
        user._dangjian_scope = scope  # type: ignore[attr-defined]  # the cache scope_for reads


def _standing_grants(grants: list[RoleGrant], left_good_standing: bool) -> list[RoleGrant]:
    """The grants that give rights: all of them, but a secretary's when the holder's own
    record is suspended, deceased or has left the Party."""
    if not left_good_standing:
        return grants
    # The secretary's rights come with the party post, which ends when the holder dies,
    # leaves the Party or is suspended; the grant itself stays for the security
    # administrator to withdraw (三员分立), but grants nothing from then on.
    return [g for g in grants if g.role != Role.SECRETARY]


def _branch_ids(grants: list[RoleGrant]) -> list[int]:
    return [g.organization_id for g in grants if g.role == Role.SECRETARY and g.organization_id]


def _compose_scope(
    user: User, grants: list[RoleGrant], member_id: int | None, group_ids: list[int]
) -> Scope:
    """The scope of ``user`` from the grants that give rights, their own record and the 党小组
    of their branches (read one by one or for many people at once)."""
    everything = user.is_superuser or any(g.role == Role.SYSTEM_ADMIN for g in grants)
    subtree = tuple(
        g.organization.path for g in grants if g.role == Role.ORG_ADMIN and g.organization
    )
    reveal_all = user.is_superuser or any(
        g.role == Role.SYSTEM_ADMIN and g.may_reveal for g in grants
    )
    return Scope(
        user_id=user.pk,
        everything=everything,
        subtree_paths=subtree,
        # A secretary looks after the branch and the 党小组 inside it, not other branches.
        own_org_ids=tuple(_branch_ids(grants) + group_ids),
        own_member_id=member_id,
        reveal_paths=tuple(g.organization.path for g in grants if g.may_reveal and g.organization),
        reveal_everything=reveal_all,
        roles=frozenset(g.role for g in grants) | ({"member"} if member_id else set()),
        superuser=bool(user.is_superuser),
        cadre_everything=any(g.role == Role.SYSTEM_ADMIN and _carries_cadre(g) for g in grants),
        cadre_paths=tuple(
            g.organization.path for g in grants if g.organization and _carries_cadre(g)
        ),
    )


# A member record in one of these gives no secretary's rights (see ``_standing_grants``).
_GONE = frozenset({Status.SUSPENDED, Status.DECEASED, Status.LEFT})


def _carries_cadre(grant: RoleGrant) -> bool:
    """Whether the cadre permission was granted to ``grant`` (``cadres.CadreAccess``)."""
    return hasattr(grant, "cadre_access")


def _own_member_id(user: User) -> int | None:
    from dangjian.members.models import Member

    return Member.objects.filter(user=user).values_list("pk", flat=True).first()


def _left_good_standing(member_id: int) -> bool:
    """Whether the member record ``member_id`` is suspended, deceased or has left the Party."""
    from dangjian.members.models import Member

    return Member.objects.filter(pk=member_id, status__in=_GONE).exists()


def _groups_by_branch(branch_ids: list[int]) -> dict[int, list[int]]:
    """{branch id: ids of the 党小组 directly under it, by path} in two queries."""
    branches = {path: (pk, depth) for pk, path, depth in
                Organization.objects.filter(pk__in=branch_ids).values_list("pk", "path", "depth")}  # fmt: skip
    q = Q(pk__in=[])
    for path, (_pk, depth) in branches.items():
        q |= in_subtree(path) & Q(depth=depth + 1)
    found: dict[int, list[int]] = {pk: [] for pk, _depth in branches.values()}
    for pk, path in Organization.objects.filter(q).order_by("path").values_list("pk", "path"):
        found[branches[path[: -Organization.steplen]][0]].append(pk)
    return found


def _group_ids(branch_ids: list[int], groups: dict[int, list[int]]) -> list[int]:
    return [pk for branch_id in branch_ids for pk in groups.get(branch_id, [])]


def visible_organizations(user: Actor) -> QuerySet[Organization]:
    return Organization.objects.filter(scope_for(user).org_q())


def visible_members(user: Actor) -> QuerySet[Member]:
    from dangjian.members.models import Member

    return Member.objects.filter(member_scope_q(user))


def member_scope_q(user: Actor) -> Q:
    """The condition ``visible_members`` applies, for a member query built elsewhere."""
    scope = scope_for(user)
    q = scope.org_q("organization__")
    if scope.own_member_id is not None:
        q |= Q(pk=scope.own_member_id)
    return q


def access_organization(user: Actor, org_id: int) -> Organization:
    """The organisation if the user may see it; Http404 otherwise.

    Out of scope and missing answer alike, so an id cannot be probed for existence.
    """
    org = visible_organizations(user).filter(pk=org_id).first()
    if org is None:
        if Organization.objects.filter(pk=org_id).exists():
            _record_refusal(user, f"无权查看该党组织（#{org_id}）")
        raise Http404("未找到该党组织")
    return org


def access_member(user: Actor, member_id: int) -> Member:
    """The member if the user may see them; Http404 otherwise (as for a missing one)."""
    member = visible_members(user).filter(pk=member_id).select_related("organization").first()
    if member is None:
        from dangjian.members.models import Member

        if Member.objects.filter(pk=member_id).exists():
            _record_refusal(user, f"无权查看该党员（#{member_id}）")
        raise Http404("未找到该党员")
    return member


def _record_refusal(user: Actor, reason: str) -> None:
    """An attempt outside the asker's scope answers like a missing record (so ids cannot be
    probed), and is still a security event for the audit administrator."""
    from dangjian.core.audit import security_event
    from dangjian.core.models import Outcome

    security_event(action="access.denied", request=None, user=acting_user(user), outcome=Outcome.DENIED,
                   detail=f"拒绝访问：{reason}")  # fmt: skip


def may_manage_member(user: Actor, member: Member) -> bool:
    """Managers in scope may edit; a member may not edit their own archive."""
    return scope_for(user).covers_org(member.organization)


def may_manage_org(user: Actor, org: Organization) -> bool:
    """Edit ``org`` or add organisations under it: system administrators, and organisation
    administrators of a subtree holding it."""
    scope = scope_for(user)
    # Secretaries edit members, not the shape of the tree.
    return scope.everything or any(org.path.startswith(p) for p in scope.subtree_paths)


def may_manage_some_organization(user: Actor) -> bool:
    """The pages and tools of 党务工作者 (lists, imports, dues, the structure): anyone who
    looks after an organisation, not only their own record."""
    return scope_for(user).is_manager


def may_place_member(user: Actor, org: Organization) -> bool:
    """Put a member in ``org`` (create there, move there, import into it): whoever looks after
    ``org``; a secretary only their own branch and its 党小组."""
    return scope_for(user).covers_org(org)


def may_place_anywhere(user: Actor) -> bool:
    """Name any organisation for a member, even one that does not exist (validation then names
    the field): system administrators. Everyone else is refused a missing organisation as one
    out of scope, so an id cannot be probed."""
    return scope_for(user).everything


def may_add_organizations(user: Actor) -> bool:
    """Open the new-organisation form and the organisation import: system administrators and
    organisation administrators (secretaries do not shape the tree)."""
    scope = scope_for(user)
    return scope.everything or bool(scope.subtree_paths)


def may_add_top_level_organization(user: Actor) -> bool:
    """Add an organisation with no parent (a new 基层党委): system administrators only."""
    return scope_for(user).everything


def may_manage_dues(user: Actor, org: Organization) -> bool:
    """Write ``org``'s dues (bases, ledger, payments, adjustments): whoever looks after it."""
    return scope_for(user).covers_org(org)


def may_generate_all_ledgers(user: Actor) -> bool:
    """Generate a month's ledger for every organisation at once: system administrators."""
    return scope_for(user).everything


def may_edit_dues_policy(user: Actor) -> bool:
    """Change the enterprise-wide dues settings: system administrators."""
    return scope_for(user).everything


def may_open_knowledge_base_admin(user: Actor) -> bool:
    """The knowledge-base management page: system and organisation administrators."""
    scope = scope_for(user)
    return scope.everything or bool(scope.subtree_paths)


def may_manage_knowledge_base(user: Actor, owner: Organization) -> bool:
    """Add or delete documents of ``owner``'s knowledge base: whoever may manage ``owner``."""
    return may_manage_org(user, owner)


def may_read_assistant_log(user: Actor) -> bool:
    """Read every user's questions to the assistant: system administrators."""
    return scope_for(user).everything


def is_own_record(user: Actor, member_id: int) -> bool:
    """Whether ``member_id`` is the archive of ``user`` themself (member self-service)."""
    return scope_for(user).own_member_id == member_id


def may_reveal(user: Actor, member: Member) -> bool:
    """Full ID and phone numbers: own record, or a grant with may_reveal over the member's org."""
    scope = scope_for(user)
    if scope.own_member_id == member.pk:
        return True
    if scope.reveal_everything:
        return True
    return any(member.organization.path.startswith(p) for p in scope.reveal_paths)


def may_reveal_in(user: Actor, organization: Organization) -> bool:
    """Full phone numbers of people attached to ``organization`` who are not (or not only)
    archive members, such as a floating record's contact: the same grants as ``may_reveal``."""
    scope = scope_for(user)
    if scope.reveal_everything:
        return True
    return any(organization.path.startswith(p) for p in scope.reveal_paths)


AUDIT_ADMIN_ONLY = "审计日志仅审计管理员可查看（三员分立：系统管理员、安全管理员不能查看）"
SECURITY_ADMIN_ONLY = "仅安全管理员可管理角色和登录锁定（三员分立）"


def may_read_audit_log(user: Actor) -> bool:
    """Read (and export) the audit log: the audit administrator only. Nobody may edit it."""
    return scope_for(user).reads_audit_log


def access_audit_log(user: Actor) -> None:
    """PermissionDenied unless ``user`` may read the audit log."""
    require(may_read_audit_log(user), AUDIT_ADMIN_ONLY)


def may_manage_locks(user: Actor) -> bool:
    """See and release login locks: the security administrator."""
    return scope_for(user).manages_security


def may_manage_roles(user: Actor) -> bool:
    """Grant and revoke roles: the security administrator."""
    return scope_for(user).manages_security


def require(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionDenied(message)


def may_operate_platform(user: Actor) -> bool:
    """Backups, job runs and the scheduler's state: system administrators only."""
    return scope_for(user).everything


def may_develop_in(user: Actor, branch: Organization) -> bool:
    """Receive applications and record a branch's steps of 发展党员 (细则: the 党支部 trains,
    assesses and holds the meetings): whoever looks after the branch, its secretary included."""
    return scope_for(user).covers_org(branch)


def may_decide_for_committee(user: Actor, committee: Organization) -> bool:
    """Record what a 党委 decides (consent, pre-review, approval, 细则第二十二条), let a blocked
    check through where the 细则 allows 个别特殊情况, and keep its 入党志愿书 numbers and plan:
    administrators of a subtree holding that 党委 and system administrators; never a branch
    secretary, who may not approve their own branch's people."""
    return may_manage_org(user, committee)


def may_record_meeting(user: Actor, organization: Organization) -> bool:
    """Plan, record and correct the meetings of ``organization`` (a branch or a 党小组): whoever
    looks after it, the branch secretary included."""
    return scope_for(user).covers_org(organization)


def may_review_meeting(user: Actor, organization: Organization) -> bool:
    """Review (accept or return) a meeting's record: the higher organisation, i.e. an
    administrator of a subtree holding ``organization``; never the branch's own secretary."""
    return may_manage_org(user, organization)


def may_approve_transfer(user: Actor, committee: Organization) -> bool:
    """Approve a transfer at one level (the sending or the receiving 党委, MEM-2):
    administrators of a subtree holding that 党委, and system administrators."""
    return may_manage_org(user, committee)


def may_run_election(user: Actor, organization: Organization) -> bool:
    """Record an organisation's term, request its election, hold the meeting and report the
    result (ORG-5): whoever looks after the organisation, its secretary included."""
    return scope_for(user).covers_org(organization)


def may_read_committee(user: Actor, organization: Organization) -> bool:
    """Who holds the posts of ``organization``'s committee (书记, 委员...)."""
    scope = scope_for(user)
    # Whoever looks after the organisation sees its committee.
    if scope.covers_org(organization):
        return True
    # A member may know who leads their own branch.
    home = own_organization(user)
    return home is not None and home.pk == organization.pk


def own_organization(user: Actor) -> Organization | None:
    """The organisation the asker's own member record belongs to today, None without one."""
    from dangjian.members.models import Member

    member_id = scope_for(user).own_member_id
    if member_id is None:
        return None
    member = Member.objects.filter(pk=member_id).select_related("organization").first()
    return member.organization if member is not None else None


def may_approve_election(user: Actor, organization: Organization) -> bool:
    """Approve an election's request and its result (批复, ORG-5): the higher organisation, i.e.
    an administrator of a subtree holding the parent; never the organisation's own secretary."""
    parent = Organization.objects.get_parent(organization)
    return parent is not None and may_manage_org(user, parent)


def may_record_lost_contact(user: Actor, member: Member) -> bool:
    """Record that contact with ``member`` was lost, the searches made and the member found
    again (MEM-4): whoever looks after the member's organisation, the branch secretary
    included."""
    return scope_for(user).covers_org(member.organization)


def may_decide_standing(user: Actor, member: Member) -> bool:
    """Record a decision on ``member``'s standing taken by the branch or a higher organisation
    (停止党籍, 除名, 退党, 开除, death, 限期改正; MEM-4, MEM-8): whoever looks after the member's
    organisation. The decision itself names the organisation that took it."""
    return scope_for(user).covers_org(member.organization)


def may_restore_membership(user: Actor, committee: Organization) -> bool:
    """Record a 恢复党籍 approved by ``committee`` (the 党委 above the member's branch, after the
    支部党员大会): administrators of a subtree holding that 党委 and system administrators;
    never the branch secretary alone."""
    return may_manage_org(user, committee)


def may_read_sanctions_register(user: Actor) -> bool:
    """The register of Party sanctions across organisations (restricted): system administrators
    and organisation administrators of a subtree, not branch secretaries (who see a sanction
    on their member's own page) nor members."""
    scope = scope_for(user)
    return scope.everything or bool(scope.subtree_paths)


def may_record_sanction(user: Actor, member: Member) -> bool:
    """Record or correct a Party sanction of ``member`` (DISC-1) and see the member's sanctions
    on the member page: whoever manages the member's organisation (``may_manage_member``), the
    branch secretary included, who records the decision the 支部大会 took and the 党委
    approved (党章第四十条); never the member, never another branch. The register across
    organisations stays ``may_read_sanctions_register``."""
    # Same condition as may_manage_member: the branch keeps its members' records.
    return scope_for(user).covers_org(member.organization)


def may_receive_about(user: Actor, org: Organization) -> bool:
    """Receive a message naming ``org``'s people (a notice, a reminder about its records):
    whoever may see ``org``, a member of it about their own organisation included. A secretary
    of another branch never does."""
    scope = scope_for(user)
    # Managers: the organisation is inside what they look after.
    if scope.covers_org(org):
        return True
    # Members: a message to their own organisation or one above it (a 党委's notice).
    if scope.own_member_id is None:
        return False
    from dangjian.members.models import Member

    own = Member.objects.filter(pk=scope.own_member_id).values_list("organization__path", flat=True)
    path = own.first()
    return path is not None and path.startswith(org.path)


def may_set_notification_defaults(user: Actor) -> bool:
    """Set the reminder channels each role receives by default, and the group robots:
    system administrators."""
    return scope_for(user).everything


# The leading-cadre database (干部信息库): a named permission, granted to a role grant (a
# system administrator's or an organisation administrator's), never implied by a role alone.
CADRE_PERMISSION_NEEDED = "无权查看干部信息：需由安全管理员授予“干部信息查看”权限"


@dataclass(frozen=True)
class CadreScope:
    """Where ``user`` may read cadre files: everything, or the subtrees of their grants."""

    everything: bool = False
    subtree_paths: tuple[str, ...] = ()

    @property
    def granted(self) -> bool:
        return self.everything or bool(self.subtree_paths)


def cadre_scope_for(user: Actor) -> CadreScope:
    """The cadre scope of ``user``, read with the rest of their scope (no query of its own)."""
    scope = scope_for(user)
    return CadreScope(everything=scope.cadre_everything, subtree_paths=scope.cadre_paths)


def may_read_cadres(user: Actor) -> bool:
    """Open the cadre list, files, analysis, import and exports (every door): only a user one
    of whose role grants carries the cadre permission."""
    return cadre_scope_for(user).granted


def cadre_org_q(user: Actor, prefix: str = "organization__") -> Q:
    """A filter on cadres (``prefix`` points at their organisation) for ``user``'s grants."""
    scope = cadre_scope_for(user)
    if scope.everything:
        return Q()
    q = Q(pk__in=[])
    for path in scope.subtree_paths:
        q |= in_subtree(path, f"{prefix}path")
    return q


def require_cadre_permission(user: Actor) -> None:
    """PermissionDenied (in Chinese) unless ``user`` holds the cadre permission."""
    # The refusal is recorded as a security event where every PermissionDenied is answered.
    if not may_read_cadres(user):
        raise PermissionDenied(CADRE_PERMISSION_NEEDED)


def may_grant_cadre_access(user: Actor) -> bool:
    """Grant or revoke the cadre permission: the security administrator, like every role."""
    return scope_for(user).manages_security


def may_manage_kiosk_links(user: Actor, org: Organization) -> bool:
    """Create, list and revoke the big screen's kiosk links (展示链接) of ``org``: its
    organisation administrators and the system administrators (a link shows the whole subtree
    on a display without a login, so a branch secretary may not issue one)."""
    return may_manage_org(user, org)


def may_publish_bulletin(user: Actor, org: Organization) -> bool:
    """Write a notice (通知公告) to ``org``'s subtree, see who read it and remind the others:
    whoever looks after ``org`` (its secretary for a branch, an administrator of a subtree
    holding it for a 党委); never a member, never a secretary of another branch."""
    # The same subtree rule as the rest of the branch's records.
    return scope_for(user).covers_org(org)


def may_decide_correction(user: Actor, member: Member) -> bool:
    """Approve or refuse a member's request to correct their archive: whoever keeps the
    member's record (the branch secretary, an administrator above); never the member
    themself, never a secretary of another branch."""
    scope = scope_for(user)
    # A member does not decide on their own archive, even as the branch's secretary.
    if scope.own_member_id == member.pk:
        return False
    # The branch keeps its members' records (may_manage_member).
    return scope.covers_org(member.organization)


# -- 学习教育 ----------------------------------------------------------------------------------


def may_assign_study(user: Actor, org: Organization) -> bool:
    """Assign study items and quizzes to ``org``'s subtree, keep its question bank, read its
    completion: whoever looks after ``org``, a branch secretary for their own branch."""
    return scope_for(user).covers_org(org)


def may_change_study_item(user: Actor, org: Organization) -> bool:
    """Change the due date or hours of a study item published by ``org``, or withdraw it:
    whoever may publish for ``org`` (a 党委's item is not a branch secretary's to change)."""
    return may_assign_study(user, org)


def may_record_study_session(user: Actor, org: Organization) -> bool:
    """Record an offline 集中学习 session of ``org`` and its attendees: whoever looks after it."""
    return scope_for(user).covers_org(org)


def may_exempt_from_study(user: Actor, member: Member) -> bool:
    """Excuse a member from a year's class hours (with a reason): whoever manages the member;
    never the member themselves (may_manage_member does not cover one's own record)."""
    return may_manage_member(user, member)


def may_configure_points(user: Actor, org: Organization) -> bool:
    """Set the points scheme (积分制, EDU-3) of a 党委: administrators of a subtree holding it;
    a branch secretary does not set the scheme their own branch is scored by."""
    return may_manage_org(user, org)


def system_reader() -> User:
    """The system reading the whole archive for a scheduled scan (智能研判's daily alerts), so
    that the scan reads through the same scoped selectors as the pages instead of copies of
    their queries. An unsaved user whose scope is everything: never stored, never logged in,
    never given to a service that writes (services take ``None`` for the system)."""
    reader = User(username="系统扫描")
    # The scope is preset on the object (the cache ``scope_for`` reads), not built from grants.
    reader._dangjian_scope = Scope(user_id=None, everything=True)  # type: ignore[attr-defined]
    return reader
