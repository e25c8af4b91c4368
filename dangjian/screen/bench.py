"""The big screen's benchmark: the whole screen's data for the root scope (today and a year
ago) against hand-written SQL giving the same member, organisation and trend figures.

The hand-written side is one conditional-count query over the day's membership periods per
day (the member panels), one over the organisations of the day's tree, one grouped count of
the dues ledger's twelve months, one of the year's development steps, and one count per
year-end of the trend. The panels it does not compute (三会一课 compliance, 组织设置预警,
党员动态, 届次) are the platform's work alone in the ratio, which errs against the platform.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import pairwise
from typing import Any

from django.db import connection

from dangjian.development.models import Applicant, DevelopmentStep
from dangjian.dues.models import LedgerEntry
from dangjian.members.choices import Education, Gender, Occupation, Stage
from dangjian.members.models import Member, MemberPeriod
from dangjian.members.selectors import count_members_as_of
from dangjian.orgs.models import Organization, OrganizationPath, subtree_end
from dangjian.orgs.selectors import path_on
from dangjian.rules.dates import add_months, add_years, latest_birth_for_age
from dangjian.rules.organization import OrgKind
from dangjian.rules.statistics import DEFAULT_CUTS
from dangjian.screen import selectors
from dangjian.screen.frames import Frame
from dangjian.screen.panels import FUNNEL
from dangjian.screen.selectors import PANEL_READS, ScreenData, screen_data
from dangjian.screen.slices import STANDING_BANDS

Figures = dict[tuple[str, str], int]
_AGE_LIMITS = [(None, 30), (31, 35), (36, 40), (41, 45), (46, 50), (51, 55), (56, 60), (61, None)]
MEMBER_CODES = ("stage", "gender", "age", "education", "occupation", "joined", "standing")


@dataclass(frozen=True)
class Timing:
    """Milliseconds of one side (median of the repeats) and the figures it gave."""

    ms: float
    figures: Figures


def _t(name: str) -> str:
    return connection.ops.quote_name(name)


def _member_sql(root: Organization, on: date) -> tuple[str, list[Any]]:
    """One SELECT of conditional counts over the day's register (period, tree of the day)."""
    cases: list[str] = []
    params: list[Any] = []

    def count(condition: str, *values: Any) -> None:
        cases.append(f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)")
        params.extend(values)

    for stage in Stage.values:
        count("p.stage = %s", stage)
    for gender in Gender.values:
        count("m.gender = %s", gender)
    for youngest, oldest in _AGE_LIMITS:
        low = latest_birth_for_age(on, oldest + 1) if oldest is not None else date(1, 1, 1)
        high = latest_birth_for_age(on, youngest) if youngest is not None else date(9999, 12, 31)
        count("m.birth_date > %s AND m.birth_date <= %s", low, high)
    for code in Education.values:
        count("m.education = %s", code)
    for code in Occupation.values:
        count("m.occupation = %s", code)
    edges = [date(1, 1, 1), *DEFAULT_CUTS, date(9999, 12, 31)]
    for low, high in pairwise(edges):
        count("m.joined_on >= %s AND m.joined_on < %s", low, high)
    count("m.joined_on IS NULL")
    count("(p.stage = 'probationary' OR m.confirmed_on IS NULL)")
    for _label, least, below in STANDING_BANDS:
        upper = add_years(on, -least)
        lower = add_years(on, -below) if below is not None else date(1, 1, 1)
        count("p.stage = 'full' AND m.confirmed_on <= %s AND m.confirmed_on > %s", upper, lower)
    then = path_on(root, on)
    sql = (
        f"SELECT COUNT(*), {', '.join(cases)} FROM {_t(MemberPeriod._meta.db_table)} p "
        f"JOIN {_t(OrganizationPath._meta.db_table)} o ON o.organization_id = p.organization_id "
        f"JOIN {_t(Member._meta.db_table)} m ON m.id = p.member_id "
        "WHERE o.path >= %s AND o.path < %s AND (o.valid_from IS NULL OR o.valid_from <= %s) "
        "AND (o.valid_to IS NULL OR o.valid_to > %s) AND p.status = 'normal' "
        "AND p.valid_from <= %s AND (p.valid_to IS NULL OR p.valid_to > %s)"
    )
    return sql, [*params, then, subtree_end(then) or "~", on, on, on, on]


def _member_keys(on: date) -> list[tuple[str, str]]:
    from dangjian.screen.slices import member_slices

    return [(p, s.key) for p in MEMBER_CODES for s in member_slices(p, on)]


def _org_sql(root: Organization, on: date) -> tuple[str, list[Any]]:
    then = path_on(root, on)
    sql = (
        f"SELECT g.kind, COUNT(*) FROM {_t(Organization._meta.db_table)} g "
        f"JOIN {_t(OrganizationPath._meta.db_table)} o ON o.organization_id = g.id "
        "WHERE o.path >= %s AND o.path < %s AND (o.valid_from IS NULL OR o.valid_from <= %s) "
        "AND (o.valid_to IS NULL OR o.valid_to > %s) "
        "AND (g.founded_on IS NULL OR g.founded_on <= %s) "
        "AND (g.dissolved_on IS NULL OR g.dissolved_on > %s) GROUP BY g.kind"
    )
    return sql, [then, subtree_end(then) or "~", on, on, on, on]


def _dues_sql(root: Organization, on: date) -> tuple[str, list[Any]]:
    """The ledger's rows of the 12 months up to the day's and those paid by the day, by month
    (the organisation of the row as it stands today, like the ledger's own pages)."""
    last = date(on.year, on.month, 1)
    sql = (
        "SELECT e.month, COUNT(*), "
        "SUM(CASE WHEN e.paid_on IS NOT NULL AND e.paid_on <= %s THEN 1 ELSE 0 END) "
        f"FROM {_t(LedgerEntry._meta.db_table)} e "
        f"JOIN {_t(Organization._meta.db_table)} g ON g.id = e.organization_id "
        "WHERE g.path >= %s AND g.path < %s AND e.due IS NOT NULL "
        "AND e.month >= %s AND e.month <= %s GROUP BY e.month"
    )
    return sql, [on, root.path, subtree_end(root.path) or "~", add_months(last, -11), last]


def _funnel_sql(root: Organization, on: date) -> tuple[str, list[Any]]:
    """The people of the subtree entering each stage this year up to the day (a step whose
    stage after differs from the stage before)."""
    stages = [s.value for s in FUNNEL]
    sql = (
        "SELECT s.stage_after, COUNT(DISTINCT s.applicant_id) "
        f"FROM {_t(DevelopmentStep._meta.db_table)} s "
        f"JOIN {_t(Applicant._meta.db_table)} a ON a.id = s.applicant_id "
        f"JOIN {_t(Organization._meta.db_table)} g ON g.id = a.organization_id "
        "WHERE g.path >= %s AND g.path < %s AND s.happened_on >= %s AND s.happened_on <= %s "
        f"AND s.stage_after IN ({', '.join(['%s'] * len(stages))}) "
        "AND s.stage_before <> s.stage_after GROUP BY s.stage_after"
    )
    end = subtree_end(root.path) or "~"
    return sql, [root.path, end, date(on.year, 1, 1), on, *stages]


def _dated(params: list[Any]) -> list[Any]:
    return [connection.ops.adapt_datefield_value(p) if isinstance(p, date) else p for p in params]


def hand_figures(root: Organization, on: date, trend_days: list[date]) -> Figures:
    """The member, organisation, dues, development and trend figures (and the total) by
    hand-written SQL."""
    figures: Figures = {}
    with connection.cursor() as cursor:
        sql, params = _member_sql(root, on)
        cursor.execute(sql, _dated(params))
        row = cursor.fetchone()
        figures[("total", "")] = int(row[0] or 0)
        for key, value in zip(_member_keys(on), row[1:], strict=True):
            figures[key] = int(value or 0)
        sql, params = _org_sql(root, on)
        cursor.execute(sql, params)
        found = dict(cursor.fetchall())
        for kind in OrgKind:
            figures[("orgs", kind.value)] = int(found.get(kind.value, 0))
        sql, params = _dues_sql(root, on)
        cursor.execute(sql, _dated(params))
        last = date(on.year, on.month, 1)
        by_month = {_as_month(month): (n, paid) for month, n, paid in cursor.fetchall()}
        for i in range(12):
            month = add_months(last, i - 11)
            n, paid = by_month.get(month, (0, 0))
            figures[("dues", month.strftime("%Y-%m"))] = int(paid or 0)
            figures[("dues_total", month.strftime("%Y-%m"))] = int(n or 0)
        sql, params = _funnel_sql(root, on)
        cursor.execute(sql, _dated(params))
        entered = dict(cursor.fetchall())
        for stage in FUNNEL:
            figures[("development", stage.value)] = int(entered.get(stage.value, 0))
        for day in trend_days:
            sql, params = _member_sql(root, day)
            cursor.execute(sql, params)
            figures[("trend", day.isoformat())] = int(cursor.fetchone()[0] or 0)
    return figures


def _as_month(value: Any) -> date:
    """A DATE column as read back (SQLite gives text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def screen_figures(data: ScreenData) -> Figures:
    """The same figures from the screen's data."""
    wanted = {*MEMBER_CODES, "orgs", "trend", "dues", "development"}
    figures: Figures = {("total", ""): data.total}
    for panel in data.panels:
        if panel.code in wanted:
            figures.update({(panel.code, bar.key): bar.count for bar in panel.bars})
        if panel.code == "dues":
            figures.update({("dues_total", bar.key): bar.total or 0 for bar in panel.bars})
    return figures


def timed(call: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The median milliseconds of ``repeat`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        begin = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - begin) * 1000)
    return sorted(times)[len(times) // 2], result


def panel_times(frame: Frame) -> list[tuple[str, float]]:
    """Where the screen's time goes: milliseconds of one read of each panel, of the children
    and of the total."""
    reads: list[tuple[str, Callable[[], Any]]] = [
        *((label, partial(read, frame)) for label, read in PANEL_READS),
        ("下级组织", partial(selectors.children_of, frame)),
        ("党员总数", partial(count_members_as_of, frame.user, frame.root, frame.on)),
    ]
    return [(label, timed(read, 1)[0]) for label, read in reads]


def run(frame: Frame, repeat: int) -> tuple[Timing, Timing, bool]:
    """(screen, hand SQL, the figures agree) for one frame."""
    ours_ms, data = timed(lambda: screen_data(frame), repeat)
    trend = [date.fromisoformat(b.key) for p in data.panels if p.code == "trend" for b in p.bars]
    hand_ms, hand = timed(lambda: hand_figures(frame.root, frame.on, trend), repeat)
    mine = screen_figures(data)
    return Timing(ours_ms, mine), Timing(hand_ms, hand), mine == hand
