"""Compliance with the frequencies (MEET-8): per organisation, kind and period, required, held
and missing, with the periods missed named.

An organisation owes a period only from the day it existed (its founding) to the day asked
about: a branch founded in May owes no 党员大会 for the first quarter, and the current period
is owed only once it has ended (``due_by``) — until then it is "open", not missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dangjian.rules.meetings.kinds import Requirement
from dangjian.rules.meetings.periods import Period, period_of, periods_between


class CellState(StrEnum):
    """The state of one period of one kind: held, missing, open (not ended yet), not owed."""

    HELD = "held"
    MISSING = "missing"
    OPEN = "open"
    NOT_OWED = "not_owed"

    @property
    def label(self) -> str:
        return {"held": "已召开", "missing": "未召开", "open": "进行中", "not_owed": "不适用"}[
            self.value
        ]


@dataclass(frozen=True)
class Cell:
    """One period of one kind: its state and how many meetings counted (a meeting marked with
    several kinds counts once for each)."""

    period: Period
    state: CellState
    held: int


@dataclass(frozen=True)
class KindCompliance:
    """One kind over a span: every period's cell, and the periods missed."""

    requirement: Requirement
    cells: tuple[Cell, ...]

    @property
    def required(self) -> int:
        """Periods owed and ended (held or missing)."""
        return sum(1 for c in self.cells if c.state in (CellState.HELD, CellState.MISSING))

    @property
    def held(self) -> int:
        return sum(1 for c in self.cells if c.state is CellState.HELD)

    @property
    def missing(self) -> tuple[Period, ...]:
        return tuple(c.period for c in self.cells if c.state is CellState.MISSING)

    @property
    def missing_text(self) -> str:
        """ "2026年第一季度、2026年第三季度未召开支部党员大会" or ""."""
        if not self.missing:
            return ""
        return f"{'、'.join(p.label for p in self.missing)}未召开{self.requirement.kind.label}"


def kind_compliance(
    requirement: Requirement, held_on: Iterable[date], *, first: date, last: date,
    today: date, exists_from: date | None = None,
) -> KindCompliance:  # fmt: skip
    """The cells of ``requirement`` for the periods of ``first``..``last``.

    ``held_on``: the dates of the meetings counted for this kind (held and not returned by the
    reviewer); ``exists_from``: the organisation's founding (owes nothing before it);
    ``today``: a period not yet ended is open unless already held.
    """
    counts: dict[Period, int] = {}
    for day in held_on:
        period = period_of(day, requirement.frequency)
        counts[period] = counts.get(period, 0) + 1
    cells = tuple(
        _cell(p, counts.get(p, 0), today, exists_from)
        for p in periods_between(first, last, requirement.frequency)
    )
    return KindCompliance(requirement, cells)


def _cell(period: Period, held: int, today: date, exists_from: date | None) -> Cell:
    if held:
        return Cell(period, CellState.HELD, held)
    if exists_from is not None and exists_from > period.last_day:
        return Cell(period, CellState.NOT_OWED, 0)
    if period.last_day >= today:
        return Cell(period, CellState.OPEN, 0)
    return Cell(period, CellState.MISSING, 0)
