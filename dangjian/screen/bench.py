"""The big screen's benchmark: the whole screen's data for the root scope (today and a year
ago) against hand-written SQL giving the same member, organisation and trend figures.

The hand-written side is one conditional-count query over the day's membership periods per
day (the member panels), one over the organisations of the day's tree, and one count per
year-end of the trend: the reads that grow with the archive. The other panels (development,
meetings, dues, dynamics, terms) are timed apart: they read their capability's registers,
which are small beside the archive.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any

from django.db import connection

from dangjian.members.choices import Education, Gender, Occupation, Stage
from dangjian.members.models import Member, MemberPeriod
from dangjian.orgs.models import Organization, OrganizationPath, subtree_end
from dangjian.orgs.selectors import path_on
from dangjian.rules.dates import add_years, latest_birth_for_age
from dangjian.rules.organization import OrgKind
from dangjian.rules.statistics import DEFAULT_CUTS
from dangjian.screen.frames import Frame
from dangjian.screen.selectors import ScreenData, screen_data
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


def hand_figures(root: Organization, on: date, trend_days: list[date]) -> Figures:
    """The member, organisation and trend figures (and the total) by hand-written SQL."""
    figures: Figures = {}
    with connection.cursor() as cursor:
        sql, params = _member_sql(root, on)
        cursor.execute(sql, [connection.ops.adapt_datefield_value(p) if isinstance(p, date) else p
                             for p in params])  # fmt: skip
        row = cursor.fetchone()
        figures[("total", "")] = int(row[0] or 0)
        for key, value in zip(_member_keys(on), row[1:], strict=True):
            figures[key] = int(value or 0)
        sql, params = _org_sql(root, on)
        cursor.execute(sql, params)
        found = dict(cursor.fetchall())
        for kind in OrgKind:
            figures[("orgs", kind.value)] = int(found.get(kind.value, 0))
        for day in trend_days:
            sql, params = _member_sql(root, day)
            cursor.execute(sql, params)
            figures[("trend", day.isoformat())] = int(cursor.fetchone()[0] or 0)
    return figures


def screen_figures(data: ScreenData) -> Figures:
    """The same figures from the screen's data."""
    wanted = {*MEMBER_CODES, "orgs", "trend"}
    figures: Figures = {("total", ""): data.total}
    for panel in data.panels:
        if panel.code in wanted:
            figures.update({(panel.code, bar.key): bar.count for bar in panel.bars})
    return figures


def timed(call: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The median milliseconds of ``repeat`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        begin = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - begin) * 1000)
    return sorted(times)[len(times) // 2], result


def run(frame: Frame, repeat: int) -> tuple[Timing, Timing, bool]:
    """(screen, hand SQL, the figures agree) for one frame."""
    ours_ms, data = timed(lambda: screen_data(frame), repeat)
    trend = [date.fromisoformat(b.key) for p in data.panels if p.code == "trend" for b in p.bars]
    hand_ms, hand = timed(lambda: hand_figures(frame.root, frame.on, trend), repeat)
    mine = screen_figures(data)
    return Timing(ours_ms, mine), Timing(hand_ms, hand), mine == hand
