"""Identity numbers: ID-1 (GB 11643-1999)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian.rules.idcard import (
    EXCEL_MESSAGE,
    IdNumber,
    IdNumberError,
    check_against,
    check_character,
    make_id_number,
    mask_id_number,
    mask_phone,
    parse_id_number,
)

# Check characters below were computed by hand with the ID-1 weights.
FAMOUS_FEMALE = "11010519491231002X"
MALE_1990 = "110101199003074573"
LEAP_DAY_MALE = "440304200002291236"


def test_famous_example_with_x_check_character_is_valid() -> None:
    """ID-1: 11010519491231002X, a woman born 1949-12-31 in 110105."""
    idn = parse_id_number(FAMOUS_FEMALE)
    assert idn == IdNumber(FAMOUS_FEMALE, date(1949, 12, 31), "F", "110105")


def test_odd_seventeenth_digit_means_a_man() -> None:
    """ID-1: the 17th digit is odd for men."""
    idn = parse_id_number(MALE_1990)
    assert (idn.gender, idn.birth_date, idn.region) == ("M", date(1990, 3, 7), "110101")


def test_leap_day_birth_date_is_valid() -> None:
    """ID-1: 2000-02-29 is a real date."""
    assert parse_id_number(LEAP_DAY_MALE).birth_date == date(2000, 2, 29)


def test_check_character_follows_the_weights() -> None:
    """ID-1: weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2 modulo 11 -> 1,0,X,9,8,7,6,5,4,3,2."""
    assert check_character("11010519491231002") == "X"
    assert check_character("11010119900307457") == "3"
    assert check_character("11010119900307001") == "1"


def test_check_character_needs_seventeen_digits() -> None:
    """ID-1."""
    with pytest.raises(IdNumberError, match="17位数字"):
        check_character("1101011990030745")


def test_spaces_and_lowercase_x_are_tolerated() -> None:
    """ID-1: input is cleaned before it is checked."""
    assert parse_id_number(" 110105 19491231 002x ").value == FAMOUS_FEMALE


def test_full_width_digits_are_folded() -> None:
    """ID-1: numbers typed with a Chinese input method still parse."""
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in FAMOUS_FEMALE)
    assert parse_id_number(full_width).value == FAMOUS_FEMALE


def test_wrong_check_character_names_the_expected_one() -> None:
    """ID-1: the message says what the check character should be."""
    with pytest.raises(IdNumberError, match="校验码应为3，实为4"):
        parse_id_number("110101199003074574")


def test_invalid_birth_date_is_rejected() -> None:
    """ID-1: characters 7-14 must be a real date; 1990-02-30 is not."""
    first17 = "11010119900230457"
    with pytest.raises(IdNumberError, match="出生日期“19900230”不是有效日期"):
        parse_id_number(first17 + check_character(first17))


def test_future_birth_date_is_rejected_when_today_is_given() -> None:
    """ID-1."""
    number = make_id_number("110101", date(2030, 1, 1), 1, "M")
    with pytest.raises(IdNumberError, match="晚于今天"):
        parse_id_number(number, today=date(2024, 7, 1))


def test_seventeen_characters_are_too_few() -> None:
    """ID-1: exactly 18 characters."""
    with pytest.raises(IdNumberError, match="应为18位，实为17位"):
        parse_id_number(MALE_1990[:17])


def test_old_fifteen_digit_number_gets_a_hint() -> None:
    """ID-1: only the 18-character form is accepted."""
    with pytest.raises(IdNumberError, match="15位为第一代身份证号"):
        parse_id_number("110101900307457")


def test_letters_inside_the_number_are_illegal() -> None:
    """ID-1: X only as the last character."""
    with pytest.raises(IdNumberError, match="非法字符“X”"):
        parse_id_number("11010519491231X022")


def test_empty_number_is_rejected() -> None:
    """ID-1."""
    with pytest.raises(IdNumberError, match="身份证号为空"):
        parse_id_number("   ")


@pytest.mark.parametrize(
    "mangled",
    [
        "1.10101199003074E+17",
        "1.10101199003074e+17",
        "110101199003074573.0",
        "110101199003074000",
        110101199003074000,
        1.10101199003074e17,
    ],
)
def test_number_mangled_by_excel_gets_the_excel_message(mangled: str | float) -> None:
    """ID-1: Excel keeps 15 significant digits; the person must re-enter the column as text."""
    with pytest.raises(IdNumberError) as caught:
        parse_id_number(mangled)
    assert str(caught.value) == EXCEL_MESSAGE
    assert "设为文本" in EXCEL_MESSAGE


def test_id_number_error_is_a_value_error() -> None:
    """ID-1: callers that catch ValueError see identity-number problems too."""
    assert issubclass(IdNumberError, ValueError)


def test_separately_entered_facts_that_agree_raise_nothing() -> None:
    """ID-1: birth date and gender entered separately must agree with the number."""
    idn = parse_id_number(FAMOUS_FEMALE)
    assert check_against(idn, date(1949, 12, 31), "F") == []
    assert check_against(idn, None, None) == []
    assert check_against(idn, date(1949, 12, 31), "女") == []


def test_gender_mismatch_is_reported_in_chinese() -> None:
    """ID-1: the 17th digit decides the gender."""
    messages = check_against(parse_id_number(FAMOUS_FEMALE), None, "M")
    assert messages == [
        "性别与身份证号不一致：填写为男，身份证号第17位表明为女（依据GB 11643-1999）"
    ]


def test_birth_date_mismatch_is_reported_in_chinese() -> None:
    """ID-1: characters 7-14 decide the birth date."""
    messages = check_against(parse_id_number(MALE_1990), date(1990, 7, 3), "M")
    assert len(messages) == 1
    assert "填写为1990年7月3日，身份证号中为1990年3月7日" in messages[0]


def test_both_mismatches_are_reported_together() -> None:
    """ID-1: every problem of a row is reported at once."""
    assert len(check_against(parse_id_number(MALE_1990), date(1990, 3, 8), "F")) == 2


def test_unreadable_gender_is_reported() -> None:
    """ID-1."""
    assert check_against(parse_id_number(MALE_1990), None, "unknown") == [
        "无法识别的性别“unknown”，应填写男或女"
    ]


def test_id_number_is_masked_to_first_six_and_last_four() -> None:
    """Personal data is masked on screen and in exports."""
    assert mask_id_number(MALE_1990) == "110101********4573"
    assert parse_id_number(MALE_1990).masked == "110101********4573"
    assert mask_id_number("12345") == "*****"


def test_phone_is_masked_to_first_three_and_last_four() -> None:
    """Personal data is masked on screen and in exports."""
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("1234") == "****"


def test_generated_number_has_the_requested_facts() -> None:
    """ID-1: the demo generator builds valid numbers of the right gender."""
    number = make_id_number("320102", date(1985, 10, 12), 2, "F")
    assert number == "320102198510120061"
    assert parse_id_number(number).gender == "F"


def test_generator_refuses_bad_input() -> None:
    """ID-1: region 6 digits, sequence 0..498, gender M/F."""
    with pytest.raises(ValueError, match="地区码"):
        make_id_number("1101", date(1990, 1, 1), 0, "M")
    with pytest.raises(ValueError, match="顺序号"):
        make_id_number("110101", date(1990, 1, 1), 499, "M")
    with pytest.raises(ValueError, match="性别"):
        make_id_number("110101", date(1990, 1, 1), 0, "X")


@given(
    region=st.from_regex(r"[1-8][0-9]{5}", fullmatch=True),
    birth=st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    seq=st.integers(min_value=0, max_value=498),
    gender=st.sampled_from(["M", "F"]),
)
def test_generated_numbers_always_parse_back(
    region: str, birth: date, seq: int, gender: str
) -> None:
    """ID-1: make_id_number and parse_id_number agree on every field."""
    idn = parse_id_number(make_id_number(region, birth, seq, gender))
    assert (idn.region, idn.birth_date, idn.gender) == (region, birth, gender)


@given(
    number=st.from_regex(r"[1-8][0-9]{16}", fullmatch=True), wrong=st.sampled_from("0123456789X")
)
def test_any_single_wrong_check_character_is_caught(number: str, wrong: str) -> None:
    """ID-1: a number whose check character differs from the computed one never parses."""
    if wrong == check_character(number):
        wrong = "X" if wrong != "X" else "0"
    with pytest.raises(IdNumberError):
        parse_id_number(number + wrong)
