"""The 党内统计年报 benchmark: the root-scope annual tables against hand-written SQL.

Data: ``dynamics.ledger_bench.generate`` (PostgreSQL; the tree, the members and last year's
history). Cases, timed like ``demo.benchmark`` (selector and baseline alternately, medians):

- a: tables 2-4 (基本情况, 入党时间, 学历) for the root as of last 12-31 (``report_of``'s own
  grouped count and tally; each cell's list is loaded only when opened) against one GROUP BY over the periods of that day, the age band and joining
  period computed in SQL (on 12-31 everyone's 周岁 is the year minus the year of birth);
- b: table 1 (两年党员数综合比较) is the 增减台账: ``ledger_bench.ledger_case`` for the year.

Besides the cases, the whole annual report for the root (every table) is timed once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import connection

from dangjian.demo.benchmark import Case
from dangjian.dynamics.ledger_bench import ledger_case
from dangjian.members.models import MemberPeriod
from dangjian.orgs.models import Organization, OrganizationPath, subtree_end
from dangjian.orgs.selectors import path_on
from dangjian.reports.tables import counted_composition_tables
from dangjian.rules.statistics import AGE_BANDS, DEFAULT_CUTS, joining_period_labels

Figures = dict[tuple[str, str, str], int]


def _t(model: type[Any]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def composition_figures(root: Organization, on: date) -> Figures:
    """Tables 2-4 as (table, row, column) -> value, the zeros left out."""
    tables = counted_composition_tables(None, root, on)
    return {
        (t.number, row.key, column.key): cell.value
        for t in tables
        for row in t.rows
        for column, cell in zip(t.columns, row.cells, strict=True)
        if cell.value
    }


COMPOSITION_SQL = """
SELECT m.occupation, m.gender, (m.ethnicity <> '' AND m.ethnicity <> '汉族'), p.stage, m.education,
  CASE WHEN %(year)s - EXTRACT(YEAR FROM m.birth_date) <= 30 THEN 0
       WHEN %(year)s - EXTRACT(YEAR FROM m.birth_date) >= 61 THEN 7
       ELSE FLOOR((%(year)s - EXTRACT(YEAR FROM m.birth_date) - 31) / 5) + 1 END,
  CASE WHEN m.joined_on IS NULL THEN -1 WHEN m.joined_on < %(c1)s THEN 0
       WHEN m.joined_on < %(c2)s THEN 1 WHEN m.joined_on < %(c3)s THEN 2 ELSE 3 END,
  COUNT(*)
FROM {period} p
JOIN {path} o ON o.organization_id = p.organization_id
JOIN {member} m ON m.id = p.member_id
WHERE o.path >= %(lo)s AND o.path < %(hi)s
  AND (o.valid_from IS NULL OR o.valid_from <= %(on)s) AND (o.valid_to IS NULL OR o.valid_to > %(on)s)
  AND p.status = 'normal' AND p.valid_from <= %(on)s AND (p.valid_to IS NULL OR p.valid_to > %(on)s)
GROUP BY 1, 2, 3, 4, 5, 6, 7
"""

_COLLEGE = {"postgraduate", "bachelor", "college"}


def _from_groups(rows: Iterable[tuple[Any, ...]]) -> Figures:
    """The SQL's groups summed into the tables' cells (the same keys as ``composition_figures``)."""
    periods = joining_period_labels(DEFAULT_CUTS)
    figures: Figures = {}
    for occupation, gender, minority, stage, education, band, period, n in rows:
        columns2 = ["total", f"age:{AGE_BANDS[int(band)]}"]
        columns2 += [k for k, on in (("female", gender == "F"), ("minority", minority),
                                     ("probationary", stage == "probationary"),
                                     ("college", education in _COLLEGE)) if on]  # fmt: skip
        columns3 = ["total"] + ([f"period:{periods[int(period)]}"] if period >= 0 else [])
        columns4 = ["total", f"edu:{education}"] + (["college"] if education in _COLLEGE else [])
        for table, columns in (("2", columns2), ("3", columns3), ("4", columns4)):
            for row in {occupation, "total"}:
                for column in columns:
                    key = (table, row, column)
                    figures[key] = figures.get(key, 0) + int(n)
    return figures


def composition_case(root: Organization, on: date) -> Case:
    from dangjian.members.models import Member

    sql = COMPOSITION_SQL.format(period=_t(MemberPeriod), path=_t(OrganizationPath),
                                 member=_t(Member))  # fmt: skip
    then = path_on(root, on)
    c1, c2, c3 = DEFAULT_CUTS
    params = {"year": on.year, "c1": c1, "c2": c2, "c3": c3, "lo": then,
              "hi": subtree_end(then), "on": on}  # fmt: skip
    return Case(f"a 年报表2-4(全系统, {on.isoformat()})",
                lambda: composition_figures(root, on), sql, params,  # type: ignore[arg-type]
                _from_groups)  # fmt: skip


def cases(today: date) -> list[Case]:
    root = Organization.objects.filter(depth=1).order_by("path").first()
    assert root is not None
    year = today.year - 1
    on = date(year, 12, 31)
    table_1 = ledger_case(root, date(year, 1, 1), on)
    table_1 = Case(table_1.name.replace("a 党员增减台账", "b 年报表1/增减台账"), table_1.selector,
                   table_1.baseline_sql, table_1.baseline_params, table_1.normalise)  # fmt: skip
    return [composition_case(root, on), table_1]
