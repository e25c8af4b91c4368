"""The layout of the 党内统计年报 tables (STAT-7) and which cell a member falls in (STAT-1..3, 5).

Pure: no Django, no database. A table is rows by columns; a column is a test on one member's
facts (``MemberFacts``) as of the statistical day, a row is a key the caller gives each member
(the occupation, the way a member left...). ``tally`` puts each member's id in every cell they
count in, so each number is the length of the list behind it and the two never disagree.

The rows and columns follow the headings STAT-1..STAT-3 and STAT-7 give. Where RULES.md gives a
table's name but not its layout, the plainest faithful one is used, and ``TableSpec.note`` says
so on the page and in the exports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from dangjian.rules.statistics import (
    AGE_BANDS,
    DEFAULT_CUTS,
    EDUCATIONS,
    OCCUPATIONS,
    age_band,
    is_college_or_above,
    joining_period_labels,
)

HAN = "汉族"
YOUNG_AGE = 35  # "35岁及以下", the youth line of the statistical tables
TOTAL = "total"
MANUAL = "需人工填报"


@dataclass(frozen=True)
class MemberFacts:
    """What the tables read of one member, as of the statistical day (STAT-5).

    ``stage`` is "full" or "probationary" that day; ``gender`` "M" or "F"; ``education`` and
    ``occupation`` the STAT-3 codes.
    """

    member_id: int
    gender: str
    ethnicity: str
    birth_date: date
    education: str
    occupation: str
    stage: str
    joined_on: date | None


@dataclass(frozen=True)
class Column:
    """One column: ``key`` the test (see ``falls_in``), ``label`` its heading, ``group`` the
    merged heading above it ("" for a column headed on both header rows)."""

    key: str
    label: str
    group: str = ""


@dataclass(frozen=True)
class TableSpec:
    """A table's number (STAT-7), title, columns and the note shown with it."""

    number: str
    title: str
    columns: tuple[Column, ...]
    note: str = ""


def falls_in(key: str, facts: MemberFacts, year: int, cuts: tuple[date, date, date]) -> bool:
    """Whether the member counts in column ``key`` for ``year`` (ages on 12-31, STAT-1).

    Keys: ``total``, ``female``, ``minority``, ``probationary``, ``full``, ``college`` (大专及
    以上, STAT-3), ``young`` (35岁及以下), ``age:<band>`` (STAT-1), ``edu:<code>`` (STAT-3),
    ``period:<label>`` (STAT-2). ``ValueError`` for an unknown key.
    """
    check_column(key)
    return key in member_keys(facts, year, cuts)


_SIMPLE_KEYS = frozenset({TOTAL, "female", "minority", "probationary", "full", "college", "young"})
_PREFIXES = ("age:", "edu:", "period:")


def check_column(key: str) -> None:
    """``ValueError`` naming a column key ``falls_in`` does not know."""
    if key not in _SIMPLE_KEYS and not key.startswith(_PREFIXES):
        raise ValueError(f"未知的统计列“{key}”")


def member_keys(facts: MemberFacts, year: int, cuts: tuple[date, date, date]) -> frozenset[str]:
    """Every column key the member counts in. On 12-31 the 周岁 is the year minus the year of
    birth, so members alike in these few facts share one answer (worked out once)."""
    period = None
    if facts.joined_on is not None:
        period = sum(1 for cut in cuts if facts.joined_on >= cut)  # as ``joining_period``
    return _keys(year - facts.birth_date.year, facts.gender, facts.ethnicity, facts.stage,
                 facts.education, period, cuts)  # fmt: skip


@lru_cache(maxsize=1 << 16)
def _keys(
    age: int,
    gender: str,
    ethnicity: str,
    stage: str,
    education: str,
    period: int | None,
    cuts: tuple[date, date, date],
) -> frozenset[str]:
    keys = {TOTAL, f"age:{age_band(age)}", f"edu:{education}"}
    if period is not None:
        keys.add(f"period:{_period_labels(cuts)[period]}")
    flags = {
        "female": gender == "F",
        "minority": bool(ethnicity) and ethnicity != HAN,
        "probationary": stage == "probationary",
        "full": stage == "full",
        "college": _college(education),
        "young": age <= YOUNG_AGE,
    }
    keys.update(key for key, on in flags.items() if on)
    return frozenset(keys)


@cache
def _period_labels(cuts: tuple[date, date, date]) -> tuple[str, ...]:
    return joining_period_labels(cuts)


def _college(code: str) -> bool:
    try:
        return is_college_or_above(code)
    except ValueError:  # an unknown code is not 大专及以上; the data-quality scan reports it
        return False


Cells = dict[tuple[str, str], list[int]]


def tally(
    rows: Iterable[tuple[str, MemberFacts]],
    columns: tuple[Column, ...],
    year: int,
    cuts: tuple[date, date, date] = DEFAULT_CUTS,
) -> Cells:
    """(row key, column key) -> the member ids in that cell; every member also counts in the
    row ``total``. ``rows`` pairs each member with the key of their row."""
    keyed = ((row, f.member_id, member_keys(f, year, cuts)) for row, f in rows)
    return tally_keys(keyed, columns)


def tally_keys(
    rows: Iterable[tuple[str, int, frozenset[str]]], columns: tuple[Column, ...]
) -> Cells:
    """``tally`` over (row key, member id, ``member_keys``) computed once for several tables."""
    for column in columns:
        check_column(column.key)
    wanted = {column.key for column in columns}
    alike: dict[tuple[str, frozenset[str]], list[int]] = {}
    for row_key, member_id, keys in rows:  # members alike go into the same cells together
        alike.setdefault((row_key, keys), []).append(member_id)
    cells: Cells = {}
    for (row_key, keys), ids in alike.items():
        for column_key in keys & wanted:
            cells.setdefault((row_key, column_key), []).extend(ids)
            if row_key != TOTAL:
                cells.setdefault((TOTAL, column_key), []).extend(ids)
    return cells


Counts = dict[tuple[str, str], int]


def tally_counts(
    groups: Iterable[tuple[str, frozenset[str], int]], columns: tuple[Column, ...]
) -> Counts:
    """``tally_keys`` for members already counted in groups: (row key, ``member_keys`` of the
    group, how many members) -> (row key, column key) -> the number of members in that cell.
    Each number equals the length of the list ``tally_keys`` gives for the same members."""
    for column in columns:
        check_column(column.key)
    wanted = {column.key for column in columns}
    counts: Counts = {}
    for row_key, keys, n in groups:
        for column_key in keys & wanted:
            counts[(row_key, column_key)] = counts.get((row_key, column_key), 0) + n
            if row_key != TOTAL:
                counts[(TOTAL, column_key)] = counts.get((TOTAL, column_key), 0) + n
    return counts


def group_keys(
    age: int,
    gender: str,
    ethnicity: str,
    stage: str,
    education: str,
    period: int | None,
    cuts: tuple[date, date, date] = DEFAULT_CUTS,
) -> frozenset[str]:
    """``member_keys`` of every member alike in these facts: ``age`` the 周岁 on 12-31 (the
    year minus the year of birth), ``period`` how many of ``cuts`` the 入党时间 is on or after
    (None without one)."""
    return _keys(age, gender, ethnicity, stage, education, period, cuts)


def occupation_rows() -> tuple[tuple[str, str], ...]:
    """The rows of tables 2-4 and 14: 总计, then each STAT-3 occupation."""
    return ((TOTAL, "总计"), *OCCUPATIONS)


def _age_columns() -> tuple[Column, ...]:
    return tuple(Column(f"age:{band}", band, "年龄（按12月31日计）") for band in AGE_BANDS)


def table_2() -> TableSpec:
    """2 党员基本情况: 党员总数, of whom 女/少数民族/预备党员/大专及以上, and the STAT-1 bands."""
    of_whom = "其中"
    columns = (
        Column(TOTAL, "党员总数"),
        Column("female", "女", of_whom),
        Column("minority", "少数民族", of_whom),
        Column("probationary", "预备党员", of_whom),
        Column("college", "大专及以上学历", of_whom),
        *_age_columns(),
    )
    return TableSpec("2", "党员基本情况", columns)


def table_3(cuts: tuple[date, date, date] = DEFAULT_CUTS) -> TableSpec:
    """3 入党时间: the STAT-2 periods (cut dates a setting)."""
    periods = tuple(
        Column(f"period:{label}", label, "入党时间") for label in joining_period_labels(cuts)
    )
    return TableSpec("3", "党员入党时间", (Column(TOTAL, "党员总数"), *periods))


def table_4() -> TableSpec:
    """4 学历: the STAT-3 levels, and 大专及以上."""
    levels = tuple(Column(f"edu:{code}", label, "学历") for code, label in EDUCATIONS)
    columns = (Column(TOTAL, "党员总数"), *levels, Column("college", "大专及以上", "学历"))
    return TableSpec("4", "党员学历", columns)


def table_14() -> TableSpec:
    """14 发展党员（一）: the members admitted in the year (STAT-5: counted for the approving
    organisation on the approval day), of whom 女/少数民族/35岁及以下/大专及以上."""
    of_whom = "其中"
    columns = (
        Column(TOTAL, "发展党员数"),
        Column("female", "女", of_whom),
        Column("minority", "少数民族", of_whom),
        Column("young", "35岁及以下", of_whom),
        Column("college", "大专及以上学历", of_whom),
    )
    note = "统计制度未给出本表的行列，采用以下简明格式：按职业分行，按性别、民族、年龄、学历分列。"
    return TableSpec("14", "发展党员（一）", columns, note)


def table_11() -> TableSpec:
    """11 出党情况（二）: those who left the Party in the year, by way (rows), of whom ..."""
    of_whom = "其中"
    columns = (
        Column(TOTAL, "出党人数"),
        Column("probationary", "预备党员", of_whom),
        Column("female", "女", of_whom),
        Column("young", "35岁及以下", of_whom),
        Column("college", "大专及以上学历", of_whom),
    )
    note = "统计制度未给出本表的行列，采用以下简明格式：按出党方式分行，按党员类别、性别、年龄、学历分列。"
    return TableSpec("11", "出党情况（二）", columns, note)


# Tables of the 2012 form the archive holds nothing for (STAT-7): listed, never invented.
MANUAL_TABLES: Mapping[str, str] = {
    "5": "乡镇、建制村党员情况（企业一般不涉及）",
    "6": "街道、社区党员情况（企业一般不涉及）",
    "7": "学生党员情况（企业一般不涉及）",
    "9": "党员培训情况（学时数据由学习教育模块提供后填报）",
    "12": "党内表彰情况",
}
