"""Chinese numerals in article labels."""

import pytest

from dangjian.assistant.kb.numerals import chinese_numeral_to_int, int_to_chinese_numeral


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("二十四", 24),
        ("一百", 100),
        ("一百零三", 103),
        ("一百一十", 110),
        ("一百五十四", 154),
        ("一千零一", 1001),
        ("两百", 200),
        ("一〇三", 103),
        ("158", 158),
    ],
)
def test_parses_article_numerals(numeral: str, value: int) -> None:
    assert chinese_numeral_to_int(numeral) == value


def test_round_trip_for_every_plausible_article_number() -> None:
    for value in range(1, 2000):
        assert chinese_numeral_to_int(int_to_chinese_numeral(value)) == value


@pytest.mark.parametrize(("value", "numeral"), [(10, "十"), (15, "十五"), (103, "一百零三")])
def test_renders_the_way_regulations_write_them(value: int, numeral: str) -> None:
    assert int_to_chinese_numeral(value) == numeral


@pytest.mark.parametrize("bad", ["", "第一", "十a", "�"])
def test_rejects_what_is_not_a_numeral(bad: str) -> None:
    with pytest.raises(ValueError, match="中文数字"):
        chinese_numeral_to_int(bad)
