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


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("zs", {"张三"}),
        ("ZS", {"张三"}),
        ("zhang", {"张三", "张子"}),
        ("zhangs", {"张三"}),
        ("z", {"张三", "张子", "朱子"}),
        ("zz", {"张子", "朱子"}),  # the last letter: the range has no end
        ("zhuzi", {"朱子"}),
        ("lv", {"吕布"}),  # ü is written v
        ("zt", set()),
        ("z1", set()),
    ],
)
def test_search_by_pinyin_prefix(enterprise, sysadmin, typed, found):
    from datetime import date

    from dangjian.members.selectors import MemberFilters, member_search
    from tests.factories import make_member

    for name in ("张三", "张子", "朱子", "吕布", "王五"):
        make_member(enterprise.branch_a, name=name)
    hits = member_search(sysadmin, MemberFilters(q=typed), date(2026, 1, 1))
    assert {m.name for m in hits} == found
