"""Amounts of money as members write them: every form read exactly, nothing guessed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian.assistant.kb.numerals import find_amounts, int_to_chinese_numeral, parse_amount

D = Decimal


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("8,500元", "8500"),
        ("8500.00", "8500"),
        ("8500", "8500"),
        ("8,500.50", "8500.50"),
        ("1.2万", "12000"),
        ("1万2000", "12000"),
        ("两万三", "23000"),
        ("一万二", "12000"),
        ("三点五万", "35000"),
        ("八千五百元", "8500"),
        ("八千五", "8500"),
        ("八千零五", "8005"),
        ("8千5", "8500"),
        ("8千500", "8500"),
        ("八五〇〇", "8500"),
        ("８５００元", "8500"),
        ("８，５００．００元", "8500"),
        ("捌仟伍佰圆整", "8500"),
        ("8.5k", "8500"),
        ("五千", "5000"),
        ("十五", "15"),
        ("一千零五十", "1050"),
        ("0", "0"),
    ],
)
def test_reads_each_form_exactly(written: str, value: str) -> None:
    assert parse_amount(written) == D(value)


@pytest.mark.parametrize(
    "written",
    [
        "五六千",
        "85,00",
        "9" * 40,
        "9" * 30 + ".5",
        "一千万万",
        "8500.005",
        "万",
        "",
        "1万25",
        "五百三千",
        "十十",
        "5000-6000",
        "abc",
    ],
)
def test_an_amount_that_cannot_be_read_is_refused(written: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(written)


@pytest.mark.parametrize(
    ("question", "value"),
    [("工资2000.50元交多少党费", "2000.50"), ("2024年1月工资8500，党费交多少", "8500"),
     ("2024-09-20入党，工资5100元", "5100"), ("月薪1.2万交多少党费", "12000"),
     ("八千五交多少党费", "8500"), ("八千五的工资交多少党费", "8500"),
     ("养老金四千二每月交多少", "4200")],
)  # fmt: skip
def test_the_amount_of_a_question_is_found_and_dates_are_not(question: str, value: str) -> None:
    assert [r.value for r in find_amounts(question)] == [D(value)]


def test_comma_grouping_is_not_cut_at_the_comma() -> None:
    """The fault that gave a base of 500.00 for 8,500: the whole grouped number is the amount."""
    [reading] = find_amounts("每月工资8,500元，党费交多少？")
    assert reading.value == D("8500")


@pytest.mark.parametrize(
    "question",
    ["工资八千多，党费交多少", "工资大约8000元交多少党费", "工资几千块", "5000到6000元交多少",
     "工资5000左右"],
)  # fmt: skip
def test_vague_amounts_are_not_guessed(question: str) -> None:
    readings = find_amounts(question)
    assert readings and any(r.value is None and r.problem for r in readings)


@pytest.mark.parametrize(
    "question",
    ["党费规定第12条", "三会一课一个月几次", "三会一课一个月交几次报告", "35岁及以下党员占比多少", "2024年9月20日入党",
     "2024-09-20转正", "第１２条", "我们支部有多少党员"],
)  # fmt: skip
def test_numbers_that_are_not_money_are_not_amounts(question: str) -> None:
    assert find_amounts(question) == []


def formal(n: int) -> str:
    """n (1..99,999,999) the way an official document writes it: 一万零五十, 八千五百."""
    high, low = divmod(n, 10000)
    if not high:
        return int_to_chinese_numeral(n)
    zero = "零" if 0 < low < 1000 else ""
    return int_to_chinese_numeral(high) + "万" + zero + (int_to_chinese_numeral(low) if low else "")


money = st.decimals(min_value=0, max_value=10**8, places=2, allow_nan=False, allow_infinity=False)


@given(money)
def test_arabic_forms_round_trip(value: Decimal) -> None:
    for written in (f"{value}", f"{value:,}", f"{value:,}元", f"{value}块"):
        assert parse_amount(written) == value
    full_width = f"{value:,}".translate(str.maketrans("0123456789,.", "０１２３４５６７８９，．"))
    assert parse_amount(full_width) == value


@given(st.integers(min_value=1, max_value=99_999_999))
def test_chinese_numerals_round_trip(n: int) -> None:
    assert parse_amount(formal(n)) == n
    assert parse_amount(formal(n) + "元") == n


@given(st.integers(1, 9), st.integers(1, 9), st.sampled_from([("千", 1000), ("万", 10000)]))
def test_colloquial_last_digit_counts_in_the_next_unit(
    lead: int, tail: int, unit: tuple[str, int]
) -> None:
    """八千五 is 8500 and 两万三 is 23000, in Chinese or Arabic digits."""
    name, size = unit
    expected = lead * size + tail * size // 10
    assert parse_amount(f"{_cn(lead)}{name}{_cn(tail)}") == expected
    assert parse_amount(f"{lead}{name}{tail}") == expected


def _cn(digit: int) -> str:
    return "零一二三四五六七八九"[digit]


@given(st.text(alphabet="0123456789.,零一二两三四五六七八九十百千万点元块k多 ", max_size=40))
def test_any_text_is_read_exactly_or_refused(text: str) -> None:
    """Never another exception, never a negative or sub-fen amount."""
    try:
        value = parse_amount(text)
    except ValueError:
        return
    assert value >= 0 and value == value.quantize(D("0.01"))


@given(money)
def test_an_amount_in_a_question_is_found_once(value: Decimal) -> None:
    [reading] = find_amounts(f"我每月工资{value:,}元，党费应该交多少？")
    assert reading.value == value
