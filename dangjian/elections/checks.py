"""The checks of 班子与换届 on a day, for one organisation or every one the asker sees.

Four kinds, each a ``CommitteeCheck`` with a Chinese sentence that cites its regulation:
- ``overdue``: the current term ended before the day and no new election is confirmed (ORG-5);
- ``vacant``: no 书记 in office, and none for more than ``settings.VACANT_POST_DAYS`` days (the
  vacancy counts from the last 书记's end, else from the term's election, else from the
  organisation's founding; with none of these known it is shown at once);
- ``size``: the committee's size outside ORG-3 (the structure rules' own ORG-3 warnings);
- ``sanction``: a member holding a post while a sanction forbids it (DISC-1): under 留党察看 or
  expelled on the day, or a 撤销党内职务 decided after the post began (the post should have
  ended) or whose two-year impact period covered the day the post began;
- ``away``: a post held by someone not on the organisation's register of the day (no
  membership period in its subtree that day, in good standing or suspended: transferred out,
  left, deceased): 组织关系转出即免去原职务, so the post should have ended.

Reads are scoped through ``accounts.access``; the list for many organisations costs a fixed
number of queries (terms, posts, sanctions, memberships, the structure report), never one per organisation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from django.conf import settings
from django.db.models import Max, Q

from dangjian.accounts.access import visible_organizations
from dangjian.core.actor import Actor
from dangjian.discipline.selectors import sanctions_by_member, standing_on
from dangjian.elections.models import CommitteeTerm
from dangjian.members.choices import COMMITTEE_TITLES, PositionTitle, Status
from dangjian.members.models import MemberPeriod, Position
from dangjian.orgs.models import Organization
from dangjian.orgs.selectors import org_facts, structure_report
from dangjian.rules.dates import add_months, format_cn_date
from dangjian.rules.discipline import IMPACT_MONTHS, Sanction, SanctionKind
from dangjian.rules.organization import OrgKind, StructureWarning, structure_warnings
from dangjian.rules.sources import RULE_SOURCES, readable_source

CheckKind = Literal["overdue", "vacant", "size", "sanction", "away"]
# Organisations elected for a term (ORG-5); a 党小组 and a 临时党支部 have none.
TERM_KINDS = (OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH, OrgKind.JOINT_BRANCH)
CHECK_LABELS: dict[str, str] = {
    "overdue": "任期届满未换届",
    "vacant": "职务空缺",
    "size": "委员会人数",
    "sanction": "受处分仍任职",
    "away": "任职人已不在本组织",
}


@dataclass(frozen=True)
class CommitteeCheck:
    """One finding: ``kind`` (see the module), ``text`` what a person reads, with the
    regulation cited; ``rule_id`` for code and tests only."""

    kind: CheckKind
    text: str
    rule_id: str

    @property
    def label(self) -> str:
        return CHECK_LABELS[self.kind]


@dataclass(frozen=True)
class OrgCommittee:
    """An organisation's committee on a day: its current term (None when none is recorded),
    the posts open on the day, and the checks that fail."""

    organization: Organization
    term: CommitteeTerm | None
    posts: tuple[Position, ...] = ()
    checks: tuple[CommitteeCheck, ...] = field(default=())


def _cited(rule_id: str) -> str:
    """ "（依据《…》第X条）" for a rule."""
    return readable_source(RULE_SOURCES[rule_id])


def _overdue(term: CommitteeTerm | None, today: date) -> list[CommitteeCheck]:
    if term is None or term.ends_on >= today:
        return []
    days = (today - term.ends_on).days
    text = (f"第{term.number}届任期已于{format_cn_date(term.ends_on)}届满，逾期{days}天未完成换届"
            f"{_cited('ORG-5')}")  # fmt: skip
    return [CommitteeCheck("overdue", text, "ORG-5")]


def _vacant(
    org: Organization, posts: Sequence[Position], last_end: date | None,
    term: CommitteeTerm | None, today: date, days: int,
) -> list[CommitteeCheck]:  # fmt: skip
    if any(p.title == PositionTitle.SECRETARY for p in posts):
        return []
    since = last_end or (term.elected_on if term else None) or org.founded_on
    if since is not None and today - since <= timedelta(days=days):
        return []
    how_long = f"自{format_cn_date(since)}起" if since else ""
    text = f"书记职务{how_long}空缺，超过{days}天{_cited('ORG-3')}"
    return [CommitteeCheck("vacant", text, "ORG-3")]


def _forbidding(post: Position, sanctions: Iterable[Sanction], today: date) -> str:
    """Why a sanction forbids ``post`` on ``today`` (DISC-1), "" when none does."""
    sanctions = list(sanctions)
    standing = standing_on(sanctions, today)
    if standing.expulsion is not None or standing.probation is not None:
        return standing.summary
    for s in sanctions:
        if s.kind is not SanctionKind.REMOVAL_FROM_POST:
            continue
        impact_end = add_months(s.decided_on, IMPACT_MONTHS[s.kind])
        if s.decided_on >= post.started_on or s.decided_on < post.started_on < impact_end:
            return s.description
    return ""


def post_forbidden(member_ids: Iterable[int], starting_on: date) -> dict[int, str]:
    """Why a sanction forbids each of ``member_ids`` a party post starting on ``starting_on``
    (DISC-1: 撤销党内职务 within its period, 留党察看, 开除党籍): ``{member_id: reason}`` for those
    forbidden, the others left out; one query."""
    found = {}
    for member_id, sanctions in sanctions_by_member(member_ids).items():
        why = _forbidding(Position(member_id=member_id, started_on=starting_on), sanctions,
                          starting_on)  # fmt: skip
        if why:
            found[member_id] = why
    return found


def _sanctioned(posts: Sequence[Position], sanctions: dict[int, list[Sanction]],
                today: date) -> list[CommitteeCheck]:  # fmt: skip
    found = []
    for post in posts:
        why = _forbidding(post, sanctions.get(post.member_id, ()), today)
        if why:
            text = (f"{post.member.name}任{post.get_title_display()}，但{why}，不得担任该职务"
                    f"{_cited('DISC-1')}")  # fmt: skip
            found.append(CommitteeCheck("sanction", text, "DISC-1"))
    return found


def _belonging(member_ids: set[int], today: date) -> dict[int, list[str]]:
    """The organisation paths each of ``member_ids`` belongs to on ``today`` (a membership
    period in good standing or suspended, as the register counts it); one query."""
    found: dict[int, list[str]] = {}
    for member_id, path in MemberPeriod.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=today), member_id__in=member_ids,
        valid_from__lte=today, status__in=[Status.NORMAL, Status.SUSPENDED],
    ).values_list("member_id", "organization__path"):  # fmt: skip
        found.setdefault(member_id, []).append(path)
    return found


def _away(org: Organization, posts: Sequence[Position], belonging: dict[int, list[str]],
          today: date) -> list[CommitteeCheck]:  # fmt: skip
    """Posts held by someone not on ``org``'s register on ``today`` (not in its subtree)."""
    found = []
    for post in posts:
        if any(path.startswith(org.path) for path in belonging.get(post.member_id, [])):
            continue
        text = (f"{post.member.name}任{post.get_title_display()}，但{format_cn_date(today)}已不在"
                f"{org.name}党员名册中（组织关系已转出或已不是党员），任职人已不在本组织，应免去该职务")  # fmt: skip
        found.append(CommitteeCheck("away", text, "MEM-2"))
    return found


def _size(warnings: Iterable[StructureWarning]) -> list[CommitteeCheck]:
    return [CommitteeCheck("size", w.message, "ORG-3") for w in warnings if w.rule_id == "ORG-3"]


def _committees(orgs: Sequence[Organization], size_warnings: dict[int, list[StructureWarning]],
                today: date) -> list[OrgCommittee]:  # fmt: skip
    """The committee of each of ``orgs`` with its checks, in a fixed number of queries."""
    ids = [o.pk for o in orgs]
    terms = {
        t.organization_id: t
        for t in CommitteeTerm.objects.filter(organization_id__in=ids, closed_on__isnull=True)
    }
    open_on_day = Q(started_on__lte=today) & (Q(ended_on__isnull=True) | Q(ended_on__gt=today))
    posts: dict[int, list[Position]] = {}
    for post in (
        Position.objects.filter(open_on_day, organization_id__in=ids, title__in=COMMITTEE_TITLES)
        .select_related("member")
        .order_by("organization_id", "title", "started_on")
    ):
        posts.setdefault(post.organization_id, []).append(post)
    last_secretary_end = dict(
        Position.objects.filter(organization_id__in=ids, title=PositionTitle.SECRETARY,
                                ended_on__lte=today)
        .values("organization_id").annotate(last=Max("ended_on"))
        .values_list("organization_id", "last")
    )  # fmt: skip
    holders = {p.member_id for ps in posts.values() for p in ps}
    sanctions = sanctions_by_member(holders)
    belonging = _belonging(holders, today)
    days = int(settings.VACANT_POST_DAYS)
    found = []
    for org in orgs:
        term, held = terms.get(org.pk), posts.get(org.pk, [])
        checks = [
            *_overdue(term, today),
            *_vacant(org, held, last_secretary_end.get(org.pk), term, today, days),
            *_size(size_warnings.get(org.pk, [])),
            *_sanctioned(held, sanctions, today),
            *_away(org, held, belonging, today),
        ]
        found.append(OrgCommittee(org, term, tuple(held), tuple(checks)))
    return found


def org_committee(org: Organization, today: date) -> OrgCommittee:
    """One organisation's committee and checks (the caller has checked access to ``org``)."""
    if org.kind not in TERM_KINDS or org.dissolved_on is not None:
        return OrgCommittee(org, None)
    return _committees([org], {org.pk: structure_warnings(org_facts(org))}, today)[0]


def committees_in_scope(user: Actor, today: date) -> list[OrgCommittee]:
    """Every active organisation with a term that ``user`` sees, by tree order."""
    orgs = list(
        visible_organizations(user)
        .filter(dissolved_on__isnull=True, kind__in=[k.value for k in TERM_KINDS])
        .order_by("path")
    )
    if not orgs:
        return []
    report = {org.pk: list(w) for org, _facts, w in structure_report(user)}
    return _committees(orgs, report, today)


def failing_in_scope(user: Actor, today: date) -> list[OrgCommittee]:
    """The organisations of ``committees_in_scope`` with at least one failing check."""
    return [c for c in committees_in_scope(user, today) if c.checks]


__all__ = [
    "CHECK_LABELS",
    "CommitteeCheck",
    "OrgCommittee",
    "committees_in_scope",
    "failing_in_scope",
    "org_committee",
]
