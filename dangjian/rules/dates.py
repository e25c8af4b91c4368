"""Calendar arithmetic shared by the rules (DATE-1..DATE-3, DEV-20).

Every rule that says "N个月后", "满一年", "周岁" or "N个工作日" goes through this module, so that a
date window means the same thing on every screen, report and reminder.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

_NO_DATES: frozenset[date] = frozenset()


def format_cn_date(d: date) -> str:
    """Format ``d`` the way Chinese documents write dates: 2024年7月1日."""
    return f"{d.year}年{d.month}月{d.day}日"


def month_length(year: int, month: int) -> int:
    """Number of days in ``month`` of ``year``."""
    return calendar.monthrange(year, month)[1]


def add_months(d: date, months: int) -> date:
    """DATE-1: the date ``months`` calendar months after ``d``, clamped to the month's last day.

    2024-01-31 + 1 = 2024-02-29; 2024-03-31 - 1 = 2024-02-29. Negative ``months`` go back.
    Beyond year 1 or 9999 the result is ``date.min`` / ``date.max``.
    """
    year, month0 = divmod(d.year * 12 + d.month - 1 + months, 12)
    month = month0 + 1
    # Past the calendar's ends the answer is its first or last day: a window that far out is
    # never reached, and a rule must still give a verdict for an implausible date.
    if year < date.min.year:
        return date.min
    if year > date.max.year:
        return date.max
    if d.day <= 28:  # every month has the day
        return date(year, month, d.day)
    return date(year, month, min(d.day, month_length(year, month)))


def add_years(d: date, years: int) -> date:
    """DATE-1: the date ``years`` years after ``d``; 2024-02-29 + 1 year = 2025-02-28."""
    return add_months(d, 12 * years)


def anniversary_reached(start: date, on: date, years: int = 1) -> bool:
    """DATE-2: "满N年 / N年以上" is met on the anniversary itself.

    Designated 2023-05-10, one year is met on 2024-05-10 (not 2024-05-11). The anniversary of a
    02-29 start in a non-leap year is 02-28 (DATE-1).
    """
    return on >= add_years(start, years)


def age_on(birth: date, on: date) -> int:
    """DATE-3: age in whole years (周岁) on ``on``.

    The age goes up on the birthday itself. For a person born on 02-29 the birthday of a non-leap
    year is taken to be 03-01, the common reading in Chinese practice (a 周岁 is complete once the
    day before the birthday has passed, and 02-28 is that day). This is deliberately stricter than
    ``add_years``, which maps 02-29 to 02-28: age is a capacity threshold (DEV-1: at least 18 on
    the day of the 支部大会), and the stricter reading never admits anyone a day early.

    Before the birth date the result is negative (-1 in the year before the day of birth, and
    so on): a verdict, not an error, so a record with its dates the wrong way round is reported
    by the check that reads it instead of failing the page.
    """
    before_birthday = (on.month, on.day) < (birth.month, birth.day)
    return on.year - birth.year - int(before_birthday)


def latest_birth_for_age(on: date, age: int) -> date:
    """DATE-3: the latest birth date of someone at least ``age`` 周岁 on ``on``.

    ``age_on(birth, on) >= age`` exactly when ``birth <= latest_birth_for_age(on, age)``, so
    "at most N years old" is ``birth > latest_birth_for_age(on, N + 1)``: one place for the
    boundary that list filters, statistics and the assistant all need.
    """
    return add_years(on, -age)


def statistical_age(birth: date, year: int) -> int:
    """DATE-3: the age used in statistics, i.e. the 周岁 on 12-31 of ``year``."""
    return age_on(birth, date(year, 12, 31))


def is_working_day(
    d: date, holidays: frozenset[date] = _NO_DATES, workdays: frozenset[date] = _NO_DATES
) -> bool:
    """DEV-20: whether ``d`` is a working day.

    ``workdays`` are make-up working days (调休上班) and work even on a Saturday or Sunday;
    ``holidays`` rest even on a weekday; otherwise Monday to Friday work.
    """
    if d in workdays:
        return True
    if d in holidays:
        return False
    return d.weekday() < 5


def add_working_days(
    start: date,
    days: int,
    holidays: frozenset[date] = _NO_DATES,
    workdays: frozenset[date] = _NO_DATES,
) -> date:
    """DEV-20: the day on which a notice posted on ``start`` has run ``days`` working days.

    Semantics: the result is the ``days``-th working day counted from ``start`` inclusive. ``start``
    itself counts when it is a working day; a notice posted on a Saturday starts counting on the
    next working day. A 5-working-day notice posted on Monday 2024-07-01 has run its course at
    the end of Friday 2024-07-05, and the candidate may be designated from the next day on.
    """
    _check_calendar(holidays, workdays)
    if days < 1:
        raise ValueError(f"工作日天数应至少为1，实为{days}")
    current, counted = start, 0
    while True:
        if is_working_day(current, holidays, workdays):
            counted += 1
            if counted == days:
                return current
        if current == date.max:  # the calendar ends before the count does
            return current
        current += timedelta(days=1)


def count_working_days(
    start: date,
    end: date,
    holidays: frozenset[date] = _NO_DATES,
    workdays: frozenset[date] = _NO_DATES,
) -> int:
    """DEV-20: working days from ``start`` to ``end``, both included (0 if ``end`` is earlier)."""
    _check_calendar(holidays, workdays)
    total = (end - start).days + 1
    days = (start + timedelta(days=offset) for offset in range(max(total, 0)))
    return sum(1 for d in days if is_working_day(d, holidays, workdays))


def _check_calendar(holidays: frozenset[date], workdays: frozenset[date]) -> None:
    both = sorted(holidays & workdays)
    if both:
        listed = "、".join(format_cn_date(d) for d in both)
        raise ValueError(f"节假日安排有误：{listed}既被设为放假又被设为调休上班")


@dataclass(frozen=True, order=True)
class YearMonth:
    """A calendar month, the period dues, meetings and statistics are counted in.

    Ordered by time; ``+ n`` and ``- n`` move by ``n`` months; ``str()`` gives "2024-07" and
    ``label`` gives "2024年7月".
    """

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"月份应在1至12之间，实为{self.month}")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"年份应在1至9999之间，实为{self.year}")

    @classmethod
    def from_date(cls, d: date) -> YearMonth:
        """The month ``d`` falls in."""
        return cls(d.year, d.month)

    @classmethod
    def parse(cls, text: str) -> YearMonth:
        """Read "2024-07" or "2024-7" (the form ``str()`` writes)."""
        year, sep, month = text.strip().partition("-")
        if not (sep and year.isdigit() and month.isdigit()):
            raise ValueError(f"“{text}”不是有效的年月，应写作2024-07")
        return cls(int(year), int(month))

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        """The Chinese label, e.g. "2024年7月"."""
        return f"{self.year}年{self.month}月"

    @property
    def _index(self) -> int:
        return self.year * 12 + self.month - 1

    @classmethod
    def _from_index(cls, index: int) -> YearMonth:
        # Saturates at 0001-01 and 9999-12, the months a ``date`` can hold.
        year, month0 = divmod(min(max(index, 12), 9999 * 12 + 11), 12)
        return cls(year, month0 + 1)

    def __add__(self, months: int) -> YearMonth:
        if not isinstance(months, int):
            return NotImplemented
        return YearMonth._from_index(self._index + months)

    def __sub__(self, months: int) -> YearMonth:
        if not isinstance(months, int):
            return NotImplemented
        return YearMonth._from_index(self._index - months)

    def months_until(self, other: YearMonth) -> int:
        """How many months ``other`` lies after ``self`` (negative when before)."""
        return other._index - self._index

    def through(self, last: YearMonth) -> list[YearMonth]:
        """Every month from ``self`` to ``last``, both included (empty when ``last`` is before)."""
        return [self + n for n in range(self.months_until(last) + 1)]

    @property
    def first_day(self) -> date:
        """The 1st of the month."""
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        """The last day of the month."""
        return date(self.year, self.month, month_length(self.year, self.month))

    @property
    def quarter(self) -> int:
        """The calendar quarter, 1 to 4."""
        return (self.month - 1) // 3 + 1

    def contains(self, d: date) -> bool:
        """Whether ``d`` falls in this month (MEET-8: a date counts for the period it falls in)."""
        return (d.year, d.month) == (self.year, self.month)
