"""Dates as offices write them in spreadsheets: full dates, year-month only, Excel serials.

Pure: no Django. ``parse_date_text`` reads a typed text ("2024/9/20", "2001年7月1日",
"2024.9.20", "20240920", and year-month only: "1985.06", "1979年3月", "1992-09");
``excel_serial_date`` reads the day number Excel stores for a date (a General-format cell shows
it as 33011 for 1990-05-18). A date that cannot exist (1991-04-31) is named, never moved to
the next valid day. Errors are ``DateTextError`` with a Chinese reason.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

# Excel counts days from 1899-12-31 as day 1 and keeps Lotus 1-2-3's phantom 1900-02-29 (day
# 60): from day 61 on, day n is 1899-12-30 + n. Days 1 to 59 are January and February 1900.
_EXCEL_EPOCH = date(1899, 12, 30)
_FIRST_SERIAL, _LAST_SERIAL = 61, 73050  # 1900-03-01 .. 2099-12-31

_SEP = r"\s*[-/.年]\s*"
_DAY_SEP = r"\s*[-/.月]\s*"
_FULL = re.compile(rf"(\d{{4}}){_SEP}(\d{{1,2}}){_DAY_SEP}(\d{{1,2}})\s*日?")
_DIGITS = re.compile(r"(\d{4})(\d{2})(\d{2})")
_YEAR_MONTH = re.compile(rf"(\d{{4}}){_SEP}(\d{{1,2}})\s*月?")
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")


class DateTextError(ValueError):
    """The text is not a date this module reads; the message says why, in Chinese."""


@dataclass(frozen=True)
class MonthOnly:
    """A date written to the month only (1985.06): the day is not known."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月"

    def holds(self, day: date) -> bool:
        """True when ``day`` falls in this month."""
        return (day.year, day.month) == (self.year, self.month)


def full_date(year: int, month: int, day: int) -> date:
    """The date, or ``DateTextError`` naming a day that does not exist (1991年4月31日)."""
    if not 1 <= month <= 12:
        raise DateTextError(f"日期{year}年{month}月不存在（月份应为1至12）")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateTextError(f"日期{year}年{month}月{day}日不存在") from None


def parse_date_text(text: str) -> date | MonthOnly:
    """A date typed as text; ``MonthOnly`` when only the year and month are written.

    Full-width digits and spaces are folded first; a time of day after the date is dropped
    ("2024-07-01 00:00:00"). Raises ``DateTextError`` for anything else.
    """
    folded = _TIME_SUFFIX.sub("", unicodedata.normalize("NFKC", text).strip())
    if match := _FULL.fullmatch(folded) or _DIGITS.fullmatch(folded):
        year, month, day = (int(g) for g in match.groups())
        return full_date(year, month, day)
    if match := _YEAR_MONTH.fullmatch(folded):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise DateTextError(f"日期{year}年{month}月不存在（月份应为1至12）")
        return MonthOnly(year, month)
    raise DateTextError(f"“{text.strip()[:30]}”不是可识别的日期，请填写如2024-07-01的日期")


def month_of(value: date | MonthOnly) -> MonthOnly:
    """The month a value names: itself, or the month a full date falls in. A 党费交至 is a
    month (dues are paid up to a month), entered either way."""
    return value if isinstance(value, MonthOnly) else MonthOnly(value.year, value.month)


def parse_month_text(text: str) -> MonthOnly:
    """A month typed as text: "2024-05", "2024年5月", "2024.5", "2024/5", or a full date read as
    its month ("2024-05-31"). Raises ``DateTextError`` (Chinese) for anything else."""
    try:
        return month_of(parse_date_text(text))
    except DateTextError:
        raise DateTextError(
            f"“{text.strip()[:30]}”不是可识别的年月，请填写如2024-05或2024年5月"
        ) from None


def excel_serial_date(serial: float) -> date:
    """The date Excel stores as day number ``serial`` (33011 -> 1990-05-18).

    Only whole days from 1900-03-01 to 2099-12-31 (61 to 73050) are read; anything else raises
    ``DateTextError``.
    """
    if not float(serial).is_integer() or not _FIRST_SERIAL <= serial <= _LAST_SERIAL:
        raise DateTextError(f"“{serial:g}”不是可识别的日期，请填写如2024-07-01的日期")
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def number_as_date(number: float) -> date | MonthOnly:
    """A number in a General-format date cell, read as what the person meant.

    20240701 is yyyymmdd; 1985.06 is year and month (as typed: two decimals, since Excel drops a
    trailing zero, 1985.1 could be January or October and is refused, while 1985.5 can only be
    May); a bare year is refused;
    any other whole number is Excel's day number.
    """
    if number.is_integer():
        whole = int(number)
        if 10_000_000 <= whole <= 99_999_999:
            match = _DIGITS.fullmatch(str(whole))
            assert match is not None
            return full_date(int(match[1]), int(match[2]), int(match[3]))
        if 1900 <= whole <= 2099:
            raise DateTextError(f"“{whole}”只有年份，请填写完整日期，如{whole}-07-01")
        return excel_serial_date(number)
    text = repr(number)
    year, _, fraction = text.partition(".")
    if len(year) == 4 and len(fraction) == 2:
        return parse_date_text(text)
    if len(year) == 4 and len(fraction) == 1 and fraction >= "2":
        # 2024.5 (Excel dropped no zero: there is no 50th month) can only be May.
        return MonthOnly(int(year), int(fraction))
    if len(year) == 4 and len(fraction) == 1:
        raise DateTextError(
            f"“{text}”无法确定月份（{year}年{fraction}月还是{year}年{fraction}0月？），"
            "请将该列设为文本后按“1985-10-01”的格式填写"
        )
    raise DateTextError(f"“{number:g}”不是可识别的日期，请填写如2024-07-01的日期")
