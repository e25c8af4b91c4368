"""The days of a trend and the boundaries of a retirement projection (智能研判). Pure.

A trend reads the register at year-ends (12-31, the statistical day of STAT-5); a retirement
projection counts, for a calendar year, everyone who reaches the retirement age during it
(``cadres.retirement_date``: the birthday of that age, a 29 February birth on 1 March of a
common year, so always within the year of birth plus the age).
"""

from __future__ import annotations

from datetime import date

from dangjian.rules.cadres import retiring_births


def trend_year_ends(on: date, count: int) -> tuple[date, ...]:
    """The last ``count`` year-ends on or before ``on``, oldest first (``on`` itself when it is
    a 12-31). ``ValueError`` for a count below 1."""
    if count < 1:
        raise ValueError("趋势至少包含一个年末")
    last = on.year if (on.month, on.day) == (12, 31) else on.year - 1
    return tuple(date(year, 12, 31) for year in range(last - count + 1, last + 1))


def retirement_births_in(age: int, year: int) -> tuple[date, date]:
    """The birth dates of people reaching ``age`` during ``year`` (1 January to 31 December):
    ``(after, up_to)``, ``after < birth <= up_to`` (what the database compares)."""
    return retiring_births(age, date(year - 1, 12, 31), 1)


def retires_in(birth: date, age: int, year: int) -> bool:
    """Whether someone born on ``birth`` reaches ``age`` during ``year``."""
    after, up_to = retirement_births_in(age, year)
    return after < birth <= up_to
