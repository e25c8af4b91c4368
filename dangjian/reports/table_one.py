"""Table 1 (两年党员数综合比较, STAT-6) counted in one statement: the two registers and every
membership change of the period that moved a member into or out of the subtree's count.

The 增减台账 (``dynamics.ledger.ledger_of``) answers the same question with names, documents and
organisations for the ledger's page, in about nine queries. Table 1 needs only the numbers and
who is behind each: one SQL statement returns the two register counts and, per change, the
member, the status on each side and whether the member counted on each side (the subtree of
that day, from the path history); ``rules.membership_ledger.classify``, the ledger's own rule,
then names the kind in Python, so the kinds have one definition. The registers' lists are read
only when opened. ``tests/reports/test_table_one.py`` checks the counts and lists equal the
ledger's over a generated history with an organisation moved.

Counting basis (STAT-5), as the ledger's: a member counts in the register of a day when their
period of that day is in good standing and its organisation was in the subtree that day (the
tree of that day: the root's path and the organisations' paths from ``OrganizationPath``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection

from dangjian.dynamics.incoming_models import IncomingLetter
from dangjian.dynamics.ledger import cancelled_letter_changes
from dangjian.dynamics.models import LetterState, TransferLetter
from dangjian.members.models import Member, MemberPeriod
from dangjian.orgs.models import Organization, OrganizationPath
from dangjian.rules.membership_ledger import (
    DECREASES,
    INCREASES,
    Change,
    Side,
    classify,
    opening_day,
)

# Row parts of the statement: the two registers, the three sources of changes, then the
# cancelled 介绍信 of the period (a letter cancelled is no change: ``cancelled_letter_changes``).
_OPENING, _CLOSING, _STARTING, _ENDING, _MOVED, _CANCELLED = range(6)


@dataclass(frozen=True)
class TableOneCounts:
    """The registers of the eve of ``start`` and of ``end``, and the members of each kind of
    change over [start, end] (a member once per change, sorted)."""

    opening: int
    closing: int
    by_kind: dict[Change, tuple[int, ...]]

    def ids(self, increase: bool) -> tuple[int, ...]:
        """Every member of the increases (or the decreases), kind after kind."""
        kinds = INCREASES if increase else DECREASES
        return tuple(pk for kind in kinds for pk in self.by_kind[kind])


def table_one_counts(org: Organization, start: date, end: date) -> TableOneCounts:
    """Table 1's figures for ``org``'s subtree over [start, end], counted by the system (the
    ledger's basis: everyone who belonged to the subtree on the day). One query."""
    params: dict[str, int | str | date] = {"root": org.pk, "root_path": org.path, "start": start, "end": end,
              "eve": opening_day(start)}  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(_statement(), params)
        rows = cursor.fetchall()
    registers = {_OPENING: 0, _CLOSING: 0}
    changes: list[tuple[int, Change]] = []
    cancelled: Counter[int] = Counter()
    for part, member_id, *sides in rows:
        if part in registers:
            registers[part] = int(member_id)
        elif part == _CANCELLED:
            cancelled[int(member_id)] += 1
        elif (kind := _kind(part, *sides)) is not None:
            changes.append((int(member_id), kind))
    dropped = cancelled_letter_changes(changes, cancelled)
    found: dict[Change, list[int]] = {kind: [] for kind in (*INCREASES, *DECREASES)}
    for i, (member_id, kind) in enumerate(changes):
        if i not in dropped:
            found[kind].append(member_id)
    by_kind = {kind: tuple(sorted(ids)) for kind, ids in found.items()}
    return TableOneCounts(registers[_OPENING], registers[_CLOSING], by_kind)


def _kind(part: int, before: str | None, was: Any, after: str | None, now: Any,
          developed: Any, by_letter: Any) -> Change | None:  # fmt: skip
    """The ledger's kind of one row. An organisation's move carries its members as 其他增加 /
    其他减少 (the ledger's ``_tree_changes``); a period's start or end is ``classify``'s."""
    if part == _MOVED:
        return Change.OTHER_IN if now else Change.OTHER_OUT
    side_before = None if before is None else Side(status=before, counted=bool(was))
    side_after = None if after is None else Side(status=after, counted=bool(now))
    return classify(side_before, side_after,
                    developed=side_before is None and bool(developed), by_letter=bool(by_letter))  # fmt: skip


def _t(model: type[Any]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _day_before(expr: str) -> str:
    """SQL for the day before the date ``expr`` (SQLite keeps dates as ISO text)."""
    if connection.vendor == "sqlite":
        return f"date({expr}, '-1 day')"
    return f"({expr} - 1)"


def _valid_on(alias: str, day: str) -> str:
    """A path-history row of ``alias`` in force on ``day`` (``orgs.models.valid_on``)."""
    return (f"({alias}.valid_from IS NULL OR {alias}.valid_from <= {day}) "
            f"AND ({alias}.valid_to IS NULL OR {alias}.valid_to > {day})")  # fmt: skip


def _in_subtree(org: str, day: str) -> str:
    """The organisation ``org`` was in the root's subtree on ``day`` (both paths of that day)."""
    return (
        f"EXISTS (SELECT 1 FROM {_t(OrganizationPath)} o JOIN roots r ON {_valid_on('r', day)}"
        f" AND substr(o.path, 1, length(r.path)) = r.path"
        f" WHERE o.organization_id = {org} AND {_valid_on('o', day)})"
    )


def _register(part: int, day: str) -> str:
    """The count of members in good standing in the subtree on ``day``."""
    return (
        f"SELECT {part}, count(*), NULL, 0, NULL, 0, 0, 0 FROM {_t(MemberPeriod)} p"
        f" WHERE p.status = 'normal' AND p.valid_from <= {day}"
        f" AND (p.valid_to IS NULL OR p.valid_to > {day})"
        f" AND p.organization_id IN (SELECT o.organization_id FROM {_t(OrganizationPath)} o"
        f" JOIN roots r ON {_valid_on('r', day)} AND substr(o.path, 1, length(r.path)) = r.path"
        f" WHERE {_valid_on('o', day)})"
    )


def _statement() -> str:
    """The registers and the changes. ``roots``: the root's paths over time (its current path
    for a root without history, as ``orgs.selectors.path_on``); ``ever``: the organisations in
    the subtree on some day of the period, which narrows the periods read. Only the periods
    that move a member into or out of the count come back (``classify`` gives no kind to the
    others: a confirmation, a move inside the subtree)."""
    path, period = _t(OrganizationPath), _t(MemberPeriod)
    overlaps = "({a}.valid_from IS NULL OR {a}.valid_from <= %(end)s) AND ({a}.valid_to IS NULL OR {a}.valid_to > %(eve)s)"
    return f"""
WITH roots AS (
  SELECT path, valid_from, valid_to FROM {path} WHERE organization_id = %(root)s
  UNION ALL
  SELECT %(root_path)s, NULL, NULL WHERE NOT EXISTS (SELECT 1 FROM {path} WHERE organization_id = %(root)s)
), ever AS (
  SELECT DISTINCT o.organization_id FROM {path} o JOIN roots r
    ON {overlaps.format(a="r")} AND substr(o.path, 1, length(r.path)) = r.path
  WHERE {overlaps.format(a="o")}
), moves AS (
  SELECT DISTINCT organization_id, valid_from AS day FROM {path}
  WHERE valid_from >= %(start)s AND valid_from <= %(end)s
)
{_register(_OPENING, "%(eve)s")}
UNION ALL
{_register(_CLOSING, "%(end)s")}
UNION ALL
SELECT {_STARTING}, x.member_id, x.before, x.was, x.after, x.now, x.developed, x.by_letter FROM (
  SELECT a.member_id, b.status AS before,
    CASE WHEN b.status = 'normal' AND {_in_subtree("b.organization_id", _day_before("a.valid_from"))} THEN 1 ELSE 0 END AS was,
    a.status AS after,
    CASE WHEN a.status = 'normal' AND {_in_subtree("a.organization_id", "a.valid_from")} THEN 1 ELSE 0 END AS now,
    CASE WHEN a.stage = 'probationary' AND m.joined_on = a.valid_from THEN 1 ELSE 0 END AS developed,
    CASE WHEN EXISTS (SELECT 1 FROM {_t(IncomingLetter)} i
                      WHERE i.member_id = a.member_id AND i.received_on = a.valid_from) THEN 1 ELSE 0 END AS by_letter
  FROM {period} a
  JOIN {_t(Member)} m ON m.id = a.member_id
  LEFT JOIN {period} b ON b.member_id = a.member_id AND b.valid_to = a.valid_from
  WHERE a.valid_from >= %(start)s AND a.valid_from <= %(end)s
    AND (a.organization_id IN (SELECT organization_id FROM ever)
         OR b.organization_id IN (SELECT organization_id FROM ever))
) x WHERE x.was <> x.now
UNION ALL
SELECT {_ENDING}, a.member_id, a.status,
  CASE WHEN a.status = 'normal' AND {_in_subtree("a.organization_id", _day_before("a.valid_to"))} THEN 1 ELSE 0 END,
  NULL, 0, 0, 0
FROM {period} a
WHERE a.valid_to >= %(start)s AND a.valid_to <= %(end)s
  AND a.organization_id IN (SELECT organization_id FROM ever)
  AND NOT EXISTS (SELECT 1 FROM {period} s WHERE s.member_id = a.member_id AND s.valid_from = a.valid_to)
UNION ALL
SELECT {_MOVED}, x.member_id, 'normal', x.was, 'normal', x.now, 0, 0 FROM (
  SELECT p.member_id,
    CASE WHEN {_in_subtree("p.organization_id", _day_before("mv.day"))} THEN 1 ELSE 0 END AS was,
    CASE WHEN {_in_subtree("p.organization_id", "mv.day")} THEN 1 ELSE 0 END AS now
  FROM moves mv JOIN {period} p ON p.organization_id = mv.organization_id
  WHERE p.status = 'normal' AND p.valid_from <= {_day_before("mv.day")}
    AND (p.valid_to IS NULL OR p.valid_to > mv.day)
) x WHERE x.was <> x.now
UNION ALL
SELECT {_CANCELLED}, l.member_id, NULL, 0, NULL, 0, 0, 0 FROM {_t(TransferLetter)} l
WHERE l.state = '{LetterState.CANCELLED.value}' AND l.issued_on >= %(start)s AND l.issued_on <= %(end)s
"""
