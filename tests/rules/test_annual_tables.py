"""Which cell of the annual tables a member falls in (STAT-1..STAT-3, STAT-7): no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dangjian.rules.annual_tables import (
    TOTAL,
    MemberFacts,
    falls_in,
    occupation_rows,
    table_2,
    table_3,
    table_4,
    tally,
)
from dangjian.rules.statistics import DEFAULT_CUTS

BASE = MemberFacts(member_id=1, gender="F", ethnicity="汉族", birth_date=date(1994, 12, 31),
                   education="bachelor", occupation="worker", stage="full",
                   joined_on=date(2012, 11, 8))  # fmt: skip


def test_age_is_taken_on_12_31_of_the_year() -> None:
    """STAT-1: born 1994-12-31 is 30 on 2024-12-31 (30岁及以下), 31 a year later."""
    assert falls_in("age:30岁及以下", BASE, 2024, DEFAULT_CUTS)
    assert falls_in("age:31-35岁", BASE, 2025, DEFAULT_CUTS)
    assert falls_in("young", replace(BASE, birth_date=date(1989, 12, 31)), 2024, DEFAULT_CUTS)
    assert not falls_in("young", replace(BASE, birth_date=date(1988, 12, 31)), 2024, DEFAULT_CUTS)


def test_a_cut_day_opens_its_period() -> None:
    """STAT-2: 2012-11-08 is the first day of the last period; 2012-11-07 the last of the one before."""
    assert falls_in("period:2012年11月8日以来", BASE, 2024, DEFAULT_CUTS)
    earlier = replace(BASE, joined_on=date(2012, 11, 7))
    assert falls_in("period:1978年12月18日至2012年11月7日", earlier, 2024, DEFAULT_CUTS)
    assert not falls_in(
        "period:2012年11月8日以来", replace(BASE, joined_on=None), 2024, DEFAULT_CUTS
    )


def test_college_or_above_and_minority() -> None:
    """STAT-3: 大专及以上 = 研究生, 大学本科, 大学专科; an unknown code is not counted there."""
    assert falls_in("college", replace(BASE, education="college"), 2024, DEFAULT_CUTS)
    assert not falls_in(
        "college", replace(BASE, education="secondary_vocational"), 2024, DEFAULT_CUTS
    )
    assert not falls_in("college", replace(BASE, education="??"), 2024, DEFAULT_CUTS)
    assert falls_in("minority", replace(BASE, ethnicity="蒙古族"), 2024, DEFAULT_CUTS)
    assert not falls_in("minority", replace(BASE, ethnicity=""), 2024, DEFAULT_CUTS)


def test_an_unknown_column_is_an_error() -> None:
    with pytest.raises(ValueError, match="未知的统计列"):
        falls_in("salary", BASE, 2024, DEFAULT_CUTS)


def test_tally_counts_each_member_in_its_row_and_the_total() -> None:
    other = replace(BASE, member_id=2, gender="M", occupation="manager", stage="probationary")
    cells = tally([("worker", BASE), ("manager", other)], table_2().columns, 2024)
    assert cells[(TOTAL, TOTAL)] == [1, 2]
    assert cells[("worker", "female")] == [1] and ("manager", "female") not in cells
    assert cells[(TOTAL, "probationary")] == [2]


def test_the_layouts_follow_stat_7() -> None:
    """STAT-7 tables 2-4: the STAT-1 bands, STAT-2 periods and STAT-3 levels as columns, the
    STAT-3 occupations as rows."""
    assert [c.label for c in table_2().columns][-8:][0] == "30岁及以下"
    assert len(table_3().columns) == 5 and len(table_4().columns) == 8
    assert [label for _key, label in occupation_rows()][:2] == ["总计", "工人（工勤技能人员）"]
