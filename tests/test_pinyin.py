"""Pinyin keys for name search: by character, surnames as surnames."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection

from dangjian.members.models import Member, MemberNameKey
from dangjian.members.pinyin import (
    READINGS_PER_NAME,
    SURNAME_READINGS,
    name_readings,
    name_search_keys,
    pinyin_keys,
)
from dangjian.members.selectors import MemberFilters, member_search
from tests.factories import make_member


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
def test_names_read_as_names(name: str, keys: tuple[str, str]) -> None:
    assert pinyin_keys(name) == keys


def test_characters_that_are_not_chinese_are_left_out() -> None:
    assert pinyin_keys("买买提·艾力") == ("maimaitiaili", "mmtal")
    assert pinyin_keys(" 王 芳 ") == ("wangfang", "wf")
    assert pinyin_keys("Tom") == ("", "")


def test_every_surname_reading_differs_from_the_common_one() -> None:
    """The table holds only surnames that need it; each reading gives one syllable per
    character, and the surname's own reading (the first) is not the character's commonest."""
    from dangjian.members.pinyin import _readings

    for surname, readings in SURNAME_READINGS.items():
        assert all(len(syllables) == len(surname) for syllables in readings), surname
        common = tuple(_readings(c)[0][0] for c in surname)
        assert readings[0] != common, surname


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        # A polyphonic given name: every common reading, full and initials.
        ("张靓雯", {"zhangjingwen", "zjw", "zhangliangwen", "zlw"}),
        # Surnames with two readings: both.
        ("乐嘉", {"yuejia", "yj", "lejia", "lj"}),
        ("覃明", {"qinming", "qm", "tanming", "tm", "qinmeng", "tanmeng"}),
        ("解缙", {"xiejin", "xj", "jiejin", "jj"}),
        ("查良镛", {"zhaliangyong", "zly", "chaliangyong", "cly"}),
        # Surnames read only as surnames.
        ("单田芳", {"shantianfang", "stf"}),
        ("曾国藩", {"zengguofan", "zgf"}),
        ("区家明", {"oujiaming", "ojm"}),
        ("尉迟恭", {"yuchigong", "ycg"}),
        ("万俟卨", {"moqixie", "mqx"}),
    ],
)
def test_every_common_reading_is_a_key(name: str, keys: set[str]) -> None:
    assert keys <= set(name_search_keys(name))


def test_the_commonest_reading_comes_first_and_is_the_sort_key() -> None:
    assert name_search_keys("张靓雯")[:2] == ["zhangjingwen", "zjw"]
    assert pinyin_keys("乐嘉") == ("yuejia", "yj")  # the surname's own reading first


def test_a_compound_surname_is_also_read_as_a_single_one() -> None:
    """单于飞: the compound surname 单于 (chanyu) or 单 (shan) with the given name 于飞."""
    keys = name_search_keys("单于飞")
    assert keys[:2] == ["chanyufei", "cyf"]
    assert "shanyufei" in keys


def test_readings_are_bounded_per_character_and_per_name() -> None:
    """A name of six polyphonic characters has 3**6 = 729 combinations of its first three
    readings each; at most READINGS_PER_NAME full readings are kept, the commonest first."""
    name = "行重和着长朝"
    readings = name_readings(name)
    assert len(readings) == READINGS_PER_NAME
    assert readings[0] == ("xing", "zhong", "he", "zhe", "zhang", "chao")
    # Each of the next readings changes one character's reading from the commonest.
    assert all(sum(a != b for a, b in zip(r, readings[0], strict=True)) == 1 for r in readings[1:6])
    assert len(name_search_keys(name)) <= 2 * READINGS_PER_NAME
    assert len(name_search_keys("行" * 40)) <= 2 * READINGS_PER_NAME


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
def test_search_by_pinyin_prefix(
    enterprise: Any, sysadmin: Any, typed: str, found: set[str]
) -> None:
    for name in ("张三", "张子", "朱子", "吕布", "王五"):
        make_member(enterprise.branch_a, name=name)
    hits = member_search(sysadmin, MemberFilters(q=typed), date(2026, 1, 1))
    assert {m.name for m in hits} == found


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("zlw", "张靓雯"),
        ("zhangliangwen", "张靓雯"),
        ("zjw", "张靓雯"),
        ("zhangjingwen", "张靓雯"),
        ("zhang liang", "张靓雯"),
        ("yuejia", "乐嘉"),
        ("lejia", "乐嘉"),
        ("lj", "乐嘉"),
        ("shantianfang", "单田芳"),
        ("zengguo", "曾国藩"),
        ("xiejin", "解缙"),
        ("qiuying", "仇英"),
        ("piaojinhui", "朴槿惠"),
        ("zhaliangyong", "查良镛"),
        ("oujiaming", "区家明"),
        ("yuchigong", "尉迟恭"),
        ("qinming", "覃明"),
        ("moqixie", "万俟卨"),
    ],
)
def test_a_member_is_found_by_every_common_reading(
    enterprise: Any, sysadmin: Any, typed: str, name: str
) -> None:
    names = ["张靓雯", "乐嘉", "单田芳", "曾国藩", "解缙", "仇英", "朴槿惠", "查良镛", "区家明"]
    for each in [*names, "尉迟恭", "覃明", "万俟卨", "张三"]:
        make_member(enterprise.branch_a, name=each)
    hits = member_search(sysadmin, MemberFilters(q=typed), date(2026, 1, 1))
    assert {m.name for m in hits} == {name}


def test_a_rename_replaces_the_keys(enterprise: Any, sysadmin: Any) -> None:
    from dangjian.members.excel.member_import import current_input
    from dangjian.members.inputs import MemberInput
    from dangjian.members.services import member_update

    member = make_member(enterprise.branch_a, name="张靓雯")
    renamed = MemberInput(**{**current_input(member), "name": "李四"})
    member_update(actor=sysadmin, member_id=member.pk, data=renamed)
    keys = set(MemberNameKey.objects.filter(member=member).values_list("key", flat=True))
    assert keys == {"lisi", "ls"}
    on = date(2026, 1, 1)
    assert not member_search(sysadmin, MemberFilters(q="zlw"), on).exists()


def _plan(typed: str, user: Any) -> str:
    """The database's plan of the member search for ``typed``. PostgreSQL is told not to
    read a table whole where an index can serve: with a handful of rows a sequential scan is
    cheaper, and the question is whether the index can be used, not whether it pays today."""
    search = member_search(user, MemberFilters(q=typed), date(2026, 1, 1))
    if connection.vendor != "postgresql":
        return search.explain()
    with connection.cursor() as cursor:
        # Statistics of this test's own rows: the table sizes an earlier test's ANALYZE left
        # (written outside its rolled-back transaction) would otherwise steer the plan.
        cursor.execute("ANALYZE members_member, members_membernamekey, orgs_organization")
        cursor.execute("SET LOCAL enable_seqscan = off")
    return search.explain()


def test_pinyin_search_is_a_range_over_the_key_index(enterprise: Any, sysadmin: Any) -> None:
    """Prefix search as ``key >= 'zlw' AND key < 'zlx'`` on the (key, member) index, on SQLite
    and PostgreSQL alike (no LIKE, which neither database serves from an ordinary index)."""
    for name in ("张靓雯", "乐嘉", "张三"):
        make_member(enterprise.branch_a, name=name)
    plan = _plan("zlw", sysadmin)
    if connection.vendor == "postgresql":
        assert "Index Only Scan using member_name_key_unique" in plan, plan
    else:  # SQLite names the index of a unique constraint itself
        assert "COVERING INDEX sqlite_autoindex_members_membernamekey_1 (key>? AND key<?)" in plan
    assert "LIKE" not in str(
        member_search(sysadmin, MemberFilters(q="zlw"), date(2026, 1, 1)).query
    )


def test_the_migration_indexes_members_already_on_file(enterprise: Any, sysadmin: Any) -> None:
    """Members written before the keys existed are found once the data migration has run."""
    import importlib

    from django.apps import apps

    member = make_member(enterprise.branch_a, name="张靓雯")
    MemberNameKey.objects.all().delete()
    Member.objects.update(id_tail4_hash=None, id_tail6_hash=None)
    on = date(2026, 1, 1)
    assert not member_search(sysadmin, MemberFilters(q="zlw"), on).exists()
    migration = importlib.import_module("dangjian.members.migrations.0008_fill_search_keys")
    migration.fill(apps, None)
    assert list(member_search(sysadmin, MemberFilters(q="zlw"), on)) == [member]
    tail = (member.id_number or "")[-6:]
    assert list(member_search(sysadmin, MemberFilters(q=tail), on)) == [member]
