"""The 党内统计年报 benchmark: the root-scope annual tables against hand-written SQL.

Data: ``dynamics.ledger_bench.generate`` (PostgreSQL; the tree, the members and last year's
history). Cases, timed like ``demo.benchmark`` (selector and baseline alternately, medians):

- a: tables 2-4 (基本情况, 入党时间, 学历) for the root as of last 12-31 (``report_of``'s own
  grouped count and tally; each cell's list is loaded only when opened) against one GROUP BY over the periods of that day, the age band and joining
  period computed in SQL (on 12-31 everyone's 周岁 is the year minus the year of birth);
- b: table 1 (两年党员数综合比较) for the root and last year, as the report builds it (one
  statement, ``reports.table_one``; the registers' lists read when opened), against the
  增减台账's hand-written query (``ledger_bench.LEDGER_SQL``: the registers and every entry),
  both reduced to the registers and the members of each kind.

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
from dangjian.reports.tables import counted_composition_tables, table_one
from dangjian.rules.membership_ledger import Change
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


TableOne = dict[str, Any]


def table_one_figures(root: Organization, start: date, end: date) -> TableOne:
    """Table 1 as the report builds it: the registers, and the members of each kind."""
    table = table_one(None, root, start, end)
    figures: TableOne = {}
    for row in table.rows:
        cell = row.cells[0]
        if row.key in ("opening", "closing"):
            figures[row.key] = cell.value
        elif row.key not in ("increases", "decreases", "difference"):
            figures[row.key] = cell.ids
    return figures


def _table_one_from_ledger_rows(rows: list[tuple[Any, ...]]) -> TableOne:
    """The ledger query's rows (registers, then member, day, kind, name, reason) reduced to
    ``table_one_figures``' shape."""
    figures: TableOne = {"opening": rows[0][0] if rows else 0,
                         "closing": rows[0][1] if rows else 0}  # fmt: skip
    found: dict[str, list[int]] = {kind.value: [] for kind in Change}
    for row in rows:
        if row[2] is not None:
            found[row[4]].append(row[2])
    figures.update({kind: tuple(sorted(ids)) for kind, ids in found.items()})
    return figures


def table_one_case(root: Organization, start: date, end: date) -> Case:
    ledger = ledger_case(root, start, end)  # its hand-written SQL and parameters
    return Case(f"b 年报表1(全系统, {start.year}年)", lambda: table_one_figures(root, start, end),
                ledger.baseline_sql, ledger.baseline_params, _table_one_from_ledger_rows)  # fmt: skip


def cases(today: date) -> list[Case]:
    root = Organization.objects.filter(depth=1).order_by("path").first()
    assert root is not None
    year = today.year - 1
    on = date(year, 12, 31)
    return [composition_case(root, on), table_one_case(root, date(year, 1, 1), on)]
