"""Reads of 学习教育, each scoped to the asker (``accounts.access``).

Hours are tenths of an hour (``dangjian.rules.study``). A year's hours are those of items
marked studied in that year (Asia/Shanghai) and of sessions held in it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import Q, QuerySet, Sum

from dangjian.accounts.access import scope_for, visible_members, visible_organizations
from dangjian.core.actor import Actor
from dangjian.members.choices import COMMITTEE_TITLES, Status
from dangjian.members.models import Member, Position
from dangjian.orgs.models import Organization, in_subtree
from dangjian.rules.organization import OrgKind
from dangjian.rules.study import (
    EDU1_TENTHS,
    TENTHS,
    HoursStatus,
    PointRule,
    Requirement,
    hours_text,
    yearly_points,
    yearly_requirement,
)
from dangjian.study.models import (
    ItemEventKind,
    PointItem,
    Question,
    Quiz,
    QuizAttempt,
    StudyExemption,
    StudyItem,
    StudyItemEvent,
    StudyRecord,
    StudySession,
)

BRANCH_KINDS = tuple(k.value for k in OrgKind if k.is_branch)


def own_member(user: Actor) -> Member | None:
    """The asker's own member record (normal standing), None without one."""
    member_id = scope_for(user).own_member_id
    if member_id is None:
        return None
    return Member.objects.filter(pk=member_id).select_related("organization").first()


def ancestor_paths(path: str) -> list[str]:
    """The tree paths of an organisation and everything above it (4 characters a level)."""
    step = Organization.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def items_for_member(member: Member) -> QuerySet[StudyItem]:
    """Items assigned to the member's organisation or anything above it and not withdrawn, the
    soonest due first."""
    return (
        StudyItem.objects.filter(
            organization__path__in=ancestor_paths(member.organization.path),
            withdrawn_at__isnull=True,
        )
        .select_related("organization", "document")
        .order_by("due_on", "pk")
    )


def studied_item_ids(member: Member) -> set[int]:
    return set(StudyRecord.objects.filter(member=member).values_list("item_id", flat=True))


def item_for_member(member: Member, item_id: int) -> StudyItem | None:
    """The item when it is assigned to the member's organisation or above; None otherwise (as
    for a missing one)."""
    return items_for_member(member).filter(pk=item_id).first()


def reckoning_day(year: int, today: date) -> date:
    """The day a year is judged by: 12-31 for a past year, ``today`` within the year."""
    return min(today, date(year, 12, 31))


def committee_holders(member_ids: list[int], day: date) -> set[int]:
    """Which of ``member_ids`` hold a committee post on ``day`` (a post counts from its
    ``started_on`` up to, not including, its ``ended_on``, as ``elections.committee_as_of``)."""
    held = Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    rows = Position.objects.filter(held, member_id__in=member_ids, title__in=COMMITTEE_TITLES)
    return set(rows.values_list("member_id", flat=True))


def _hours_by_member(member_ids: list[int], year: int) -> tuple[dict[int, int], dict[int, int]]:
    """Online and offline tenths of ``year`` by member id."""
    online = dict(
        StudyRecord.objects.filter(member_id__in=member_ids, studied_at__year=year)
        .values_list("member_id")
        .annotate(total=Sum("hours"))
        .values_list("member_id", "total")
    )
    offline: dict[int, int] = defaultdict(int)
    sessions = StudySession.attendees.through.objects.filter(
        member_id__in=member_ids, studysession__held_on__year=year
    ).values_list("member_id", "studysession__hours")
    for member_id, hours in sessions:
        offline[member_id] += hours
    return online, dict(offline)


def requirement_for(member: Member, year: int, *, holds_post: bool) -> Requirement:
    """EDU-1 or EDU-2 for ``member`` in ``year``, with the deployment's settings."""
    return yearly_requirement(
        year=year, joined_on=member.joined_on, holds_committee_post=holds_post,
        edu1_tenths=EDU1_TENTHS, edu2_tenths=settings.STUDY_EDU2_HOURS * TENTHS,
        prorate_new_members=settings.STUDY_PRORATE_NEW_MEMBERS,
    )  # fmt: skip


def statuses_of(members: list[Member], year: int, today: date) -> dict[int, HoursStatus]:
    """Each member's hours in ``year`` against EDU-1/EDU-2, by member id, in a fixed number of
    queries whatever the number of members."""
    ids = [m.pk for m in members]
    online, offline = _hours_by_member(ids, year)
    posts = committee_holders(ids, reckoning_day(year, today))
    exempt = dict(
        StudyExemption.objects.filter(member_id__in=ids, year=year).values_list(
            "member_id", "reason"
        )
    )
    return {
        m.pk: HoursStatus(
            online=online.get(m.pk, 0), offline=offline.get(m.pk, 0),
            requirement=requirement_for(m, year, holds_post=m.pk in posts),
            exemption=exempt.get(m.pk, ""),
        )
        for m in members
    }  # fmt: skip


def member_status(member: Member, year: int, today: date) -> HoursStatus:
    return statuses_of([member], year, today)[member.pk]


@dataclass(frozen=True)
class BranchCompletion:
    """One branch's year: members counted, met (exempt included), exempt, total tenths."""

    branch: Organization
    members: int
    met: int
    exempt: int
    tenths: int

    @property
    def rate_text(self) -> str:
        return "—" if self.members == 0 else f"{self.met * 100 // self.members}%"


def completion_by_branch(user: Actor, year: int, today: date) -> list[BranchCompletion]:
    """Every branch the asker looks after, with its members' EDU-1/EDU-2 completion in
    ``year`` (members of normal standing today, in the branch or its 党小组)."""
    branches = list(
        visible_organizations(user)
        .filter(kind__in=BRANCH_KINDS, dissolved_on__isnull=True)
        .order_by("path")[:2000]
    )
    if not branches:
        return []
    area = Q(pk__in=[])
    for branch in branches:
        area |= in_subtree(branch.path, "organization__path")
    members = list(
        visible_members(user).filter(area, status=Status.NORMAL).select_related("organization")
    )
    statuses = statuses_of(members, year, today)
    return [_branch_line(b, members, statuses) for b in branches]


def _branch_line(
    branch: Organization, members: list[Member], statuses: dict[int, HoursStatus]
) -> BranchCompletion:
    own = [statuses[m.pk] for m in members if m.organization.path.startswith(branch.path)]
    return BranchCompletion(
        branch=branch, members=len(own), met=sum(s.met for s in own),
        exempt=sum(bool(s.exemption) for s in own), tenths=sum(s.total for s in own),
    )  # fmt: skip


def assigned_items(user: Actor) -> QuerySet[StudyItem]:
    """Items assigned by organisations the asker looks after, the newest first."""
    return (
        StudyItem.objects.filter(scope_for(user).org_q("organization__"))
        .select_related("organization")
        .order_by("-due_on", "-pk")
    )


def sessions_in_scope(user: Actor) -> QuerySet[StudySession]:
    return (
        StudySession.objects.filter(scope_for(user).org_q("organization__"))
        .select_related("organization")
        .order_by("-held_on", "-pk")
    )


def quizzes_for_member(member: Member) -> QuerySet[Quiz]:
    return Quiz.objects.filter(
        organization__path__in=ancestor_paths(member.organization.path)
    ).order_by("due_on", "pk")


def quizzes_in_scope(user: Actor) -> QuerySet[Quiz]:
    return (
        Quiz.objects.filter(scope_for(user).org_q("organization__"))
        .select_related("organization")
        .order_by("-due_on", "-pk")
    )


def quiz_in_scope(user: Actor, quiz_id: int) -> Quiz | None:
    return quizzes_in_scope(user).filter(pk=quiz_id).first()


def own_attempt(member: Member, attempt_id: int) -> QuizAttempt | None:
    """One of the member's own papers; None for anyone else's (as for a missing one)."""
    return QuizAttempt.objects.filter(pk=attempt_id, member=member).select_related("quiz").first()


def paper_questions(attempt: QuizAttempt) -> list[Question]:
    """The attempt's questions in the order drawn (a question removed since is left out)."""
    found = Question.objects.in_bulk(attempt.question_ids)
    return [found[q] for q in attempt.question_ids if q in found]


def attempts_of(member: Member, quiz: Quiz) -> list[QuizAttempt]:
    return list(QuizAttempt.objects.filter(member=member, quiz=quiz).order_by("number"))


@dataclass(frozen=True)
class MemberResult:
    member: Member
    attempts: int
    best: int | None


@dataclass(frozen=True)
class BranchResult:
    branch: Organization
    members: int
    taken: int
    passed: int
    average: int | None


def quiz_results(user: Actor, quiz: Quiz) -> tuple[list[MemberResult], list[BranchResult]]:
    """The best submitted score of each member the asker sees (in the quiz's subtree), and the
    branches' counts: members, those who took it, those who passed, the average best score."""
    members = list(
        visible_members(user)
        .filter(in_subtree(quiz.organization.path, "organization__path"), status=Status.NORMAL)
        .select_related("organization")
        .order_by("organization__path", "name")
    )
    best: dict[int, int] = {}
    tries: dict[int, int] = defaultdict(int)
    submitted = QuizAttempt.objects.filter(quiz=quiz, member__in=members, score__isnull=False)
    for member_id, score in submitted.values_list("member_id", "score"):
        tries[member_id] += 1
        best[member_id] = max(best.get(member_id, 0), score or 0)
    rows = [MemberResult(m, tries[m.pk], best.get(m.pk)) for m in members]
    return rows, _branch_results(user, rows, quiz.pass_score)


def _branch_results(user: Actor, rows: list[MemberResult], pass_score: int) -> list[BranchResult]:
    by_branch: dict[int, list[MemberResult]] = defaultdict(list)
    branches = {b.pk: b for b in visible_organizations(user).filter(kind__in=BRANCH_KINDS)}
    paths = sorted(((b.path, b.pk) for b in branches.values()), reverse=True)
    for row in rows:
        home = next(
            (pk for path, pk in paths if row.member.organization.path.startswith(path)), None
        )
        if home is not None:
            by_branch[home].append(row)
    return [_branch_result(branches[pk], lines, pass_score) for pk, lines in by_branch.items()]


def _branch_result(
    branch: Organization, lines: list[MemberResult], pass_score: int
) -> BranchResult:
    scores = [r.best for r in lines if r.best is not None]
    return BranchResult(
        branch=branch, members=len(lines), taken=len(scores),
        passed=sum(s >= pass_score for s in scores),
        average=round(sum(scores) / len(scores)) if scores else None,
    )  # fmt: skip


def point_scheme_for(org: Organization) -> list[PointItem]:
    """The points scheme a member of ``org`` is scored by: that of the nearest organisation
    above (or at) ``org`` that set one (EDU-3: a local setting)."""
    items = PointItem.objects.filter(organization__path__in=ancestor_paths(org.path))
    by_org: dict[str, list[PointItem]] = defaultdict(list)
    for item in items.select_related("organization"):
        by_org[item.organization.path].append(item)
    return by_org[max(by_org, key=len)] if by_org else []


def member_points(member: Member, year: int) -> list[tuple[PointItem, int, int]]:
    """(item, events, points) of the member's year under their scheme (EDU-3), capped."""
    events = {
        "item": StudyRecord.objects.filter(member=member, studied_at__year=year).count(),
        "session": StudySession.objects.filter(attendees=member, held_on__year=year).count(),
        "quiz": _quizzes_passed(member, year),
    }
    return [
        (item, events[item.source],
         yearly_points(PointRule(item.source, item.points, item.yearly_cap), events[item.source]))
        for item in point_scheme_for(member.organization)
    ]  # fmt: skip


def _quizzes_passed(member: Member, year: int) -> int:
    passed = QuizAttempt.objects.filter(
        member=member, submitted_at__year=year, score__isnull=False
    ).select_related("quiz")
    return len({a.quiz_id for a in passed if a.score is not None and a.score >= a.quiz.pass_score})


def credited_count(item: StudyItem) -> int:
    """How many members were credited the item's hours (they keep them if it is withdrawn)."""
    return StudyRecord.objects.filter(item=item).count()


@dataclass(frozen=True)
class ItemEventLine:
    """One line of an item's history as the page shows it (Chinese)."""

    at: datetime
    kind: str
    what: str
    reason: str
    actor: str


def item_events(item: StudyItem) -> list[ItemEventLine]:
    """The item's changes and withdrawal, oldest first, as lines of text."""
    lines = []
    for event in StudyItemEvent.objects.filter(item=item).select_related("actor"):
        lines.append(ItemEventLine(event.at, event.get_kind_display(), _event_text(event),
                                   event.reason, event.actor.username if event.actor else "系统"))  # fmt: skip
    return lines


def _event_text(event: StudyItemEvent) -> str:
    changes = event.changes
    if event.kind == ItemEventKind.WITHDRAWN:
        return f"已完成学习的{changes.get('credited_members', 0)}人学时保留"
    parts = []
    if "due_on" in changes:
        parts.append(f"完成期限 {changes['due_on'][0]} → {changes['due_on'][1]}")
    if "hours" in changes:
        before, after = (hours_text(int(v)) for v in changes["hours"])
        parts.append(f"学时 {before} → {after}")
    return "；".join(parts)
