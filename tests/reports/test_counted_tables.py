"""Tables 2-4 counted in SQL: each number equals the one the per-member tally gives, each list
(loaded only when asked for) equals the tally's list, over members at the edges of every
column (age bands, joining periods, no 入党时间, minorities, a retired member, a transfer)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.reports.tables import (
    Cell,
    Table,
    composition_tables,
    counted_composition_tables,
    member_facts,
    report_of,
)
from tests.factories import Role, make_member, make_user
from tests.reports.support import YEAR, history

DAY = date(YEAR, 12, 31)
RECENT = {"joined_on": date(2020, 7, 1), "confirmed_on": date(2021, 7, 1)}


@pytest.fixture
def register(enterprise: SimpleNamespace) -> dict[str, Member]:
    """``support.history`` and members on each side of the STAT-1 and STAT-2 boundaries."""
    e = enterprise
    people = history(e)
    edges: list[tuple[str, Organization, dict[str, object]]] = [
        ("三十岁", e.branch_a, {"birth_date": date(YEAR - 30, 12, 31), **RECENT}),
        ("三十一岁", e.branch_a, {"birth_date": date(YEAR - 31, 1, 1), **RECENT}),
        ("三十五岁", e.branch_b, {"birth_date": date(YEAR - 35, 6, 1), "ethnicity": "蒙古族"}),
        ("三十六岁", e.branch_b, {"birth_date": date(YEAR - 36, 6, 1), "education": "college"}),
        ("六十岁", e.branch_c, {"birth_date": date(YEAR - 60, 12, 31), "occupation": "retired"}),
        ("六十一岁", e.branch_c, {"birth_date": date(YEAR - 61, 1, 1), "gender": "F"}),
        ("建国", e.branch_c, {"birth_date": date(1925, 1, 1), "joined_on": date(1949, 10, 1),
                            "confirmed_on": date(1950, 10, 1)}),
        ("建国前", e.branch_c, {"birth_date": date(1930, 1, 1), "joined_on": date(1949, 9, 30),
                             "confirmed_on": date(1950, 9, 30), "education": "junior_or_below"}),
        ("改革开放", e.branch_a, {"birth_date": date(1950, 5, 1), "joined_on": date(1978, 12, 18),
                              "confirmed_on": date(1979, 12, 18)}),
        ("十八大前一日", e.branch_a, {"birth_date": date(1980, 5, 1), "joined_on": date(2012, 11, 7),
                                 "confirmed_on": date(2013, 11, 7)}),
        ("十八大", e.branch_b, {"birth_date": date(1980, 6, 1), "joined_on": date(2012, 11, 8), "confirmed_on": date(2013, 11, 8)}),
        ("无入党时间", e.branch_b, {"stage": "probationary", "joined_on": date(2024, 3, 1),
                                "confirmed_on": None}),
    ]  # fmt: skip
    for name, org, facts in edges:
        people[name] = make_member(org, name=name, **facts)
    # A probationary member's archive without its 入党时间 (an incomplete record): counted, in no joining period.
    Member.objects.filter(pk=people["无入党时间"].pk).update(joined_on=None)
    # ... and one without its 民族 (not a minority).
    Member.objects.filter(pk=people["十八大前一日"].pk).update(ethnicity="")
    return people


def _tally_tables(user: User | None, org: Organization) -> tuple[Table, ...]:
    """The tables as the per-member tally gives them (every cell with its ids)."""
    return composition_tables(member_facts(user, org, DAY), DAY.year)


def _pairs(table: Table) -> list[tuple[str, str, Cell]]:
    return [(row.key, column.key, cell) for row, cells in table.grid() for column, cell in cells]


@pytest.mark.parametrize("scope", ["root", "general", "branch_b", "branch_c"])
def test_counted_numbers_and_lists_equal_the_tally(
    enterprise: SimpleNamespace, register: dict[str, Member], scope: str
) -> None:
    org = getattr(enterprise, scope)
    expected = _tally_tables(None, org)
    counted = counted_composition_tables(None, org, DAY)
    assert [t.number for t in counted] == ["2", "3", "4"]
    nonzero = 0
    for old, new in zip(expected, counted, strict=True):
        for (row, column, was), (row2, column2, cell) in zip(_pairs(old), _pairs(new), strict=True):
            assert (row, column) == (row2, column2)
            assert cell.value == was.value, (old.number, row, column)
            assert cell.opens == bool(was.ids), (old.number, row, column)
            assert cell.ids == was.ids, (old.number, row, column)
            nonzero += bool(cell.value)
    assert nonzero > 10  # the edges above fill many cells: the comparison is not of zeros


def test_the_edges_fall_in_their_columns(
    enterprise: SimpleNamespace, register: dict[str, Member]
) -> None:
    """The SQL's year of birth and joining period put each edge member where STAT-1/2 say."""
    t2, t3, _t4 = counted_composition_tables(None, enterprise.root, DAY)
    ids = {name: m.pk for name, m in register.items()}

    def names(table: Table, column: str) -> set[str]:
        cell = table.cell("total", column)
        assert cell is not None
        return {name for name, pk in ids.items() if pk in cell.ids}

    assert {"三十岁"} <= names(t2, "age:30岁及以下") and "三十一岁" in names(t2, "age:31-35岁")
    assert "三十五岁" in names(t2, "age:31-35岁") and "三十六岁" in names(t2, "age:36-40岁")
    assert "六十岁" in names(t2, "age:56-60岁") and "六十一岁" in names(t2, "age:61岁及以上")
    assert names(t3, "period:1949年10月1日以前") == {"建国前"}
    assert names(t3, "period:1949年10月1日至1978年12月17日") == {"建国", "李四"}
    assert "改革开放" in names(t3, "period:1978年12月18日至2012年11月7日")
    assert "十八大前一日" in names(t3, "period:1978年12月18日至2012年11月7日")
    assert "十八大" in names(t3, "period:2012年11月8日以来")
    periods = set().union(*(names(t3, c.key) for c in t3.columns if c.key != "total"))
    assert "无入党时间" not in periods and "无入党时间" in names(t3, "total")
    assert names(t2, "minority") == {"李四", "三十五岁"}  # 回族, 蒙古族; an empty one is not


def test_a_scoped_asker_counts_what_the_tally_counts(
    enterprise: SimpleNamespace, register: dict[str, Member]
) -> None:
    """A secretary of 二支部 counting the 党总支's past (``sees_only_today``): the same
    narrowing for the numbers and for the lists."""
    secretary = make_user("zhibu_b", Role.SECRETARY, enterprise.branch_b)
    expected = _tally_tables(secretary, enterprise.general)
    counted = counted_composition_tables(secretary, enterprise.general, DAY)
    assert counted == expected
    total = counted[0].cell("total", "total")
    assert total is not None and total.value == len(total.ids) > 0


def test_numbers_come_from_one_query_and_a_list_only_when_opened(
    enterprise: SimpleNamespace, register: dict[str, Member]
) -> None:
    """The tables are one grouped query; the first list asked for reads the register once,
    and every other list of the three tables comes from that same read."""
    with CaptureQueriesContext(connection) as built:
        t2, t3, t4 = counted_composition_tables(None, enterprise.root, DAY)
    reads = _member_reads(built)
    assert len(reads) == 1 and "GROUP BY" in reads[0]

    def lists() -> None:
        for table in (t2, t3, t4):
            for _row, _column, cell in _pairs(table):
                assert cell.value == len(cell.ids)

    with CaptureQueriesContext(connection) as opened:
        lists()
    assert len(_member_reads(opened)) == 1


def _member_reads(captured: CaptureQueriesContext) -> list[str]:
    """The queries that read the members (the tree's path of the day aside)."""
    return [q["sql"] for q in captured.captured_queries if '"members_member"' in q["sql"]]


def test_table_1_registers_are_loaded_when_opened(
    enterprise: SimpleNamespace, register: dict[str, Member]
) -> None:
    """Table 1's 上年末/本年末 numbers are the ledger's; their lists are the registers of the
    two days, read when opened."""
    t1 = report_of(enterprise.root, DAY).table("1")
    assert t1 is not None
    for key, day in (("opening", date(YEAR - 1, 12, 31)), ("closing", DAY)):
        cell = t1.cell(key, "total")
        assert cell is not None and cell.opens
        register_ids = tuple(sorted(m.pk for m in _tally_members(enterprise.root, day)))
        assert cell.ids == register_ids and cell.value == len(register_ids)


def _tally_members(org: Organization, day: date) -> list[Member]:
    return [Member.objects.get(pk=f.member_id) for f in member_facts(None, org, day)]
