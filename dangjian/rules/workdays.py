"""Working days on the official calendar: holidays and 调休 make-up days (DEV-20).

The State Council publishes each year's holidays late in the year before, with weekend days
that are worked in exchange (调休上班). ``official_calendar`` reads them from the
``chinese-calendar`` package (years 2004 to the package's last year) and lays a deployment's own
table over it for the years the package does not know yet or gets wrong; a year that neither
knows raises ``CalendarYearUnknown`` with a Chinese message, because guessing "Monday to Friday"
would count a 国庆 week as five working days.

The override table is plain data (``parse_overrides`` reads the shape a setting holds), so this
module stays pure: the settings reader passes it in, nothing here reads the environment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from dangjian.rules import dates
from dangjian.rules.dates import format_cn_date


class CalendarYearUnknown(ValueError):
    """A working day was asked of a year whose holiday arrangement nobody has supplied."""

    def __init__(self, year: int, known: Sequence[int]) -> None:
        self.year = year
        span = f"（已知{known[0]}年至{known[-1]}年）" if known else ""
        super().__init__(
            f"{year}年的法定节假日和调休安排尚未录入{span}，无法计算工作日；"
            f"请系统管理员在部署设置中补充{year}年的放假日期和调休上班日期"
        )


@dataclass(frozen=True)
class YearArrangement:
    """One year's official arrangement.

    ``holidays``: days off that would otherwise be working days (weekend days inside a holiday
    may be listed too; they rest either way). ``workdays``: weekend days worked in exchange
    (调休上班). Every date lies in ``year``; no date is in both sets.
    """

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]

    def __post_init__(self) -> None:
        strays = sorted(d for d in self.holidays | self.workdays if d.year != self.year)
        if strays:
            raise ValueError(f"{self.year}年的节假日安排中有其他年份的日期：{_dates(strays)}")
        both = sorted(self.holidays & self.workdays)
        if both:
            raise ValueError(f"节假日安排有误：{_dates(both)}既被设为放假又被设为调休上班")
        weekdays = sorted(d for d in self.workdays if d.weekday() < 5)
        if weekdays:
            raise ValueError(f"调休上班日应为周六或周日，{_dates(weekdays)}是工作日")


@dataclass(frozen=True)
class HolidayCalendar:
    """Working days over the years it knows; any other year raises ``CalendarYearUnknown``."""

    years: Mapping[int, YearArrangement]

    @property
    def known_years(self) -> tuple[int, ...]:
        """The years this calendar can answer for, in order."""
        return tuple(sorted(self.years))

    def covers(self, d: date) -> bool:
        """Whether the year of ``d`` is known."""
        return d.year in self.years

    def arrangement(self, year: int) -> YearArrangement:
        """The arrangement of ``year``; raises ``CalendarYearUnknown`` when there is none."""
        try:
            return self.years[year]
        except KeyError:
            raise CalendarYearUnknown(year, self.known_years) from None

    def is_working_day(self, d: date) -> bool:
        """Whether people work on ``d`` (调休上班 weekends included, holidays excluded)."""
        year = self.arrangement(d.year)
        return dates.is_working_day(d, year.holidays, year.workdays)

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day counted from ``start`` inclusive (``days`` >= 1).

        A 5-working-day notice posted on a working day runs to the 4th working day after it;
        posted on a rest day, it starts counting on the next working day.
        """
        if days < 1:
            raise ValueError(f"工作日天数应至少为1，实为{days}")
        current, counted = start, 0
        while True:
            if self.is_working_day(current):
                counted += 1
                if counted == days:
                    return current
            current += timedelta(days=1)

    def count_working_days(self, start: date, end: date) -> int:
        """Working days from ``start`` to ``end``, both included (0 when ``end`` is earlier)."""
        total = (end - start).days + 1
        return sum(self.is_working_day(start + timedelta(days=n)) for n in range(max(total, 0)))


def official_calendar(overrides: Iterable[YearArrangement] = ()) -> HolidayCalendar:
    """The package's years with ``overrides`` laid over them.

    An override replaces the package's whole year (a year's arrangement is published as one
    notice, and a correction, like the Spring Festival extension of 2020, is a new notice).
    """
    years = dict(_package_years())
    for year in overrides:
        years[year.year] = year
    return HolidayCalendar(years)


@cache
def _package_years() -> Mapping[int, YearArrangement]:
    # Imported here so that a test of the pure rules that passes its own table does not need
    # the package's data loaded.
    from chinese_calendar import constants

    holidays: dict[int, set[date]] = {}
    workdays: dict[int, set[date]] = {}
    for day in constants.holidays:
        holidays.setdefault(day.year, set()).add(day)
    for day in constants.workdays:
        workdays.setdefault(day.year, set()).add(day)
    # The package knows every year from its first to its last holiday; weekend-only years
    # (none so far) would still be known, with empty sets.
    first, last = min(holidays), max(holidays)
    return {
        year: YearArrangement(
            year, frozenset(holidays.get(year, ())), frozenset(workdays.get(year, ()))
        )
        for year in range(first, last + 1)
    }


def parse_overrides(table: Mapping[str, Mapping[str, Sequence[str]]]) -> list[YearArrangement]:
    """Read a deployment's override table: ``{"2027": {"holidays": [...], "workdays": [...]}}``.

    Dates are ISO strings ("2027-10-01"); either list may be missing (an empty year is a year of
    plain weekends, which is rarely true, so say so explicitly with two empty lists). Raises
    ``ValueError`` with a Chinese message naming the year and the value at fault.
    """
    return [_parse_year(year_text, entry) for year_text, entry in table.items()]


def _parse_year(year_text: str, entry: Mapping[str, Sequence[str]]) -> YearArrangement:
    if not (str(year_text).isdigit() and 1900 <= int(year_text) <= 2099):
        raise ValueError(f"节假日设置中的年份“{year_text}”无效，应为1900至2099之间的四位年份")
    unknown = sorted(set(entry) - {"holidays", "workdays"})
    if unknown:
        raise ValueError(f"{year_text}年节假日设置中有无法识别的项：{'、'.join(unknown)}")
    year = int(year_text)
    return YearArrangement(
        year,
        frozenset(_parse_dates(year, "放假日期", entry.get("holidays", ()))),
        frozenset(_parse_dates(year, "调休上班日期", entry.get("workdays", ()))),
    )


def _parse_dates(year: int, what: str, values: Sequence[str]) -> Iterable[date]:
    if isinstance(values, str):
        raise ValueError(f"{year}年的{what}应为日期列表")
    for value in values:
        try:
            yield date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(
                f"{year}年的{what}中“{value}”不是有效日期，应写作{year}-10-01"
            ) from None


def _dates(days: Sequence[date]) -> str:
    return "、".join(format_cn_date(d) for d in days)
