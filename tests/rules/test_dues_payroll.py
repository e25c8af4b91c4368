"""The dues base from payroll items (DUES-2) and from a self-employed income (DUES-4)."""

from decimal import Decimal

import pytest

from dangjian.rules.dates import YearMonth
from dangjian.rules.dues import (
    DuesCategory,
    DuesSettings,
    ItemCategory,
    PayrollItem,
    Treatment,
    compute_dues,
    derive_base,
    previous_quarter_months,
    self_employed_base,
)

D = Decimal
REG = "《关于中国共产党党费收缴、使用和管理的规定》"
READING_2017 = DuesSettings()
READING_2008 = DuesSettings(reading_2017=False)


def item(name: str, category: ItemCategory, amount: str) -> PayrollItem:
    return PayrollItem(name, category, D(amount))


# A month's payroll of an engineer: gross 9,380.00; the base depends on the reading.
PAYROLL = (
    item("基本工资", ItemCategory.BASIC_WAGE, "4000.00"),
    item("岗位工资", ItemCategory.POST_WAGE, "2000.00"),
    item("月度绩效", ItemCategory.REGULAR_BONUS, "1500.00"),
    item("加班费", ItemCategory.OVERTIME, "600.00"),
    item("餐补", ItemCategory.MEAL, "400.00"),
    item("交通补贴", ItemCategory.TRANSPORT, "300.00"),
    item("季度专项奖", ItemCategory.ONE_OFF_BONUS, "580.00"),
    item("个人所得税", ItemCategory.INCOME_TAX, "150.00"),
    item("养老保险", ItemCategory.SOCIAL_INSURANCE, "600.00"),
    item("医疗保险", ItemCategory.SOCIAL_INSURANCE, "150.00"),
    item("住房公积金", ItemCategory.HOUSING_FUND, "900.00"),
    item("职业年金", ItemCategory.ANNUITY, "300.00"),
    item("应发合计", ItemCategory.IGNORE, "9380.00"),
)


@pytest.mark.parametrize(
    ("category", "treatment"),
    [
        (ItemCategory.BASIC_WAGE, "include"),
        (ItemCategory.POST_WAGE, "include"),
        (ItemCategory.SKILL_WAGE, "include"),
        (ItemCategory.UNIVERSAL_ALLOWANCE, "include"),
        (ItemCategory.REGULAR_BONUS, "include"),
        (ItemCategory.OVERTIME, "exclude"),
        (ItemCategory.MEAL, "exclude"),
        (ItemCategory.TRANSPORT, "exclude"),
        (ItemCategory.PHONE, "exclude"),
        (ItemCategory.HOUSING, "exclude"),
        (ItemCategory.HEATING, "exclude"),
        (ItemCategory.OTHER_ALLOWANCE, "exclude"),
        (ItemCategory.ONE_OFF_BONUS, "exclude"),
        (ItemCategory.INCOME_TAX, "deduct"),
        (ItemCategory.SOCIAL_INSURANCE, "deduct_2017"),
        (ItemCategory.HOUSING_FUND, "deduct_2017"),
        (ItemCategory.ANNUITY, "deduct_2017"),
        (ItemCategory.IGNORE, "ignore"),
    ],
)
def test_each_payroll_category_has_its_treatment(category: ItemCategory, treatment: str) -> None:
    """DUES-2: included, excluded, deducted always, deducted in the 2017 reading, or ignored."""
    assert category.treatment == treatment
    assert category.treatment is Treatment(treatment)
    assert category.label


def test_exclusion_reasons_cite_dues_2() -> None:
    """DUES-2: every excluded item says why, citing the rule."""
    for category in ItemCategory:
        if category.treatment is Treatment.EXCLUDE:
            assert "不计入党费基数" in category.reason
            assert f"{REG}第一条" in category.reason and "DUES-2" not in category.reason


def test_2017_reading_deducts_tax_social_insurance_housing_fund_and_annuity() -> None:
    """DUES-2 (2017通知): 7500 included - (150 + 750 + 900 + 300) = 5400."""
    derivation = derive_base(PAYROLL, READING_2017)
    assert derivation.base == D("5400.00")
    assert [i.name for i in derivation.deducted] == [
        "个人所得税",
        "养老保险",
        "医疗保险",
        "住房公积金",
        "职业年金",
    ]
    assert derivation.not_deducted == ()


def test_2008_reading_deducts_income_tax_only() -> None:
    """DUES-2 (党费规定第一条, the literal reading): 7500 - 150 = 7350."""
    derivation = derive_base(PAYROLL, READING_2008)
    assert derivation.base == D("7350.00")
    assert [i.name for i in derivation.deducted] == ["个人所得税"]
    assert len(derivation.not_deducted) == 4


def test_the_reading_changes_the_amount_due() -> None:
    """DUES-1/DUES-2: the 2017 base 5400 pays 81.00; the 2008 base 7350 pays 110.25."""
    amounts = [
        compute_dues(DuesCategory.SALARIED, derive_base(PAYROLL, s).base, s).amount
        for s in (READING_2017, READING_2008)
    ]
    assert amounts == [D("81.00"), D("110.25")]


def test_excluded_items_are_listed_and_explained() -> None:
    """DUES-2: overtime, meal, transport and one-off bonuses are left out, each with a reason."""
    derivation = derive_base(PAYROLL, READING_2017)
    assert [i.name for i in derivation.excluded] == ["加班费", "餐补", "交通补贴", "季度专项奖"]
    assert (
        "不计入：加班费600.00元——加班费随加班多少变化，不属于相对固定的工资收入，"
        "不计入党费基数（依据《关于中国共产党党费收缴、使用和管理的规定》第一条、《关于进一步规范党费工作的通知》）"
    ) in derivation.lines
    assert any(line.startswith("不计入：餐补（伙食补贴）400.00元") for line in derivation.lines)


def test_ignored_columns_take_no_part() -> None:
    """DUES-2: totals and id columns are neither income nor deduction."""
    derivation = derive_base(PAYROLL, READING_2017)
    assert [i.name for i in derivation.ignored] == ["应发合计"]
    assert "不参与计算：应发合计" in derivation.lines


def test_derivation_explains_the_sum() -> None:
    """DUES-2: the explanation ends with the arithmetic."""
    derivation = derive_base(PAYROLL, READING_2017)
    assert derivation.lines[0].endswith(
        "合计7500.00元（依据《关于中国共产党党费收缴、使用和管理的规定》第一条）"
    )
    assert derivation.lines[-1] == "党费基数 = 7500.00 − 2100.00 = 5400.00元"


def test_2008_reading_says_what_was_not_deducted() -> None:
    """DUES-2: with the 2008 reading the social insurance lines are shown as not deducted."""
    lines = derive_base(PAYROLL, READING_2008).lines
    assert any(line.startswith("未扣除：养老保险") for line in lines)
    assert any("按2008年规定口径只扣除个人所得税" in line for line in lines)


def test_deductions_given_as_negative_amounts_are_deducted_the_same() -> None:
    """DUES-2: payroll sheets show deductions with either sign."""
    positive = [
        item("基本工资", ItemCategory.BASIC_WAGE, "5000"),
        item("个税", ItemCategory.INCOME_TAX, "100"),
    ]
    negative = [positive[0], item("个税", ItemCategory.INCOME_TAX, "-100")]
    assert derive_base(positive, READING_2017).base == derive_base(negative, READING_2017).base
    assert derive_base(negative, READING_2017).base == D("4900")


def test_negative_base_is_clamped_to_zero_with_an_explanation() -> None:
    """DUES-2: deductions larger than income give a base of 0.00, and the lines say so."""
    items = [
        item("基本工资", ItemCategory.BASIC_WAGE, "500.00"),
        item("补扣社保", ItemCategory.SOCIAL_INSURANCE, "800.00"),
    ]
    derivation = derive_base(items, READING_2017)
    assert derivation.base == D("0.00")
    assert derivation.lines[-1] == "扣除项合计多于计入项合计，党费基数按0.00元计"


def test_no_payroll_items_give_a_zero_base() -> None:
    """DUES-2."""
    derivation = derive_base([], READING_2017)
    assert derivation.base == D("0.00")
    assert derivation.lines[0].startswith("计入基数的经常性工资收入：无")


# DUES-4: self-employed members


def test_self_employed_base_is_the_average_of_the_previous_quarter() -> None:
    """DUES-4 (党费规定第四条): (4000 + 5000 + 6000) / 3 = 5000 -> 50.00."""
    base = self_employed_base([D("4000"), D("5000"), D("6000")])
    assert base == D("5000")
    assert compute_dues(DuesCategory.SELF_EMPLOYED, base, READING_2017).amount == D("50.00")


def test_self_employed_average_keeps_full_precision_until_the_end() -> None:
    """DUES-4/DUES-15: 9000.01 / 3 = 3000.0033... lies above 3000, so 1% applies; the amount is
    rounded once."""
    base = self_employed_base([D("3000"), D("3000"), D("3000.01")])
    assert D("3000") < base < D("3000.01")
    result = compute_dues(DuesCategory.SELF_EMPLOYED, base, READING_2017)
    assert result.amount == D("30.00")
    assert result.lines[2] == "3000.0033…元 × 1% = 30.0000…元"


def test_a_loss_making_month_counts_and_a_negative_average_is_zero() -> None:
    """DUES-4: net income can be negative; the base cannot."""
    assert self_employed_base([D("-3000"), D("6000"), D("6000")]) == D("3000")
    assert self_employed_base([D("-3000"), D("0"), D("0")]) == D("0.00")


def test_self_employed_base_needs_three_months() -> None:
    """DUES-4: the average of the three months of the previous quarter."""
    with pytest.raises(ValueError, match="3个月"):
        self_employed_base([D("4000"), D("5000")])


def test_previous_quarter_of_a_month() -> None:
    """DUES-4: in May the previous quarter is January to March; in January, last October to
    December."""
    assert previous_quarter_months(YearMonth(2024, 5)) == (
        YearMonth(2024, 1),
        YearMonth(2024, 2),
        YearMonth(2024, 3),
    )
    assert previous_quarter_months(YearMonth(2024, 1)) == (
        YearMonth(2023, 10),
        YearMonth(2023, 11),
        YearMonth(2023, 12),
    )
