"""Numbers as people type them: one reading of ID and telephone numbers for every door."""

from __future__ import annotations

import pytest

from dangjian.rules.idcard import (
    looks_like_id_number,
    normalize_id_number,
    parse_id_number,
)
from dangjian.rules.numbers import (
    Phone,
    PhoneError,
    fold_number,
    id_tail,
    normalize_phone,
    parse_phone,
)

FEMALE = "11010519491231002X"


@pytest.mark.parametrize(
    "typed",
    [
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits and letter
        "１１０１０５１９４９１２３１００２ｘ",  # full-width lower-case x
        "11010519491231002x",  # lower-case x
        "110105 19491231 002X",  # in groups
        "110105-19491231-002X",  # dashed
        "110105–19491231—002x",  # en and em dashes, as some input methods give them
        "１１０１０５　１９４９１２３１　００２Ｘ",  # ideographic spaces
        "'11010519491231002X",  # Excel's text marker
    ],
)
def test_an_id_number_as_typed_is_one_number(typed: str) -> None:
    """ID-1: every door folds a typed number to the same canonical form before checking it."""
    assert normalize_id_number(typed) == FEMALE
    assert parse_id_number(typed).value == FEMALE
    assert looks_like_id_number(typed) == FEMALE


def test_a_name_or_a_short_number_is_not_an_id_number() -> None:
    assert looks_like_id_number("张三") is None
    assert looks_like_id_number("1101051949123100") is None
    assert looks_like_id_number("1101051949123100XX") is None


@pytest.mark.parametrize(
    ("typed", "tail"),
    [("002x", "002X"), ("002X", "002X"), ("３１００２ｘ", "31002X"), ("31-002X", "31002X")],
)
def test_last_four_or_six_characters_are_an_id_tail(typed: str, tail: str) -> None:
    assert id_tail(typed) == tail


@pytest.mark.parametrize("typed", ["12345", "1234567", "x002", "zs", "00X2", ""])
def test_other_lengths_and_shapes_are_not_id_tails(typed: str) -> None:
    assert id_tail(typed) is None


def test_fold_number_drops_spaces_dashes_and_folds_width() -> None:
    assert fold_number(" ０５３１－８８１２ ３４５６ ") == "053188123456"


@pytest.mark.parametrize(
    "typed",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "１３８１２３４５６７８",
        "+86 138 1234 5678",
        "+8613812345678",
        "8613812345678",
        "0086 13812345678",
        "'13812345678",
    ],
)
def test_a_mobile_number_as_typed(typed: str) -> None:
    assert parse_phone(typed) == Phone("13812345678", "mobile")


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("(0531)86012345", "0531-86012345"),
        ("（０５３１）８６０１２３４５", "0531-86012345"),
        ("0531-88123456", "0531-88123456"),
        ("0531 8812 3456", "0531-88123456"),
        ("053188123456", "0531-88123456"),
        ("0531-8812345", "0531-8812345"),  # 7-digit local numbers
        ("010-12345678", "010-12345678"),  # Beijing: a 3-digit area code
        ("02112345678", "021-12345678"),  # Shanghai
        ("+86 531 88123456", "0531-88123456"),  # international: the trunk 0 comes back
        ("+86-10-12345678", "010-12345678"),
        ("0531-88123456-801", "0531-88123456-801"),
        ("0531-88123456转801", "0531-88123456-801"),
        ("0531 8812 3456 分机 801", "0531-88123456-801"),
        ("0531-8812345-6789", "0531-8812345-6789"),  # the groups say where the number ends
    ],
)
def test_a_landline_with_its_area_code_is_a_valid_phone(typed: str, value: str) -> None:
    assert parse_phone(typed) == Phone(value, "landline")


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("88123456", "缺少区号"),
        ("0531-881", "区号0531后应有7至8位号码，实为3位"),
        ("053188123456801", "实为11位"),  # an extension must be set apart
        ("1381234567", "为10位"),
        ("12345678901", "不是有效的手机号码"),  # no mobile number starts 12
        ("13812345678转8", "没有分机号"),
        ("138x1234", "含有“x”"),
        ("电话13812345678", "含有“电”"),
    ],
)
def test_a_phone_that_cannot_be_read_is_refused_with_the_reason(typed: str, reason: str) -> None:
    with pytest.raises(PhoneError, match=reason) as refused:
        parse_phone(typed)
    assert str(refused.value).startswith(f"手机号码“{typed}”")


def test_a_blank_phone_stays_blank() -> None:
    assert normalize_phone("  ") == ""
    assert normalize_phone("１３８ 1234 5678") == "13812345678"


def test_a_phone_is_compared_as_stored_and_an_unreadable_one_is_left_for_the_check() -> None:
    from dangjian.rules.numbers import phone_as_stored

    assert phone_as_stored("（0531） 8812 3456") == "0531-88123456"
    assert phone_as_stored("8812 3456") == "8812 3456"
