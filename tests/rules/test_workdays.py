"""Working days on the official calendar with 调休 make-up days (DEV-20)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian.rules.workdays import (
    CalendarYearUnknown,
    YearArrangement,
    official_calendar,
    parse_overrides,
)

CALENDAR = official_calendar()


def test_the_package_knows_2026_with_its_make_up_saturday() -> None:
    """2026 国庆: 10-01..10-07 off, Sunday 09-20 and Saturday 10-10 worked."""
    assert 2026 in CALENDAR.known_years
    assert not CALENDAR.is_working_day(date(2026, 10, 1))
    assert not CALENDAR.is_working_day(date(2026, 10, 7))
    assert CALENDAR.is_working_day(date(2026, 10, 10))  # Saturday, 调休上班
    assert CALENDAR.is_working_day(date(2026, 9, 20))  # Sunday, 调休上班
    assert not CALENDAR.is_working_day(date(2026, 10, 11))  # an ordinary Sunday


def test_fifth_working_day_across_the_holiday_and_the_make_up_saturday() -> None:
    """Wednesday 09-30 is the 1st, 10-08 and 10-09 the 2nd and 3rd, Saturday 10-10 the 4th,
    Monday 10-12 the 5th; a weekday-only count would say Tuesday 10-06."""
    assert CALENDAR.add_working_days(date(2026, 9, 30), 5) == date(2026, 10, 12)
    assert CALENDAR.count_working_days(date(2026, 9, 30), date(2026, 10, 11)) == 4
    assert CALENDAR.count_working_days(date(2026, 9, 30), date(2026, 10, 12)) == 5


def test_a_count_started_on_a_rest_day_starts_on_the_next_working_day() -> None:
    assert CALENDAR.add_working_days(date(2026, 10, 3), 1) == date(2026, 10, 8)


def test_a_year_nobody_knows_is_an_error_that_says_what_to_do() -> None:
    with pytest.raises(CalendarYearUnknown, match="2027年的法定节假日和调休安排尚未录入"):
        CALENDAR.is_working_day(date(2027, 1, 4))
    # A count that runs into the unknown year fails too, rather than guessing.
    with pytest.raises(CalendarYearUnknown):
        CALENDAR.add_working_days(date(2026, 12, 28), 10)


def test_a_deployment_table_supplies_a_year_the_package_does_not_know() -> None:
    table = {"2027": {"holidays": ["2027-01-01"], "workdays": []}}
    calendar = official_calendar(parse_overrides(table))
    assert not calendar.is_working_day(date(2027, 1, 1))  # Friday, 元旦
    assert calendar.add_working_days(date(2026, 12, 31), 2) == date(2027, 1, 4)


def test_an_override_replaces_the_package_year() -> None:
    """A correction notice replaces the year: 10-10 is no longer worked."""
    fixed = YearArrangement(2026, frozenset({date(2026, 10, 1)}), frozenset())
    calendar = official_calendar([fixed])
    assert not calendar.is_working_day(date(2026, 10, 10))
    assert calendar.is_working_day(date(2026, 10, 2))


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"27": {"holidays": []}}, "年份“27”无效"),
        ({"2027": {"holiday": []}}, "无法识别的项：holiday"),
        ({"2027": {"holidays": ["2027-13-01"]}}, "“2027-13-01”不是有效日期"),
        ({"2027": {"holidays": "2027-01-01"}}, "应为日期列表"),
        ({"2027": {"holidays": ["2026-12-31"]}}, "其他年份的日期"),
        ({"2027": {"workdays": ["2027-01-04"]}}, "调休上班日应为周六或周日"),
        ({"2027": {"holidays": ["2027-01-02"], "workdays": ["2027-01-02"]}}, "既被设为放假"),
    ],
)
def test_a_wrong_override_table_is_refused_naming_the_value(
    table: dict[str, dict[str, object]], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        parse_overrides(table)  # type: ignore[arg-type]


days_2004_2026 = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 11, 30))


@given(days_2004_2026, st.integers(min_value=1, max_value=20))
def test_the_nth_working_day_ends_a_span_of_exactly_n(start: date, n: int) -> None:
    end = CALENDAR.add_working_days(start, n)
    assert CALENDAR.is_working_day(end)
    assert CALENDAR.count_working_days(start, end) == n
    assert CALENDAR.count_working_days(start, end - timedelta(days=1)) == n - 1
