"""Pinyin keys for name search: by character, surnames as surnames."""

from __future__ import annotations

import pytest

from dangjian.members.pinyin import SURNAME_READINGS, pinyin_keys


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("张三", ("zhangsan", "zs")),
        ("曾国藩", ("zengguofan", "zgf")),  # 曾 as a surname, not ceng
        ("单田芳", ("shantianfang", "stf")),  # 单 as a surname, not dan
        ("尉迟恭", ("yuchigong", "ycg")),  # a compound surname
        ("欧阳修", ("ouyangxiu", "oyx")),
        ("李曾", ("liceng", "lc")),  # only the surname is read as one
    ],
)
def test_names_read_as_names(name, keys):
    assert pinyin_keys(name) == keys


def test_characters_that_are_not_chinese_are_left_out():
    assert pinyin_keys("买买提·艾力") == ("maimaitiaili", "mmtal")
    assert pinyin_keys(" 王 芳 ") == ("wangfang", "wf")
    assert pinyin_keys("Tom") == ("", "")


def test_every_surname_reading_differs_from_the_common_one():
    """The table holds only surnames that need it; each gives one syllable per character."""
    from dangjian.members.pinyin import _reading

    for surname, syllables in SURNAME_READINGS.items():
        assert len(syllables) == len(surname)
        assert list(syllables) != [_reading(c) for c in surname], surname
