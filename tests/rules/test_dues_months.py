"""Dues month by month: DUES-3, DUES-8, DUES-9, DUES-11, DUES-12, DUES-13."""

from datetime import date
from decimal import Decimal

import pytest

from dangjian.rules.dates import YearMonth
from dangjian.rules.dues import (
    DuesCategory,
    DuesSettings,
    amount_for_month,
    arrears_flag,
    backpay_check,
    consecutive_unpaid,
    dues_start_month,
    effective_base,
    is_large_voluntary,
)

D = Decimal
FIXED_YEARLY = DuesSettings()
FOLLOWS_WAGE = DuesSettings(fixed_yearly=False)

# A salaried member: 4800 since mid-2023, a raise to 5200 paid from May 2024.
WAGES = {YearMonth(2023, 6): D("4800.00"), YearMonth(2024, 5): D("5200.00")}

# An annual-salary member: 8000 a month, and the year-end payment in December.
ANNUAL = {YearMonth(2024, m): D("8000.00") for m in range(1, 12)} | {
    YearMonth(2024, 12): D("68000.00")
}


def test_probationary_member_owes_dues_from_the_month_of_the_branch_meeting() -> None:
    """DUES-8 (党费规定第八条): accepted on 2024-03-28 -> dues from March 2024."""
    assert dues_start_month(date(2024, 3, 28)) == YearMonth(2024, 3)


def test_fixed_yearly_keeps_the_january_base_after_a_raise() -> None:
    """DUES-9 (2017通知, the default): a raise in May does not change 2024's base."""
    base, why = effective_base(YearMonth(2024, 7), WAGES, FIXED_YEARLY)
    assert base == D("4800.00")
    assert (
        why
        == "党费基数每年核定一次：采用2024年年初核定的基数4800.00元，全年不变（依据《关于进一步规范党费工作的通知》）"
    )


def test_fixed_yearly_takes_the_new_wage_the_next_january() -> None:
    """DUES-9: the raise paid in May 2024 is the base of 2025."""
    base, _ = effective_base(YearMonth(2025, 2), WAGES, FIXED_YEARLY)
    assert base == D("5200.00")


def test_fixed_yearly_uses_the_base_at_joining_for_a_member_who_joined_this_year() -> None:
    """DUES-9 with DUES-8: no base before the year: the one fixed at joining is kept."""
    bases = {YearMonth(2024, 3): D("3500.00"), YearMonth(2024, 9): D("4200.00")}
    base, why = effective_base(YearMonth(2024, 10), bases, FIXED_YEARLY)
    assert base == D("3500.00")
    assert "2024年3月入党或建档时核定" in why


def test_follows_wage_uses_the_new_base_from_the_month_it_is_paid() -> None:
    """DUES-9 (党费规定第十条): the new wage is the base from the month it is first paid."""
    assert effective_base(YearMonth(2024, 4), WAGES, FOLLOWS_WAGE)[0] == D("4800.00")
    base, why = effective_base(YearMonth(2024, 5), WAGES, FOLLOWS_WAGE)
    assert base == D("5200.00")
    assert (
        "采用2024年5月起的基数5200.00元（依据《关于中国共产党党费收缴、使用和管理的规定》第十条）"
        in why
    )


def test_no_base_before_the_first_record() -> None:
    """DUES-9: a month before any base is recorded has none, with the reason."""
    for settings in (FIXED_YEARLY, FOLLOWS_WAGE):
        base, why = effective_base(YearMonth(2023, 1), WAGES, settings)
        assert base is None
        assert why == "没有2023年1月及以前的党费基数记录，无法确定基数"


def test_annual_salary_uses_that_months_pay_whatever_dues_9_says() -> None:
    """DUES-3 (党费规定第三条): each month's actual pay, even with the fixed-yearly setting."""
    for settings in (FIXED_YEARLY, FOLLOWS_WAGE):
        base, why = effective_base(
            YearMonth(2024, 12), ANNUAL, settings, DuesCategory.ANNUAL_SALARY
        )
        assert base == D("68000.00")
        assert "规定》第三条" in why and "DUES-3" not in why


def test_annual_salary_year_end_month_pays_on_the_year_end_payment() -> None:
    """DUES-3/DUES-1/DUES-10: December 68000 -> 2% = 1360 -> capped at 1000; other months 120."""
    category = DuesCategory.ANNUAL_SALARY
    assert amount_for_month(YearMonth(2024, 11), ANNUAL, category, FIXED_YEARLY).amount == D(
        "120.00"
    )
    december = amount_for_month(YearMonth(2024, 12), ANNUAL, category, FIXED_YEARLY)
    assert (december.raw, december.amount, december.capped) == (
        D("1360.0000"),
        D("1000.00"),
        True,
    )
    uncapped = DuesSettings(monthly_cap=None)
    assert amount_for_month(YearMonth(2024, 12), ANNUAL, category, uncapped).amount == D("1360.00")


def test_annual_salary_month_without_pay_has_no_base() -> None:
    """DUES-3: a month with no pay record cannot be computed; the reason is given."""
    with pytest.raises(ValueError, match="2025年1月没有实际领取薪酬的记录"):
        amount_for_month(YearMonth(2025, 1), ANNUAL, DuesCategory.ANNUAL_SALARY, FIXED_YEARLY)


def test_amount_for_month_explains_the_choice_of_base_first() -> None:
    """DUES-9: the explanation starts with why this base, then how the amount follows."""
    result = amount_for_month(YearMonth(2024, 7), WAGES, DuesCategory.SALARIED, FIXED_YEARLY)
    assert result.amount == D("48.00")
    assert result.lines[0].startswith("党费基数每年核定一次")
    assert result.lines[-1] == "应交党费48.00元"
    assert "DUES-9" in result.rule_ids


def test_amount_for_month_follows_the_raise_under_the_2008_setting() -> None:
    """DUES-9: 5200 from May 2024 -> 1.5% -> 78.00."""
    result = amount_for_month(YearMonth(2024, 5), WAGES, DuesCategory.SALARIED, FOLLOWS_WAGE)
    assert result.amount == D("78.00")


def test_amount_for_month_of_a_flat_category_needs_no_base() -> None:
    """DUES-6."""
    assert amount_for_month(YearMonth(2024, 5), {}, DuesCategory.STUDENT, FIXED_YEARLY).amount == D(
        "0.20"
    )


def test_amount_for_month_without_a_base_is_refused() -> None:
    """DUES-9."""
    with pytest.raises(ValueError, match="无法确定基数"):
        amount_for_month(YearMonth(2024, 5), {}, DuesCategory.RETIRED, FIXED_YEARLY)


@pytest.mark.parametrize(
    ("amount", "large"), [("999.99", False), ("1000.00", False), ("1000.01", True), ("5000", True)]
)
def test_large_voluntary_payment_is_more_than_1000(amount: str, large: bool) -> None:
    """DUES-11 (党费规定第十一条): more than 1000 yuan at once is 大额党费."""
    assert is_large_voluntary(D(amount)) is large


@pytest.mark.parametrize("target", [YearMonth(2024, 6), YearMonth(2024, 1)])
def test_backpay_of_the_last_six_months_is_allowed(target: YearMonth) -> None:
    """DUES-12: in July 2024, June back to January 2024 may be paid late."""
    assert backpay_check(YearMonth(2024, 7), target) is None


def test_backpay_of_the_seventh_month_back_needs_an_override() -> None:
    """DUES-12 (党费规定第十二条): December 2023 is 7 months before July 2024."""
    message = backpay_check(YearMonth(2024, 7), YearMonth(2023, 12))
    assert message == (
        "2023年12月的党费距今已7个月，补交一般不超过6个月（本月可直接补交2024年1月至2024年6月），"
        "须注明理由并确认后方可补交（依据《关于中国共产党党费收缴、使用和管理的规定》第十二条）"
    )


def test_current_and_future_months_are_not_backpay() -> None:
    """DUES-12: paying the current month (or ahead, quarterly) is not 补交."""
    assert backpay_check(YearMonth(2024, 7), YearMonth(2024, 7)) is None
    assert backpay_check(YearMonth(2024, 7), YearMonth(2024, 9)) is None


def test_backpay_limit_is_a_parameter() -> None:
    """DUES-12: "normally" 6 months."""
    assert backpay_check(YearMonth(2024, 7), YearMonth(2024, 3), limit_months=3) is not None
    assert backpay_check(YearMonth(2024, 7), YearMonth(2024, 4), limit_months=3) is None


def months_paid(start: YearMonth, pattern: str) -> dict[YearMonth, bool]:
    """Months from ``start``: "P" paid, "U" unpaid, "-" not owed (left out of the mapping)."""
    return {start + i: flag == "P" for i, flag in enumerate(pattern) if flag != "-"}


def test_six_consecutive_unpaid_months_raise_the_flag() -> None:
    """DUES-13 (党费规定第十三条; 党章第九条): 6 consecutive unpaid months."""
    paid = months_paid(YearMonth(2024, 1), "PUUUUUU")
    run = consecutive_unpaid(paid, YearMonth(2024, 7))
    assert run == YearMonth(2024, 2).through(YearMonth(2024, 7))
    assert arrears_flag(run)


def test_five_unpaid_months_do_not_raise_the_flag() -> None:
    """DUES-13."""
    run = consecutive_unpaid(months_paid(YearMonth(2024, 1), "PPUUUUU"), YearMonth(2024, 7))
    assert len(run) == 5
    assert not arrears_flag(run)


def test_a_paid_month_breaks_the_run() -> None:
    """DUES-13: only the trailing run counts."""
    run = consecutive_unpaid(months_paid(YearMonth(2024, 1), "UUUUPUU"), YearMonth(2024, 7))
    assert run == [YearMonth(2024, 6), YearMonth(2024, 7)]


def test_months_not_owed_neither_count_nor_break_the_run() -> None:
    """DUES-13: an exempt month in the middle is skipped, not counted."""
    paid = months_paid(YearMonth(2024, 1), "PUUU-UUU")
    run = consecutive_unpaid(paid, YearMonth(2024, 8))
    assert YearMonth(2024, 5) not in run
    assert len(run) == 6
    assert arrears_flag(run)


def test_run_ends_at_the_given_month() -> None:
    """DUES-13: months after ``upto`` are not looked at."""
    paid = months_paid(YearMonth(2024, 1), "UUUP")
    assert consecutive_unpaid(paid, YearMonth(2024, 3)) == YearMonth(2024, 1).through(
        YearMonth(2024, 3)
    )
    assert consecutive_unpaid(paid, YearMonth(2024, 4)) == []


def test_a_member_who_never_paid_since_joining_is_flagged_after_six_months() -> None:
    """DUES-8/DUES-13: the run starts at the first month owed."""
    paid = months_paid(YearMonth(2024, 3), "UUUUUU")
    assert arrears_flag(consecutive_unpaid(paid, YearMonth(2024, 8)))
