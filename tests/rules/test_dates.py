"""Calendar arithmetic: DATE-1..DATE-3 and the working days of DEV-20."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian.rules.dates import (
    YearMonth,
    add_months,
    add_working_days,
    add_years,
    age_on,
    anniversary_reached,
    count_working_days,
    format_cn_date,
    is_working_day,
    latest_birth_for_age,
    month_length,
    statistical_age,
)

# The 2024 National Day holiday: 10-01..10-07 off, Sunday 09-29 and Saturday 10-12 worked.
NATIONAL_DAY_2024 = frozenset(date(2024, 10, d) for d in range(1, 8))
MAKE_UP_2024 = frozenset({date(2024, 9, 29), date(2024, 10, 12)})


# DATE-1: months and years


def test_one_month_after_january_31_is_the_last_day_of_february_in_a_leap_year() -> None:
    """DATE-1: 2024-01-31 + 1 month = 2024-02-29."""
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_one_month_after_january_31_is_february_28_in_a_common_year() -> None:
    """DATE-1: the clamp follows the target month's length."""
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)


def test_months_can_be_subtracted_and_still_clamp() -> None:
    """DATE-1: negative months go back; 2024-03-31 - 1 month = 2024-02-29."""
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert add_months(date(2024, 1, 15), -13) == date(2022, 12, 15)


def test_adding_months_crosses_the_year_end() -> None:
    """DATE-1: 2024-11-30 + 3 months = 2025-02-28."""
    assert add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)


def test_adding_zero_months_changes_nothing() -> None:
    """DATE-1."""
    assert add_months(date(2024, 5, 31), 0) == date(2024, 5, 31)


def test_one_year_after_a_leap_day_is_february_28() -> None:
    """DATE-1: 2024-02-29 + 1 year = 2025-02-28."""
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)


def test_four_years_after_a_leap_day_is_a_leap_day_again() -> None:
    """DATE-1."""
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


@given(
    d=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    months=st.integers(min_value=-1200, max_value=1200),
)
def test_add_months_never_raises_and_keeps_the_day_unless_the_month_is_shorter(
    d: date, months: int
) -> None:
    """DATE-1: the day is min(original day, length of the target month)."""
    result = add_months(d, months)
    assert (result.year * 12 + result.month) - (d.year * 12 + d.month) == months
    assert result.day == min(d.day, month_length(result.year, result.month))


# DATE-2: anniversaries


def test_activist_one_year_met_on_anniversary() -> None:
    """DATE-2 / DEV-7: designated 2023-05-10, one year is met on 2024-05-10."""
    assert anniversary_reached(date(2023, 5, 10), date(2024, 5, 10))


def test_one_year_not_met_the_day_before_the_anniversary() -> None:
    """DATE-2."""
    assert not anniversary_reached(date(2023, 5, 10), date(2024, 5, 9))


def test_anniversary_of_a_leap_day_start_is_february_28() -> None:
    """DATE-1/DATE-2: started 2024-02-29, one year is met on 2025-02-28."""
    assert anniversary_reached(date(2024, 2, 29), date(2025, 2, 28))
    assert not anniversary_reached(date(2024, 2, 29), date(2025, 2, 27))


def test_several_years_anniversary() -> None:
    """DATE-2 with years=3 (a term of office, ORG-5)."""
    assert anniversary_reached(date(2021, 6, 15), date(2024, 6, 15), years=3)
    assert not anniversary_reached(date(2021, 6, 15), date(2024, 6, 14), years=3)


# DATE-3: age


def test_age_goes_up_on_the_birthday() -> None:
    """DATE-3: 周岁 on the birthday itself."""
    assert age_on(date(2006, 7, 1), date(2024, 6, 30)) == 17
    assert age_on(date(2006, 7, 1), date(2024, 7, 1)) == 18


def test_leap_day_birth_turns_a_year_older_on_march_1_in_a_common_year() -> None:
    """DATE-3: born 2008-02-29, 18 on 2026-03-01, not yet on 2026-02-28."""
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


def test_leap_day_birth_turns_a_year_older_on_february_29_in_a_leap_year() -> None:
    """DATE-3: born 2004-02-29, 20 on 2024-02-29."""
    assert age_on(date(2004, 2, 29), date(2024, 2, 28)) == 19
    assert age_on(date(2004, 2, 29), date(2024, 2, 29)) == 20


def test_age_before_birth_is_negative_not_an_error() -> None:
    """DATE-3: dates the wrong way round give a verdict (a negative age) for the check to report."""
    assert age_on(date(2000, 1, 1), date(1999, 12, 31)) == -1
    assert age_on(date(2000, 1, 1), date(1990, 1, 1)) == -10


def test_statistical_age_is_the_age_on_december_31() -> None:
    """DATE-3: born 1994-12-31 -> 30 in the 2024 statistics; born 1995-01-01 -> 29."""
    assert statistical_age(date(1994, 12, 31), 2024) == 30
    assert statistical_age(date(1995, 1, 1), 2024) == 29


@given(
    birth=st.dates(min_value=date(1900, 1, 1), max_value=date(2050, 12, 31)),
    days=st.integers(min_value=0, max_value=40000),
)
def test_age_never_decreases_as_time_passes(birth: date, days: int) -> None:
    """DATE-3: age is monotone and goes up by at most one in a day."""
    on = birth + timedelta(days=days)
    assert 0 <= age_on(birth, on) <= age_on(birth, on + timedelta(days=1)) <= age_on(birth, on) + 1


# DEV-20: working days


def test_five_working_days_from_a_monday_end_on_friday() -> None:
    """DEV-20: a notice posted Monday 2024-07-01 has run 5 working days on Friday 2024-07-05."""
    assert add_working_days(date(2024, 7, 1), 5) == date(2024, 7, 5)


def test_working_days_skip_the_weekend() -> None:
    """DEV-20: posted Wednesday 2024-07-03, the 5th working day is Tuesday 2024-07-09."""
    assert add_working_days(date(2024, 7, 3), 5) == date(2024, 7, 9)


def test_a_notice_posted_on_saturday_starts_counting_on_monday() -> None:
    """DEV-20: the start day counts only when it is a working day."""
    assert add_working_days(date(2024, 7, 6), 5) == date(2024, 7, 12)
    assert add_working_days(date(2024, 7, 6), 1) == date(2024, 7, 8)


def test_working_days_skip_holidays_and_count_make_up_days() -> None:
    """DEV-20: posted Friday 2024-09-27 across National Day: 09-27, 09-29 (make-up Sunday),
    09-30, 10-08, 10-09."""
    result = add_working_days(date(2024, 9, 27), 5, NATIONAL_DAY_2024, MAKE_UP_2024)
    assert result == date(2024, 10, 9)


def test_without_the_holiday_calendar_national_day_counts_as_working_days() -> None:
    """DEV-20: the holiday calendar is a setting; without it only weekends are skipped."""
    assert add_working_days(date(2024, 9, 27), 5) == date(2024, 10, 3)


def test_make_up_saturday_is_a_working_day_and_a_holiday_monday_is_not() -> None:
    """DEV-20."""
    assert is_working_day(date(2024, 10, 12), NATIONAL_DAY_2024, MAKE_UP_2024)
    assert not is_working_day(date(2024, 10, 7), NATIONAL_DAY_2024, MAKE_UP_2024)
    assert not is_working_day(date(2024, 10, 13), NATIONAL_DAY_2024, MAKE_UP_2024)


def test_count_working_days_includes_both_ends() -> None:
    """DEV-20: 2024-09-27..2024-10-09 holds 5 working days with the 2024 calendar."""
    span = (date(2024, 9, 27), date(2024, 10, 9))
    assert count_working_days(*span, NATIONAL_DAY_2024, MAKE_UP_2024) == 5
    assert count_working_days(date(2024, 7, 5), date(2024, 7, 1)) == 0


def test_zero_working_days_is_refused() -> None:
    """DEV-20: a notice runs at least one working day."""
    with pytest.raises(ValueError, match="至少为1"):
        add_working_days(date(2024, 7, 1), 0)


def test_a_day_both_holiday_and_make_up_day_is_refused() -> None:
    """DEV-20: a contradictory holiday calendar is a configuration error."""
    day = date(2024, 10, 1)
    with pytest.raises(ValueError, match="既被设为放假又被设为调休上班"):
        add_working_days(date(2024, 9, 27), 5, frozenset({day}), frozenset({day}))


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    days=st.integers(min_value=1, max_value=60),
)
def test_the_nth_working_day_is_a_working_day_and_the_span_holds_n(start: date, days: int) -> None:
    """DEV-20: add_working_days and count_working_days agree."""
    end = add_working_days(start, days)
    assert is_working_day(end)
    assert count_working_days(start, end) == days


# YearMonth


def test_year_month_prints_and_labels() -> None:
    """MEET-8 / DUES: the month a period is counted in."""
    month = YearMonth(2024, 7)
    assert str(month) == "2024-07"
    assert month.label == "2024年7月"
    assert YearMonth.parse("2024-7") == month
    assert YearMonth.from_date(date(2024, 7, 31)) == month


def test_year_month_arithmetic_crosses_years() -> None:
    """DATE-1 on months."""
    assert YearMonth(2024, 11) + 3 == YearMonth(2025, 2)
    assert YearMonth(2024, 1) - 1 == YearMonth(2023, 12)
    assert YearMonth(2023, 12).months_until(YearMonth(2024, 6)) == 6
    assert YearMonth(2024, 6).months_until(YearMonth(2023, 12)) == -6


def test_year_month_ordering_and_range() -> None:
    """Months order by time; ``through`` lists a span inclusively."""
    assert YearMonth(2023, 12) < YearMonth(2024, 1) < YearMonth(2024, 2)
    assert YearMonth(2024, 11).through(YearMonth(2025, 1)) == [
        YearMonth(2024, 11),
        YearMonth(2024, 12),
        YearMonth(2025, 1),
    ]
    assert YearMonth(2024, 2).through(YearMonth(2024, 1)) == []


def test_year_month_days_and_quarter() -> None:
    """MEET-8: a date counts for the month and quarter it falls in."""
    february = YearMonth(2024, 2)
    assert february.first_day == date(2024, 2, 1)
    assert february.last_day == date(2024, 2, 29)
    assert february.quarter == 1
    assert YearMonth(2024, 10).quarter == 4
    assert february.contains(date(2024, 2, 29))
    assert not february.contains(date(2024, 3, 1))


def test_invalid_year_month_is_refused_in_chinese() -> None:
    """A month outside 1..12 is a data error."""
    with pytest.raises(ValueError, match="月份应在1至12之间"):
        YearMonth(2024, 13)
    with pytest.raises(ValueError, match="不是有效的年月"):
        YearMonth.parse("2024年7月")


@given(
    year=st.integers(min_value=1900, max_value=2100),
    month=st.integers(min_value=1, max_value=12),
    n=st.integers(min_value=-600, max_value=600),
)
def test_year_month_plus_then_minus_is_identity(year: int, month: int, n: int) -> None:
    """Month arithmetic is consistent with months_until."""
    start = YearMonth(year, month)
    assert (start + n) - n == start
    assert start.months_until(start + n) == n


def test_chinese_date_format() -> None:
    """Dates in messages read as Chinese documents write them."""
    assert format_cn_date(date(2024, 7, 1)) == "2024年7月1日"


@given(birth=st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)),
       on=st.dates(min_value=date(1950, 1, 1), max_value=date(2040, 12, 31)),
       age=st.integers(min_value=0, max_value=100))  # fmt: skip
def test_latest_birth_for_age_is_exactly_the_age_boundary(birth: date, on: date, age: int) -> None:
    """DATE-3: at least ``age`` on ``on`` exactly when born on or before the boundary."""
    if birth <= on:
        assert (age_on(birth, on) >= age) == (birth <= latest_birth_for_age(on, age))


def test_leap_day_birth_is_not_yet_25_on_feb_28() -> None:
    """DATE-3 with the 03-01 reading of a 02-29 birthday."""
    assert latest_birth_for_age(date(2025, 2, 28), 25) == date(2000, 2, 28)
