"""Monthly dues amounts: DUES-1, DUES-3..DUES-7, DUES-10, DUES-15."""

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dangjian.rules.dues import (
    DuesAmount,
    DuesCategory,
    DuesSettings,
    Reduction,
    Rounding,
    apply_reduction,
    bracket_rate,
    compute_dues,
    round_amount,
)

D = Decimal
DEFAULT = DuesSettings()
NO_CAP = DuesSettings(monthly_cap=None)
WORKING = (DuesCategory.SALARIED, DuesCategory.ANNUAL_SALARY, DuesCategory.SELF_EMPLOYED)


def dues(base: str, category: DuesCategory = DuesCategory.SALARIED, **settings: Any) -> DuesAmount:
    return compute_dues(category, D(base), replace(DEFAULT, **settings))


# DUES-1: the official examples and every bracket boundary


def test_official_example_base_5100_pays_76_50() -> None:
    """DUES-1 (党费规定第二条): base 5100 -> 1.5% -> 76.50."""
    result = dues("5100")
    assert result.amount == D("76.50")
    assert result.rate == D("0.015")


def test_official_example_base_4900_pays_49_00() -> None:
    """DUES-1 (党费规定第二条): base 4900 -> 1% -> 49.00."""
    assert dues("4900").amount == D("49.00")


@pytest.mark.parametrize(
    ("base", "amount"),
    [
        ("3000", "15.00"),
        ("3000.01", "30.00"),
        ("5000", "50.00"),
        ("5000.01", "75.00"),
        ("10000", "150.00"),
        ("10000.01", "200.00"),
    ],
)
@pytest.mark.parametrize("category", WORKING)
def test_working_bracket_boundaries_belong_to_the_lower_bracket(
    category: DuesCategory, base: str, amount: str
) -> None:
    """DUES-1: "3000元以下（含3000元）" and so on: each boundary is in the lower bracket."""
    assert dues(base, category).amount == D(amount)


def test_dues_bracket_is_whole_base_not_progressive() -> None:
    """DUES-1: base 5100 pays 1.5% of 5100, not 0.5% of 3000 + 1% of 2000 + 1.5% of 100."""
    progressive = D("3000") * D("0.005") + D("2000") * D("0.01") + D("100") * D("0.015")
    assert dues("5100").amount == D("76.50") != progressive


@pytest.mark.parametrize(
    ("base", "amount"),
    [("3000", "15.00"), ("5000", "25.00"), ("5000.01", "50.00"), ("12000", "120.00")],
)
def test_retired_members_pay_half_a_percent_up_to_5000_and_one_percent_above(
    base: str, amount: str
) -> None:
    """DUES-5 (党费规定第五条): base <= 5000: 0.5%; base > 5000: 1%."""
    assert dues(base, DuesCategory.RETIRED).amount == D(amount)


@pytest.mark.parametrize(
    ("base", "rate", "label"),
    [
        ("0", "0.005", "3000元以下（含）"),
        ("3000", "0.005", "3000元以下（含）"),
        ("3000.01", "0.01", "3000元以上至5000元（含）"),
        ("5000.01", "0.015", "5000元以上至10000元（含）"),
        ("10000", "0.015", "5000元以上至10000元（含）"),
        ("10000.01", "0.02", "10000元以上"),
    ],
)
def test_bracket_rate_names_the_bracket(base: str, rate: str, label: str) -> None:
    """DUES-1: the rate and its Chinese bracket label."""
    assert bracket_rate(DuesCategory.SALARIED, D(base)) == (D(rate), label)


def test_retired_bracket_labels() -> None:
    """DUES-5."""
    assert bracket_rate(DuesCategory.RETIRED, D("5000")) == (D("0.005"), "5000元以下（含）")
    assert bracket_rate(DuesCategory.RETIRED, D("5000.01")) == (D("0.01"), "5000元以上")


def test_flat_categories_have_no_bracket() -> None:
    """DUES-6: farmers and the others pay flat amounts, not rates."""
    with pytest.raises(ValueError, match="按定额交纳"):
        bracket_rate(DuesCategory.FARMER, D("3000"))


def test_negative_base_is_refused() -> None:
    """DUES-1."""
    with pytest.raises(ValueError, match="不能为负数"):
        dues("-1")


def test_rate_category_without_a_base_is_refused() -> None:
    """DUES-1: a salaried member's dues need a base."""
    with pytest.raises(ValueError, match="须有党费基数"):
        compute_dues(DuesCategory.SALARIED, None, DEFAULT)


# DUES-15: rounding


def test_half_up_rounding_to_the_fen_is_the_default() -> None:
    """DUES-15: base 1001 * 0.5% = 5.005 -> 5.01 (half up; 5.00 would be wrong)."""
    result = dues("1001")
    assert result.raw == D("5.005")
    assert result.amount == D("5.01")


def test_base_3001_pays_30_01() -> None:
    """DUES-1/DUES-15: 3001 * 1% = 30.01 exactly."""
    assert dues("3001").amount == D("30.01")


@pytest.mark.parametrize(
    ("rounding", "base", "amount"),
    [
        (Rounding.HALF_UP_FEN, "1001", "5.01"),
        (Rounding.HALF_UP_FEN, "1000.99", "5.00"),
        (Rounding.JIAO, "5100", "76.50"),
        (Rounding.JIAO, "4950", "49.50"),
        (Rounding.JIAO, "4945", "49.50"),
        (Rounding.JIAO, "4944", "49.40"),
        (Rounding.YUAN, "5100", "77.00"),
        (Rounding.YUAN, "5033", "75.00"),
        (Rounding.YUAN, "4949", "49.00"),
        (Rounding.UP_FEN, "1000.99", "5.01"),
        (Rounding.UP_FEN, "1000.02", "5.01"),
        (Rounding.UP_FEN, "1000", "5.00"),
    ],
)
def test_each_rounding_mode(rounding: Rounding, base: str, amount: str) -> None:
    """DUES-15: half up to 0.01 (default), whole 角, whole yuan, always up to 0.01."""
    assert dues(base, rounding=rounding).amount == D(amount)


def test_round_amount_always_gives_two_decimals() -> None:
    """DUES-15: amounts are stored and shown in fen."""
    assert round_amount(D("76.5"), Rounding.YUAN) == D("77.00")
    assert str(round_amount(D("76.5"), Rounding.JIAO)) == "76.50"
    assert str(round_amount(D("5.005"), Rounding.HALF_UP_FEN)) == "5.01"
    assert str(round_amount(D("5.0001"), Rounding.UP_FEN)) == "5.01"


def test_rounding_never_turns_a_positive_amount_into_nothing() -> None:
    """DUES-15 with DUES-7: paying nothing needs a decision, not a rounding mode."""
    result = dues("80", rounding=Rounding.YUAN)
    assert result.raw == D("0.400")
    assert result.amount == D("1.00")
    assert any("按最小单位1.00元计" in line for line in result.lines)


def test_zero_base_pays_zero() -> None:
    """DUES-1: 0.5% of nothing is nothing."""
    assert dues("0").amount == D("0.00")


@given(
    amount=st.decimals(min_value=0, max_value=100000, places=4, allow_nan=False),
    rounding=st.sampled_from(list(Rounding)),
)
def test_rounding_moves_an_amount_by_less_than_one_unit(
    amount: Decimal, rounding: Rounding
) -> None:
    """DUES-15: every mode stays within one unit; "up" never goes below."""
    rounded = round_amount(amount, rounding)
    assert abs(rounded - amount) < rounding.unit
    if rounding is Rounding.UP_FEN:
        assert rounded >= amount


# DUES-10: the cap


def test_cap_on_limits_monthly_dues_to_1000() -> None:
    """DUES-10 (2017通知): base 60000 -> 1200.00 raw, 1000.00 due with the cap on."""
    result = dues("60000")
    assert (result.raw, result.amount, result.capped) == (D("1200.00"), D("1000.00"), True)
    assert "DUES-10" in result.rule_ids


def test_cap_off_charges_the_full_amount() -> None:
    """DUES-10: the cap is a setting; off -> 1200.00."""
    result = compute_dues(DuesCategory.SALARIED, D("60000"), NO_CAP)
    assert (result.amount, result.capped) == (D("1200.00"), False)
    assert any("未启用每月1000元上限" in line for line in result.lines)


def test_amount_exactly_at_the_cap_is_not_capped() -> None:
    """DUES-10: 50000 * 2% = 1000.00, which is the cap itself."""
    result = dues("50000")
    assert (result.amount, result.capped) == (D("1000.00"), False)


def test_cap_applies_to_annual_salary_year_end_month() -> None:
    """DUES-3/DUES-10: a year-end month of 200000 pays 4000 raw, capped at 1000."""
    result = dues("200000", DuesCategory.ANNUAL_SALARY)
    assert (result.raw, result.amount, result.capped) == (D("4000.00"), D("1000.00"), True)
    assert "DUES-3" in result.rule_ids


def test_cap_can_be_set_locally() -> None:
    """DUES-10."""
    assert dues("60000", monthly_cap=D("800.00")).amount == D("800.00")


@given(
    low=st.decimals(min_value=0, max_value=200000, places=2, allow_nan=False),
    step=st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False),
    category=st.sampled_from([*WORKING, DuesCategory.RETIRED]),
    rounding=st.sampled_from(list(Rounding)),
)
def test_dues_never_decrease_as_the_base_rises_within_a_bracket(
    low: Decimal, step: Decimal, category: DuesCategory, rounding: Rounding
) -> None:
    """DUES-1/DUES-5: within one bracket, a higher base never pays less."""
    high = low + step
    assume(bracket_rate(category, low) == bracket_rate(category, high))
    settings = replace(DEFAULT, rounding=rounding)
    assert (
        compute_dues(category, low, settings).amount
        <= compute_dues(category, high, settings).amount
    )


# DUES-6: flat amounts


def test_farmers_pay_the_local_flat_amount() -> None:
    """DUES-6 (党费规定第六条): 0.20 to 1.00 yuan, default 0.50; the base does not matter."""
    assert compute_dues(DuesCategory.FARMER, None, DEFAULT).amount == D("0.50")
    assert compute_dues(DuesCategory.FARMER, D("8000"), DEFAULT).amount == D("0.50")
    local = DuesSettings(farmer_amount=D("1.00"))
    assert compute_dues(DuesCategory.FARMER, None, local).amount == D("1.00")


@pytest.mark.parametrize(
    "category", [DuesCategory.STUDENT, DuesCategory.UNEMPLOYED, DuesCategory.RELIEF]
)
def test_students_unemployed_and_relief_pay_twenty_fen(category: DuesCategory) -> None:
    """DUES-6: 0.20 yuan a month, whatever the farmer setting."""
    result = compute_dues(category, None, DuesSettings(farmer_amount=D("1.00")))
    assert (result.amount, result.base, result.rate, result.rule_ids) == (
        D("0.20"),
        None,
        None,
        ("DUES-6",),
    )


@pytest.mark.parametrize("amount", ["0.19", "1.01", "0", "2"])
def test_farmer_amount_outside_twenty_fen_to_one_yuan_is_refused(amount: str) -> None:
    """DUES-6: the local amount must lie between 0.20 and 1.00 yuan."""
    with pytest.raises(ValueError, match=r"0\.20元至1\.00元之间"):
        DuesSettings(farmer_amount=D(amount))


def test_farmer_amount_boundaries_are_allowed() -> None:
    """DUES-6: 0.20 and 1.00 themselves are within the range (DATE-2 reading of 以上/以下)."""
    assert DuesSettings(farmer_amount=D("0.20")).farmer_amount == D("0.20")
    assert DuesSettings(farmer_amount=D("1.00")).farmer_amount == D("1.00")


def test_settings_refuse_a_float_or_a_zero_cap() -> None:
    """DUES-6/DUES-10: settings are Decimal amounts; a cap must be positive."""
    with pytest.raises(TypeError):
        DuesSettings(farmer_amount=0.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="上限应大于0元"):
        DuesSettings(monthly_cap=D("0"))


def test_default_settings_follow_the_rules_defaults() -> None:
    """DUES-2, DUES-6, DUES-9, DUES-10, DUES-15 defaults."""
    assert (
        DuesSettings(
            reading_2017=True,
            monthly_cap=D("1000.00"),
            rounding=Rounding.HALF_UP_FEN,
            fixed_yearly=True,
            farmer_amount=D("0.50"),
        )
        == DEFAULT
    )


def test_categories_have_chinese_labels() -> None:
    """DUES-1..DUES-6."""
    assert DuesCategory.SALARIED.label == "在职（按月领取工资）"
    assert DuesCategory.RETIRED.label == "离退休"
    assert DuesCategory("relief").label == "依靠抚恤、救济或低保生活"
    assert all(c.label for c in DuesCategory)
    assert all(r.label for r in Rounding)


# The explanation ("为什么是这个数")


def test_explanation_shows_base_bracket_product_rounding_and_total() -> None:
    """DUES-1/DUES-15: every step of the computation is shown, in Chinese, with rule IDs."""
    result = dues("1001")
    assert result.lines == (
        "党费基数1001.00元：每月相对固定的、经常性的工资收入（税后）（依据《关于中国共产党党费收缴、使用和管理的规定》第一条）",
        "基数在“3000元以下（含）”档，整个基数按0.5%交纳，不分段累进（依据《关于中国共产党党费收缴、使用和管理的规定》第二条）",
        "1001.00元 × 0.5% = 5.005元",
        "按四舍五入到分：5.005元 → 5.01元（按本单位党费设置）",
        "应交党费5.01元",
    )
    assert result.rule_ids == ("DUES-1", "DUES-2", "DUES-15")


def test_explanation_of_a_capped_amount_mentions_voluntary_payment() -> None:
    """DUES-10: the member may pay more voluntarily."""
    lines = dues("60000").lines
    assert "60000.00元 × 2% = 1200.00元" in lines
    assert (
        "超过每月1000.00元上限，按1000.00元交纳；本人自愿多交的可另行交纳（依据《关于进一步规范党费工作的通知》）"
        in lines
    )
    assert lines[-1] == "应交党费1000.00元"


def test_explanation_of_a_retired_member_names_the_pension_base() -> None:
    """DUES-5: the base is the basic pension only."""
    lines = dues("5000.01", DuesCategory.RETIRED).lines
    assert "基本养老金" in lines[0]
    assert "5000元以上" in lines[1]


def test_explanation_of_a_farmer_cites_article_six() -> None:
    """DUES-6."""
    lines = compute_dues(DuesCategory.FARMER, None, DEFAULT).lines
    assert lines[0].endswith("（依据《关于中国共产党党费收缴、使用和管理的规定》第六条）")


# DUES-7: reductions


def test_reduction_needs_branch_decision_and_higher_approval() -> None:
    """DUES-7 (党费规定第七条): both the branch's decision and the higher 党委's approval."""
    amount = dues("5100")
    with pytest.raises(ValueError, match="党支部的研究决定"):
        apply_reduction(amount, D("10.00"), " ", "某党委组字〔2024〕3号")
    with pytest.raises(ValueError, match="上一级党委批准"):
        apply_reduction(amount, D("10.00"), "2024年3月支委会决定", "")


def test_reduction_is_recorded_not_a_silent_edit() -> None:
    """DUES-7: the result carries the record and says so in the explanation."""
    amount = dues("5100")
    reduced = apply_reduction(amount, D("10"), "2024年3月支委会决定", "某党委组字〔2024〕3号")
    assert reduced.amount == D("10.00")
    assert reduced.reduction == Reduction(
        D("76.50"), D("10.00"), "2024年3月支委会决定", "某党委组字〔2024〕3号"
    )
    assert reduced.lines[: len(amount.lines)] == amount.lines
    assert "少交，按10.00元交纳" in reduced.lines[-2]
    assert reduced.lines[-1] == "减免后应交党费10.00元"
    assert reduced.rule_ids[-1] == "DUES-7"


def test_exemption_reduces_to_zero() -> None:
    """DUES-7: 免交."""
    reduced = apply_reduction(dues("5100"), D("0"), "支委会决定", "党委批复")
    assert reduced.amount == D("0.00")
    assert reduced.reduction is not None and reduced.reduction.exempt
    assert "免交" in reduced.lines[-2]


@pytest.mark.parametrize("reduced_to", ["76.50", "80.00", "-1.00", "10.005"])
def test_reduction_must_lower_the_amount_to_a_valid_sum(reduced_to: str) -> None:
    """DUES-7: a reduction lowers the amount, to whole fen, not below zero."""
    with pytest.raises(ValueError):
        apply_reduction(dues("5100"), D(reduced_to), "支委会决定", "党委批复")


def test_a_reduced_amount_cannot_be_reduced_again() -> None:
    """DUES-7: one decision per amount; a new decision starts from the computed amount."""
    reduced = apply_reduction(dues("5100"), D("10.00"), "支委会决定", "党委批复")
    with pytest.raises(ValueError, match="已有减免记录"):
        apply_reduction(reduced, D("5.00"), "支委会决定", "党委批复")
