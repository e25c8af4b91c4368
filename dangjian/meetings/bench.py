"""Benchmark of the compliance matrix (MEET-8) against hand-written SQL giving the same cells.

The data, generated with bulk inserts: a root 党委 with ``committees`` 二级党委, each with
branches and a 党小组 under every fourth branch (``organisations`` in all), ``members`` full and
probationary members spread over the branches, and two years of meetings: every branch a
monthly 主题党日 (in a quarter's first month also its 党员大会 and 党课), a monthly 支委会
where it has a committee, a December 组织生活会 and 民主评议; every 党小组 a monthly 党小组会;
about one in twenty periods skipped, one in fifty records returned. Attendance is written
for the meetings of the first 党委 (``attendance`` = "first") or of all (``"all"``).

Timed: ``compliance`` for the root scope for one year, and for one 党委, each against one SQL
statement that computes every cell (organisation × kind owed × period: held count and state),
checked to give the same cells. The same run, median of ``repeat``.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone

from dangjian.accounts.models import Role, RoleGrant
from dangjian.meetings.models import Attendance, Meeting, MeetingKindMark, MeetingState
from dangjian.meetings.selectors import COMMITTEE_MINIMUM, compliance
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.rules.meetings.kinds import DEFAULT_REQUIREMENTS, Frequency, Holder, MeetingKind
from dangjian.rules.meetings.periods import periods_between

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
BATCH = 5000
_SHANGHAI = ZoneInfo("Asia/Shanghai")
BENCH_USER = "bench_meetings_admin"


def _step(i: int) -> str:
    out = ""
    for _ in range(4):
        i, r = divmod(i, 36)
        out = ALPHABET[r] + out
    return out


@dataclass
class Shape:
    """What was generated: the root and 党委 organisations, counts."""

    root: Organization
    committees: list[Organization]
    organisations: int = 0
    members: int = 0
    meetings: int = 0
    attendance: int = 0


def _bulk(model: Any, objects: Iterator[Any]) -> int:
    batch: list[Any] = []
    n = 0
    for obj in objects:
        batch.append(obj)
        if len(batch) >= 50_000:
            model.objects.bulk_create(batch, batch_size=BATCH)
            n += len(batch)
            batch = []
    model.objects.bulk_create(batch, batch_size=BATCH)
    return n + len(batch)


def create_data(
    *, organisations: int, members: int, committees: int, years: tuple[int, int], seed: int,
    attendance: str, out: Callable[[str], None],
) -> Shape:  # fmt: skip
    """Generate the tree, the members and two years (``years``) of meetings."""
    started = time.perf_counter()
    rng = random.Random(seed)
    committees = max(1, min(committees, organisations // 4))
    holders = max(1, organisations - 1 - committees)
    branches = max(1, holders * 4 // 5)
    per_committee = -(-branches // committees)
    root = Organization.objects.create(path=_step(1), depth=1, numchild=committees,
                                       name="基准测试集团党委", code="MB-ROOT", kind="committee")  # fmt: skip
    _bulk(Organization, (
        Organization(path=_step(1) + _step(c + 1), depth=2, name=f"第{c + 1}二级党委",
                     code=f"MB-C{c + 1:05d}", kind="committee",
                     numchild=min(per_committee, branches - c * per_committee))
        for c in range(committees)
    ))  # fmt: skip
    tops = list(Organization.objects.filter(depth=2, path__startswith=root.path).order_by("path"))

    def branch_rows() -> Iterator[Organization]:
        for b in range(branches):
            top = tops[b // per_committee]
            yield Organization(path=top.path + _step(b % per_committee + 1), depth=3,
                               numchild=1 if b % 4 == 0 else 0, name=f"第{b + 1}党支部",
                               code=f"MB-B{b + 1:07d}", kind="branch")  # fmt: skip

    _bulk(Organization, branch_rows())
    branch_list = list(
        Organization.objects.filter(depth=3, path__startswith=root.path)
        .order_by("path")
        .values_list("pk", "path")
    )
    _bulk(Organization, (
        Organization(path=path + _step(1), depth=4, numchild=0, name=f"第{i + 1}党支部第一党小组",
                     code=f"MB-G{i + 1:07d}", kind="group")
        for i, (_, path) in enumerate(branch_list) if i % 4 == 0
    ))  # fmt: skip
    groups = dict(
        Organization.objects.filter(depth=4, path__startswith=root.path).values_list("path", "pk")
    )
    out(
        f"  组织已建：{1 + len(tops) + len(branch_list) + len(groups)}个（{time.perf_counter() - started:.0f}秒）"
    )
    now = timezone.now()
    group_of = {pk: groups.get(path + _step(1)) for pk, path in branch_list}
    if connection.vendor == "postgresql":
        counts = _generate_in_sql(branch_list, group_of, members, years, now,
                                  root if attendance == "all" else tops[0], attendance, out)  # fmt: skip
        return Shape(root, tops, 1 + len(tops) + len(branch_list) + len(groups), *counts)

    def member_rows() -> Iterator[Member]:
        for i in range(members):
            org_id = branch_list[i % len(branch_list)][0]
            joined = date(1990 + i % 30, 1 + i % 12, 1 + i % 28)
            probationary = i % 23 == 0
            yield Member(
                name=f"党员{i}", name_pinyin=f"dangyuan{i}", name_initials="dy", gender="MF"[i % 2],
                birth_date=date(1960 + i % 40, 1 + i % 12, 1 + i % 28), education="bachelor",
                occupation="professional", joined_on=joined,
                confirmed_on=None if probationary else date(joined.year + 1, joined.month, joined.day),
                stage="probationary" if probationary else "full", status="normal",
                dues_category="salaried", organization_id=org_id,
                party_group_id=group_of[org_id] if i % 3 == 0 else None,
                created_at=now, updated_at=now,
            )  # fmt: skip

    member_count = _bulk(Member, member_rows())
    out(f"  党员已建：{member_count}名（{time.perf_counter() - started:.0f}秒）")
    full = dict(
        Member.objects.filter(organization__path__startswith=root.path, stage="full")
        .values("organization_id")
        .annotate(n=_count())
        .values_list("organization_id", "n")
    )
    meeting_count = _meetings(branch_list, groups, full, years, rng, now)
    out(f"  会议已建：{meeting_count}次（{time.perf_counter() - started:.0f}秒）")
    scope = root if attendance == "all" else tops[0]
    attended = _attendance(scope, rng) if attendance != "none" else 0
    out(f"  出席记录已建：{attended}条（{time.perf_counter() - started:.0f}秒）")
    return Shape(root, tops, 1 + len(tops) + len(branch_list) + len(groups), member_count,
                 meeting_count, attended)  # fmt: skip


def _generate_in_sql(
    branch_list: list[tuple[int, str]], group_of: dict[int, int | None], members: int,
    years: tuple[int, int], now: datetime, scope: Organization, attendance: str,
    out: Callable[[str], None],
) -> tuple[int, int, int]:  # fmt: skip
    """PostgreSQL: members, meetings and attendance written set-based (``bench_sql``)."""
    from dangjian.meetings import bench_sql

    started = time.perf_counter()
    bench_sql.load_branches([(pk, group_of[pk]) for pk, _ in branch_list])
    made = bench_sql.members(members, now)
    out(f"  党员已建：{made}名（{time.perf_counter() - started:.0f}秒）")
    held = bench_sql.meetings(years[0], now, COMMITTEE_MINIMUM)
    out(f"  会议已建：{held}次（{time.perf_counter() - started:.0f}秒）")
    attended = bench_sql.attendance(scope.path) if attendance != "none" else 0
    out(f"  出席记录已建：{attended}条（{time.perf_counter() - started:.0f}秒）")
    return made, held, attended


def _count() -> Any:
    from django.db.models import Count

    return Count("pk")


def _at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=_SHANGHAI)


def _meetings(
    branch_list: list[tuple[int, str]], groups: dict[str, int], full: dict[int, int],
    years: tuple[int, int], rng: random.Random, now: datetime,
) -> int:  # fmt: skip
    """Meetings and their kinds, in batches (the kinds need the meetings' ids)."""
    months = [(y, m) for y in range(years[0], years[1] + 1) for m in range(1, 13)]
    plans: list[tuple[int, date, tuple[str, ...]]] = []
    total = 0

    def flush() -> None:
        nonlocal plans, total
        made = Meeting.objects.bulk_create([
            Meeting(organization_id=o, topic="学习交流", held_on=d, starts_at=_at(d, 14),
                    ends_at=_at(d, 16), content="学习", created_at=now, updated_at=now,
                    state=MeetingState.RETURNED if rng.random() < 0.02 else MeetingState.REVIEWED)
            for o, d, _ in plans
        ], batch_size=BATCH)  # fmt: skip
        MeetingKindMark.objects.bulk_create(
            (MeetingKindMark(meeting=m, kind=k) for m, (_, _, ks) in zip(made, plans, strict=True) for k in ks),
            batch_size=BATCH,
        )  # fmt: skip
        total += len(plans)
        plans = []

    for org_id, path in branch_list:
        committee = full.get(org_id, 0) >= COMMITTEE_MINIMUM
        group = groups.get(path + _step(1))
        for y, m in months:
            if rng.random() >= 0.05:
                kinds: tuple[str, ...] = (MeetingKind.THEME_DAY.value,)
                if m % 3 == 1:
                    kinds += (MeetingKind.BRANCH_ASSEMBLY.value, MeetingKind.PARTY_LECTURE.value)
                if m == 12:
                    kinds += (MeetingKind.LIFE_MEETING.value, MeetingKind.DEMOCRATIC_REVIEW.value)
                plans.append((org_id, date(y, m, 10 + rng.randrange(15)), kinds))
            if committee and rng.random() >= 0.05:
                plans.append((org_id, date(y, m, 5), (MeetingKind.BRANCH_COMMITTEE.value,)))
            if group is not None and rng.random() >= 0.05:
                plans.append((group, date(y, m, 20), (MeetingKind.GROUP_MEETING.value,)))
        if len(plans) >= 50_000:
            flush()
    flush()
    return total


def _attendance(scope: Organization, rng: random.Random) -> int:
    """Every branch meeting under ``scope``: one row per member of the branch."""
    people: dict[int, list[int]] = {}
    for pk, org_id in Member.objects.filter(organization__path__startswith=scope.path).values_list(
        "pk", "organization_id"
    ):
        people.setdefault(org_id, []).append(pk)
    marks = ("present",) * 17 + ("late", "leave", "absent")

    def rows() -> Iterator[Attendance]:
        meetings = Meeting.objects.filter(
            organization__path__startswith=scope.path, organization__kind="branch"
        ).values_list("pk", "organization_id")
        for meeting_id, org_id in meetings.iterator(chunk_size=10_000):
            for member_id in people.get(org_id, []):
                yield Attendance(meeting_id=meeting_id, member_id=member_id, mark=rng.choice(marks))

    return _bulk(Attendance, rows())


def bench_user() -> User:
    """A system administrator (the root scope) for the timed selector."""
    user, created = User.objects.get_or_create(username=BENCH_USER)
    if created:
        RoleGrant.objects.create(user=user, role=Role.SYSTEM_ADMIN)
    return user


# --- the baseline ---------------------------------------------------------------------------------

Cell = tuple[int, str, str, int, str, int]  # org id, kind, frequency, index, state, held


def baseline_sql(periods: list[tuple[str, int, date, date]]) -> str:
    """Every cell of the matrix under a root path in one statement: the organisations that hold
    meetings, the kinds each owes (a committee only with 7 full members, ORG-3), each period of
    the kind's frequency, the meetings that count (recorded or reviewed) and the state.

    The span is one calendar year, so a meeting's period is its month or quarter number,
    computed, and every join is on equality (hash joins): an earlier version matched dates
    against each period's range and let the planner run 1.4 million index probes at the full
    scale (47 s where this takes a few)."""
    reqs = ", ".join(
        f"('{r.kind.value}', '{r.frequency.value}', '{r.holder.value}')"
        for r in DEFAULT_REQUIREMENTS
    )
    values = ", ".join("(%s, %s, %s, %s)" for _ in periods)
    month = (
        "CAST(EXTRACT(MONTH FROM mt.held_on) AS integer)"
        if connection.vendor == "postgresql"
        else "CAST(strftime('%%m', mt.held_on) AS integer)"
    )
    return f"""
WITH holders AS (
    SELECT o.id, o.kind, o.founded_on FROM orgs_organization o
    WHERE o.path LIKE %s AND o.kind IN ('branch', 'joint_branch', 'temp_branch', 'group')
      AND (o.dissolved_on IS NULL OR o.dissolved_on >= %s)
),
full_counts AS (
    SELECT m.organization_id AS id, COUNT(*) AS n FROM members_member m
    JOIN holders h ON h.id = m.organization_id
    WHERE m.status = 'normal' AND m.stage = 'full'
    GROUP BY m.organization_id
),
reqs(kind, freq, holder) AS (VALUES {reqs}),
periods(freq, idx, first_day, last_day) AS (VALUES {values}),
owed AS (
    SELECT h.id, h.founded_on, r.kind, r.freq FROM holders h
    JOIN reqs r ON r.holder = CASE WHEN h.kind = 'group' THEN 'group' ELSE 'branch' END
    LEFT JOIN full_counts f ON f.id = h.id
    WHERE r.kind <> 'branch_committee' OR COALESCE(f.n, 0) >= {COMMITTEE_MINIMUM}
),
held AS (
    SELECT mt.organization_id AS id, k.kind,
           CASE r.freq WHEN 'month' THEN {month}
                       WHEN 'quarter' THEN ({month} + 2) / 3
                       ELSE 1 END AS idx,
           COUNT(*) AS n
    FROM meetings_meeting mt
    JOIN holders h ON h.id = mt.organization_id
    JOIN meetings_meetingkindmark k ON k.meeting_id = mt.id
    JOIN reqs r ON r.kind = k.kind
    WHERE mt.held_on BETWEEN %s AND %s AND mt.state IN ('recorded', 'reviewed')
    GROUP BY 1, 2, 3
)
SELECT o.id, o.kind, o.freq, p.idx,
       CASE WHEN COALESCE(c.n, 0) > 0 THEN 'held'
            WHEN o.founded_on IS NOT NULL AND o.founded_on > p.last_day THEN 'not_owed'
            WHEN p.last_day >= %s THEN 'open' ELSE 'missing' END,
       COALESCE(c.n, 0)
FROM owed o JOIN periods p ON p.freq = o.freq
LEFT JOIN held c ON c.id = o.id AND c.kind = o.kind AND c.idx = p.idx
"""


def baseline_cells(root: Organization, year: int, today: date) -> set[Cell]:
    first, last = date(year, 1, 1), date(year, 12, 31)
    periods = [
        (f.value, p.index, p.first_day, p.last_day)
        for f in Frequency
        for p in periods_between(first, last, f)
    ]
    params: list[Any] = [p for row in periods for p in row]
    sql = baseline_sql(periods)
    # the holders' path, first; the periods; the span; today
    args = [root.path + "%", first, *params, first, last, today]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return {(r[0], r[1], r[2], r[3], r[4], r[5]) for r in cursor.fetchall()}


def selector_cells(user: User, root: Organization, year: int, today: date) -> set[Cell]:
    rows = compliance(user, root, date(year, 1, 1), date(year, 12, 31), today)
    return {
        (r.organization.pk, k.requirement.kind.value, k.requirement.frequency.value,
         c.period.index, c.state.value, c.held)
        for r in rows for k in r.kinds for c in k.cells
    }  # fmt: skip


@dataclass
class CaseResult:
    name: str
    cells: int
    median: float
    baseline_median: float
    same: bool
    times: list[float] = field(default_factory=list)
    baseline_times: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.median / self.baseline_median if self.baseline_median else float("inf")


def run_case(name: str, root: Organization, year: int, today: date, repeat: int) -> CaseResult:
    """Time the selector and the SQL alternately ``repeat`` times; compare their cells."""
    user = bench_user()
    times, base_times = [], []
    cells: set[Cell] = set()
    base: set[Cell] = set()
    for _ in range(repeat):
        started = time.perf_counter()
        cells = selector_cells(user, root, year, today)
        times.append(time.perf_counter() - started)
        started = time.perf_counter()
        base = baseline_cells(root, year, today)
        base_times.append(time.perf_counter() - started)
    return CaseResult(name, len(cells), statistics.median(times), statistics.median(base_times),
                      cells == base, times, base_times)  # fmt: skip


__all__ = ["CaseResult", "Holder", "Shape", "create_data", "run_case"]
