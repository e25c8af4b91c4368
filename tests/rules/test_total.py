"""Every pure rule gives a verdict for any well-typed input: no exception for an implausible one.

Dates anywhere in the calendar (date.min .. date.max, the overflow edges included) and amounts
anywhere in the declared money range. A rule that raised here would turn a record with odd but
storable values into a page that cannot be read.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from dangjian.core.bounds import BASE_MAX, MONEY_MAX
from dangjian.rules.dates import (
    YearMonth,
    add_months,
    add_working_days,
    add_years,
    age_on,
    anniversary_reached,
    latest_birth_for_age,
    statistical_age,
)
from dangjian.rules.dues import (
    DuesCategory,
    backpay_check,
    compute_dues,
    dues_start_month,
    is_large_voluntary,
)
from dangjian.rules.dues.money import format_yuan
from dangjian.rules.dues.settings import DuesSettings
from dangjian.rules.idcard import check_against, make_id_number, parse_id_number
from dangjian.rules.organization import OrgKind, election_reminder_due, term_end
from dangjian.rules.statistics import (
    age_band,
    joining_period,
    latest_accepted_for_probation_end,
    party_standing_years,
    probation_end,
)

dates = st.dates()  # 0001-01-01 .. 9999-12-31
edge_dates = st.sampled_from([date.min, date.max, date(9999, 12, 31), date(1, 1, 1)]) | dates
offsets = st.integers(min_value=-200_000, max_value=200_000)
money = st.decimals(min_value=0, max_value=MONEY_MAX, places=2)
bases = st.decimals(min_value=0, max_value=BASE_MAX, places=2)


@given(edge_dates, offsets)
def test_date_arithmetic_saturates_at_the_calendar_ends(d: date, n: int) -> None:
    """DATE-1: past year 1 or 9999 the answer is date.min / date.max, never OverflowError."""
    assert date.min <= add_months(d, n) <= date.max
    assert date.min <= add_years(d, n // 12) <= date.max


@given(edge_dates, edge_dates)
def test_age_and_anniversaries_answer_for_any_two_dates(birth: date, on: date) -> None:
    """DATE-2/DATE-3: a birth after ``on`` gives a negative age, not an error."""
    age = age_on(birth, on)
    assert (age < 0) == (on < birth) or age == 0
    assert isinstance(anniversary_reached(birth, on, 18), bool)
    assert age_band(age) in age_band.__globals__["AGE_BANDS"]
    assert isinstance(statistical_age(birth, on.year), int)
    assert date.min <= latest_birth_for_age(on, max(age, 0)) <= date.max


@given(edge_dates, st.integers(min_value=1, max_value=30))
def test_working_days_stop_at_the_end_of_the_calendar(d: date, days: int) -> None:
    """DEV-20."""
    assert add_working_days(d, days) >= d


@given(edge_dates, edge_dates)
def test_party_dates_answer_for_any_dates(joined: date, on: date) -> None:
    """DEV-15/DEV-19, MEM-1, STAT-2, ORG-5."""
    assert probation_end(joined) >= joined or joined == date.max
    assert date.min <= latest_accepted_for_probation_end(on) <= date.max
    years = party_standing_years(joined, on)
    assert years is None or years >= 0
    assert isinstance(joining_period(joined), str)
    end = term_end(joined, OrgKind.BRANCH)
    assert isinstance(election_reminder_due(end, on), bool)


@given(edge_dates, edge_dates)
def test_months_and_back_pay_answer_for_any_two_months(a: date, b: date) -> None:
    """DUES-8, DUES-12: month arithmetic saturates; back pay always gives a verdict."""
    first, second = YearMonth.from_date(a), YearMonth.from_date(b)
    assert isinstance(first + 12 * 10_000, YearMonth)
    assert isinstance(first - 12 * 10_000, YearMonth)
    refusal = backpay_check(first, second)
    assert refusal is None or "第十二条" in refusal
    assert dues_start_month(a) == first


@given(st.sampled_from(list(DuesCategory)), bases)
def test_dues_are_computed_for_any_base_in_range(category: DuesCategory, base: Decimal) -> None:
    """DUES-1, DUES-3..DUES-6: every category, every base the boundary accepts."""
    result = compute_dues(category, base, DuesSettings())
    assert 0 <= result.amount <= base or category.is_flat
    assert format_yuan(result.amount)


@given(money)
def test_large_payment_and_formatting_answer_for_any_amount(amount: Decimal) -> None:
    """DUES-11."""
    assert isinstance(is_large_voluntary(amount), bool)
    assert format_yuan(amount)


@given(edge_dates, st.sampled_from(["M", "F"]), edge_dates)
def test_id_number_checks_answer_for_any_birth_date(
    birth: date, gender: str, claimed: date
) -> None:
    """ID-1: a claimed birth date far from the number's is a finding, not an exception."""
    if birth.year < 1900:  # parse_id_number refuses those numbers with its own message
        return
    idn = parse_id_number(make_id_number("110101", birth, 1, gender))
    assert isinstance(check_against(idn, claimed, gender), list)
