"""政治生日: the anniversary of the day a member joined the Party (入党时间).

Pure: dates in, dates out. A member who joined on 29 February celebrates on 28 February in a
common year (the last day of that February), so the day is never skipped nor moved into March.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PoliticalBirthday:
    """The next (or today's) anniversary ``on`` and the Party standing it marks, in ``years``."""

    on: date
    years: int

    def days_from(self, today: date) -> int:
        """Days from ``today`` to the anniversary (0 on the day itself)."""
        return (self.on - today).days


def anniversary_in(joined_on: date, year: int) -> date:
    """The anniversary of ``joined_on`` in ``year``; 29 Feb becomes 28 Feb in a common year."""
    if joined_on.month == 2 and joined_on.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return joined_on.replace(year=year)


def next_political_birthday(joined_on: date, today: date) -> PoliticalBirthday | None:
    """The anniversary on or after ``today``; None before the first one (joined this year or
    later, or a date in the future)."""
    this_year = anniversary_in(joined_on, today.year)
    on = this_year if this_year >= today else anniversary_in(joined_on, today.year + 1)
    years = on.year - joined_on.year
    if years < 1:
        return None
    return PoliticalBirthday(on=on, years=years)
