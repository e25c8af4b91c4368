"""Dates as offices type them (member import): full dates, year-month only, Excel serials."""

from __future__ import annotations

from datetime import date

import pytest

from dangjian.rules.date_text import (
    DateTextError,
    MonthOnly,
    excel_serial_date,
    number_as_date,
    parse_date_text,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024/9/20", date(2024, 9, 20)),
        ("2001年7月1日", date(2001, 7, 1)),
        ("2024.9.20", date(2024, 9, 20)),
        ("2012.06.28", date(2012, 6, 28)),
        ("2024-09-20", date(2024, 9, 20)),
        ("20240920", date(2024, 9, 20)),
        ("２０２４年９月２０日", date(2024, 9, 20)),
        ("2024-07-01 00:00:00", date(2024, 7, 1)),
        (" 2024 年 7 月 1 日 ", date(2024, 7, 1)),
    ],
)
def test_full_dates_in_every_written_form(text: str, expected: date) -> None:
    assert parse_date_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1985.06", MonthOnly(1985, 6)),
        ("1979年3月", MonthOnly(1979, 3)),
        ("1992-09", MonthOnly(1992, 9)),
        ("1987.03", MonthOnly(1987, 3)),
        ("1976年11月", MonthOnly(1976, 11)),
        ("1993/8", MonthOnly(1993, 8)),
    ],
)
def test_year_month_only_is_read_as_a_month_not_a_day(text: str, expected: MonthOnly) -> None:
    assert parse_date_text(text) == expected


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("1991-04-31", "1991年4月31日不存在"),
        ("2023年2月29日", "2023年2月29日不存在"),
        ("2024.13.01", "2024年13月不存在"),
        ("1990-13", "1990年13月不存在"),
    ],
)
def test_an_impossible_date_is_named(text: str, named: str) -> None:
    with pytest.raises(DateTextError, match=named):
        parse_date_text(text)


@pytest.mark.parametrize("text", ["去年", "2024", "12/05/2024", "1985年", "abc"])
def test_text_that_is_no_date_is_refused_in_chinese(text: str) -> None:
    with pytest.raises(DateTextError, match="不是可识别的日期"):
        parse_date_text(text)


def test_excel_serial_in_a_general_cell_is_the_date_it_is() -> None:
    assert excel_serial_date(33011) == date(1990, 5, 18)
    assert excel_serial_date(61) == date(1900, 3, 1)
    assert excel_serial_date(45658) == date(2025, 1, 1)


@pytest.mark.parametrize("serial", [0, 60, 73051, 33011.5, -5])
def test_serials_outside_the_plausible_days_are_refused(serial: float) -> None:
    with pytest.raises(DateTextError):
        excel_serial_date(serial)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (33011.0, date(1990, 5, 18)),
        (20240701.0, date(2024, 7, 1)),
        (1987.03, MonthOnly(1987, 3)),
        (1985.12, MonthOnly(1985, 12)),
    ],
)
def test_numbers_in_date_cells(number: float, expected: date | MonthOnly) -> None:
    assert number_as_date(number) == expected


@pytest.mark.parametrize(
    ("number", "reason"),
    [(1985.1, "无法确定月份"), (1987.0, "只有年份"), (20230229.0, "2023年2月29日不存在")],
)
def test_numbers_that_cannot_be_read_safely_are_refused(number: float, reason: str) -> None:
    with pytest.raises(DateTextError, match=reason):
        number_as_date(number)


def test_month_only_holds_its_days() -> None:
    assert MonthOnly(1987, 3).holds(date(1987, 3, 14))
    assert not MonthOnly(1987, 3).holds(date(1987, 4, 14))
    assert str(MonthOnly(1987, 3)) == "1987年3月"
