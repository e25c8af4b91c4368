"""Reads of the organisation tree, always within the asker's scope."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from dangjian.accounts.access import scope_for, visible_organizations
from dangjian.core.actor import Actor
from dangjian.members.choices import COMMITTEE_TITLES, PositionTitle, Stage, Status
from dangjian.members.models import Member, Position
from dangjian.orgs.models import Organization, OrganizationPath, in_subtree, valid_on
from dangjian.rules.organization import OrgFacts, OrgKind, StructureWarning, structure_warnings


@dataclass(frozen=True)
class TreeNode:
    org: Organization
    members: int  # members in good standing in the whole subtree
    has_children: bool


def _ancestor_paths(path: str) -> list[str]:
    step = Organization.steplen
    return [path[:i] for i in range(step, len(path) + 1, step)]


def _subtree_counts(member_rows: QuerySet[Any]) -> tuple[Counter[str], Counter[str]]:
    """Members (all, full) per organisation path, each added to every ancestor."""
    all_counts: Counter[str] = Counter()
    full_counts: Counter[str] = Counter()
    for row in member_rows:
        for prefix in _ancestor_paths(row["organization__path"]):
            all_counts[prefix] += row["n"]
            full_counts[prefix] += row["full"]
    return all_counts, full_counts


def _counts_under(path_prefix: str = "") -> tuple[Counter[str], Counter[str]]:
    rows = (
        Member.objects.filter(in_subtree(path_prefix, "organization__path"), status=Status.NORMAL)
        .values("organization__path")
        .annotate(n=Count("*"), full=Count("pk", filter=Q(stage=Stage.FULL)))
    )
    return _subtree_counts(rows)


def tree_roots(user: Actor) -> list[Organization]:
    """The topmost organisations the user may see (without loading the whole tree)."""
    scope = scope_for(user)
    active = Organization.objects.filter(dissolved_on__isnull=True)
    if scope.everything:
        return list(active.filter(depth=1).order_by("sort_order", "path"))
    granted = active.filter(Q(path__in=scope.subtree_paths) | Q(pk__in=scope.own_org_ids))
    roots: list[Organization] = []
    for org in granted.order_by("path"):
        if not roots or not org.path.startswith(roots[-1].path):
            roots.append(org)
    return roots


def tree_children(user: Actor, parent: Organization | None) -> list[TreeNode]:
    if parent is None:
        orgs = tree_roots(user)
    else:
        orgs = list(
            visible_organizations(user)
            .filter(in_subtree(parent.path), depth=parent.depth + 1, dissolved_on__isnull=True)
            .order_by("sort_order", "path")
        )
    if not orgs:
        return []
    counts: dict[str, int] = {}
    for length in {len(o.path) for o in orgs}:
        counts |= _counts_by_prefix([o for o in orgs if len(o.path) == length])
    groups = [o for o in orgs if o.kind == OrgKind.GROUP]
    if groups:
        counts |= _group_counts(groups)[0]
    return [
        TreeNode(org=o, members=counts.get(o.path, 0), has_children=o.numchild > 0) for o in orgs
    ]


def _counts_by_prefix(orgs: list[Organization]) -> dict[str, int]:
    """Members in good standing under each of ``orgs`` (siblings), in one GROUP BY."""
    length = len(orgs[0].path)
    rows = (
        Member.objects.filter(
            in_subtree(_common_prefix([o.path for o in orgs]), "organization__path"),
            status=Status.NORMAL,
        )
        .annotate(prefix=Substr("organization__path", 1, length))
        .values("prefix")
        .annotate(n=Count("*"))
    )
    return {row["prefix"]: row["n"] for row in rows}


def _common_prefix(paths: list[str]) -> str:
    step = Organization.steplen
    first = min(paths)
    last = max(paths)
    n = 0
    while n + step <= min(len(first), len(last)) and first[: n + step] == last[: n + step]:
        n += step
    return first[:n]


def committee_of(org: Organization) -> QuerySet[Position]:
    return Position.objects.filter(
        organization=org, ended_on__isnull=True, title__in=COMMITTEE_TITLES
    ).select_related("member")


# A secretary, with a deputy if needed, is what ORG-3 asks of a branch under 7 full members;
# only 委员 posts beyond them make a 支部委员会.
_LEADERS_ONLY = frozenset({PositionTitle.SECRETARY.value, PositionTitle.DEPUTY_SECRETARY.value})


def _committee_sizes(org_ids: list[int] | None) -> Counter[int]:
    """Members of each organisation's 委员会; 0 where only a secretary and deputy are set."""
    posts = Position.objects.filter(ended_on__isnull=True, title__in=COMMITTEE_TITLES)
    if org_ids is not None:
        posts = posts.filter(organization_id__in=org_ids)
    rows = posts.values("organization_id").annotate(
        n=Count("member_id", distinct=True),
        members=Count("pk", filter=~Q(title__in=_LEADERS_ONLY)),
    )
    return Counter({r["organization_id"]: r["n"] for r in rows if r["members"]})


def _group_counts(groups: list[Organization]) -> tuple[Counter[str], Counter[str]]:
    """Members (all, full) of each 党小组 by path. A member belongs to the branch and names
    the 党小组 in ``party_group``, so a group's members are counted through that field."""
    rows = (
        Member.objects.filter(party_group__in=groups, status=Status.NORMAL)
        .values("party_group__path")
        .annotate(n=Count("*"), full=Count("pk", filter=Q(stage=Stage.FULL)))
    )
    all_counts: Counter[str] = Counter()
    full_counts: Counter[str] = Counter()
    for row in rows:
        all_counts[row["party_group__path"]] = row["n"]
        full_counts[row["party_group__path"]] = row["full"]
    return all_counts, full_counts


def org_facts(org: Organization) -> OrgFacts:
    if org.kind == OrgKind.GROUP:
        all_counts, full_counts = _group_counts([org])
    else:
        all_counts, full_counts = _counts_under(org.path)
    return OrgFacts(
        kind=OrgKind(org.kind),
        full_members=full_counts[org.path],
        all_members=all_counts[org.path],
        committee_size=_committee_sizes([org.pk])[org.pk],
        units=org.unit_count,
    )


def structure_report(user: Actor) -> list[tuple[Organization, OrgFacts, list[StructureWarning]]]:
    """Every visible, active organisation that breaks an ORG rule, with its facts."""
    orgs = list(visible_organizations(user).filter(dissolved_on__isnull=True).order_by("path"))
    if not orgs:
        return []
    all_counts, full_counts = _counts_under(_common_prefix([o.path for o in orgs]))
    committees = _committee_sizes(None)
    report = []
    for org in orgs:
        if org.kind == OrgKind.GROUP:
            continue
        facts = OrgFacts(
            kind=OrgKind(org.kind),
            full_members=full_counts[org.path],
            all_members=all_counts[org.path],
            committee_size=committees[org.pk],
            units=org.unit_count,
        )
        warnings = structure_warnings(facts)
        if warnings:
            report.append((org, facts, warnings))
    return report


def org_breadcrumbs(user: Actor, org: Organization) -> list[Organization]:
    scope = scope_for(user)
    ancestors = [*list(Organization.objects.get_ancestors(org)), org]
    return [a for a in ancestors if scope.covers_org(a)]


def org_choices(user: Actor, *, branches_only: bool = False) -> QuerySet[Organization]:
    qs = visible_organizations(user).filter(dissolved_on__isnull=True)
    if branches_only:
        qs = qs.filter(kind__in=[k.value for k in OrgKind if k.is_branch])
    return qs.order_by("path")


def path_on(org: Organization, on: date) -> str:
    """The path ``org`` had on ``on``. Its first history row is open towards the past, so any
    date finds one; the current path stands in only for an organisation with no history."""
    rows = OrganizationPath.objects.filter(valid_on(on), organization=org)
    return rows.values_list("path", flat=True).first() or org.path
