"""The period a meeting counts for (MEET-8): the month, quarter or year its date falls in.

A meeting recorded late still counts for the period of its date; the periods of a span are
listed for a compliance matrix (months or quarters of a year).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, lru_cache

from dangjian.rules.meetings.kinds import Frequency


@dataclass(frozen=True, order=True)
class Period:
    """One month (``index`` 1..12), quarter (1..4) or year (``index`` 1) of ``year``."""

    year: int
    frequency: Frequency
    index: int

    def __post_init__(self) -> None:
        last = {Frequency.MONTH: 12, Frequency.QUARTER: 4, Frequency.YEAR: 1}[self.frequency]
        if not 1 <= self.index <= last:
            raise ValueError(f"期间序号{self.index}超出范围（1至{last}）")

    @cached_property  # periods are shared (cached below) and asked for their days per cell
    def first_day(self) -> date:
        return date(self.year, self._first_month, 1)

    @cached_property
    def last_day(self) -> date:
        """The period's last day (a quarter of 2024 ending in February would be 02-29)."""
        months = {Frequency.MONTH: 1, Frequency.QUARTER: 3, Frequency.YEAR: 12}[self.frequency]
        end_month = self._first_month + months
        following = date(self.year + (end_month > 12), (end_month - 1) % 12 + 1, 1)
        return following - timedelta(days=1)

    @property
    def _first_month(self) -> int:
        if self.frequency is Frequency.MONTH:
            return self.index
        return 1 if self.frequency is Frequency.YEAR else 3 * (self.index - 1) + 1

    @property
    def label(self) -> str:
        """ "2026年5月", "2026年第三季度", "2026年"."""
        if self.frequency is Frequency.MONTH:
            return f"{self.year}年{self.index}月"
        if self.frequency is Frequency.QUARTER:
            return f"{self.year}年第{'一二三四'[self.index - 1]}季度"
        return f"{self.year}年"

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


@lru_cache(maxsize=4096)  # a matrix asks for the same few hundred days thousands of times
def period_of(day: date, frequency: Frequency) -> Period:
    """The period of ``frequency`` that ``day`` falls in: 2026-09-30 is in 2026 Q3, 10-01 in Q4."""
    if frequency is Frequency.MONTH:
        return Period(day.year, frequency, day.month)
    if frequency is Frequency.QUARTER:
        return Period(day.year, frequency, (day.month - 1) // 3 + 1)
    return Period(day.year, frequency, 1)


def periods_between(first: date, last: date, frequency: Frequency) -> list[Period]:
    """Every period of ``frequency`` that overlaps ``first``..``last`` (both included), in order;
    empty when ``last`` is before ``first``."""
    return list(_periods_between(first, last, frequency))


@lru_cache(maxsize=256)  # the same span for every organisation of a matrix
def _periods_between(first: date, last: date, frequency: Frequency) -> tuple[Period, ...]:
    return tuple(_spanned(first, last, frequency))


def _spanned(first: date, last: date, frequency: Frequency) -> list[Period]:
    if last < first:
        return []
    periods = [period_of(first, frequency)]
    while periods[-1].last_day < last:
        periods.append(period_of(periods[-1].last_day + timedelta(days=1), frequency))
    return periods
