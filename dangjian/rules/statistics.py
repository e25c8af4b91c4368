"""Categories and counts of 党内统计 (STAT-1..STAT-4), 党龄 (MEM-1) and the probation year (DEV-15).

The band labels are the column headings of the statistical tables; the national composition
(STAT-4) feeds the demo-data generator so that generated organisations look real.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

from dangjian.rules.citations import cite
from dangjian.rules.dates import add_months, add_years, format_cn_date

AGE_BANDS: tuple[str, ...] = (
    "30岁及以下",
    "31-35岁",
    "36-40岁",
    "41-45岁",
    "46-50岁",
    "51-55岁",
    "56-60岁",
    "61岁及以上",
)

# The first day of each period after the first: the founding of the PRC, the Third Plenum of
# the 11th Central Committee, the 18th Party Congress (STAT-2; a setting).
DEFAULT_CUTS: tuple[date, date, date] = (date(1949, 10, 1), date(1978, 12, 18), date(2012, 11, 8))

OCCUPATIONS: tuple[tuple[str, str], ...] = (
    ("worker", "工人（工勤技能人员）"),
    ("farmer", "农牧渔民"),
    ("professional", "专业技术人员"),
    ("manager", "管理人员"),
    ("civil_servant", "党政机关工作人员"),
    ("student", "学生"),
    ("other", "其他职业人员"),
    ("retired", "离退休人员"),
)

EDUCATIONS: tuple[tuple[str, str], ...] = (
    ("postgraduate", "研究生"),
    ("bachelor", "大学本科"),
    ("college", "大学专科"),
    ("secondary_vocational", "中专"),
    ("high_school", "高中、中技"),
    ("junior_or_below", "初中及以下"),
)

_COLLEGE_OR_ABOVE = frozenset({"postgraduate", "bachelor", "college"})
EXTENSION_MIN_MONTHS = 6
EXTENSION_MAX_MONTHS = 12


def age_band(age: int) -> str:
    """STAT-1: the band of an age taken on 12-31 (see ``dates.statistical_age``)."""
    if age <= 30:  # a negative age (dates the wrong way round) falls in the first band
        return AGE_BANDS[0]
    if age >= 61:
        return AGE_BANDS[-1]
    return AGE_BANDS[(age - 31) // 5 + 1]


def joining_period_labels(cuts: tuple[date, date, date] = DEFAULT_CUTS) -> tuple[str, ...]:
    """STAT-2: the four period labels for ``cuts``, oldest first."""
    if not cuts[0] < cuts[1] < cuts[2]:
        raise ValueError("入党时间段的分界日期应从早到晚排列")
    first, second, third = cuts
    day = timedelta(days=1)
    return (
        f"{format_cn_date(first)}以前",
        f"{format_cn_date(first)}至{format_cn_date(second - day)}",
        f"{format_cn_date(second)}至{format_cn_date(third - day)}",
        f"{format_cn_date(third)}以来",
    )


def joining_period(joined: date, cuts: tuple[date, date, date] = DEFAULT_CUTS) -> str:
    """STAT-2: the period label of a 入党时间; each cut date is the first day of a new period.

    With the default cuts: before 1949-10-01; 1949-10-01 to 1978-12-17; 1978-12-18 to
    2012-11-07; from 2012-11-08.
    """
    labels = joining_period_labels(cuts)
    passed = sum(1 for cut in cuts if joined >= cut)
    return labels[passed]


def _label_lookup(pairs: tuple[tuple[str, str], ...], code: str, what: str) -> str:
    for known, label in pairs:
        if known == code:
            return label
    raise ValueError(f"未知的{what}代码“{code}”")


def occupation_label(code: str) -> str:
    """STAT-3: the Chinese label of an occupation code."""
    return _label_lookup(OCCUPATIONS, code, "职业")


def education_label(code: str) -> str:
    """STAT-3: the Chinese label of an education code."""
    return _label_lookup(EDUCATIONS, code, "学历")


def is_college_or_above(code: str) -> bool:
    """STAT-3: 大专及以上 = 研究生, 大学本科, 大学专科."""
    education_label(code)  # rejects an unknown code
    return code in _COLLEGE_OR_ABOVE


def party_standing_years(confirmed_on: date | None, on: date) -> int | None:
    """MEM-1: 党龄, the whole years since 转正时间 as of ``on``.

    A year is complete on the anniversary itself (DATE-2; a 02-29 confirmation completes its
    years on 02-28 of non-leap years). ``None`` when there is no 转正时间 or it lies after ``on``:
    the member was not a full member then.
    """
    if confirmed_on is None or confirmed_on > on:
        return None
    years = on.year - confirmed_on.year
    if add_years(confirmed_on, years) > on:
        years -= 1
    return years


def probation_end(accepted_on: date, extension_months: int = 0) -> date:
    """DEV-15/DEV-19: the day probation ends, which is also the 转正时间.

    One year from the day of the 支部大会 that accepted the member (not the approval day), plus an
    extension (DEV-17: at least 6 months and at most 1 year) counted from the end of the year.
    """
    if extension_months and not EXTENSION_MIN_MONTHS <= extension_months <= EXTENSION_MAX_MONTHS:
        source = cite("DEV-17", "细则第三十一条")
        raise ValueError(f"延长预备期应不少于6个月、不超过1年，实为{extension_months}个月{source}")
    return add_months(add_years(accepted_on, 1), extension_months)


def latest_accepted_for_probation_end(by: date) -> date:
    """DEV-15: the latest 支部大会 date whose one-year probation has ended on or before ``by``.

    Not simply ``by`` minus a year: a member accepted on 2024-02-29 completes probation on
    2025-02-28 (DATE-1), a day that minus a year gives 2024-02-28.
    """
    candidate = add_years(by, -1)
    if candidate == date.max:
        return candidate
    following = candidate + timedelta(days=1)
    return following if probation_end(following) <= by else candidate


@dataclass(frozen=True)
class Composition:
    """STAT-4: the make-up of a membership, as weights the demo-data generator draws from.

    Shares and weights are floats because they only feed ``random.choices``; money is never here.
    """

    total_members_wan: float
    women_share: float
    minority_share: float
    college_or_above_share: float
    age_band_weights: Mapping[str, float]
    occupation_weights: Mapping[str, float]
    organizations_wan: Mapping[str, float]


STAT4_NATIONAL = Composition(
    total_members_wan=10027.1,
    women_share=0.309,
    minority_share=0.077,
    college_or_above_share=0.576,
    age_band_weights=MappingProxyType(
        dict(
            zip(
                AGE_BANDS,
                (1227.2, 1076.4, 1147.5, 968.7, 904.1, 941.2, 864.6, 2897.3),
                strict=True,
            )
        )
    ),
    occupation_weights=MappingProxyType(
        {
            "worker": 663.9,
            "farmer": 2614.4,
            "professional": 1639.4,
            "manager": 1156.3,
            "civil_servant": 759.2,
            "student": 262.2,
            "other": 784.9,
            "retired": 2146.9,
        }
    ),
    organizations_wan=MappingProxyType(
        {"committee": 30.6, "general_branch": 33.0, "branch": 461.4}
    ),
)

# A state-owned enterprise: many workers, technicians and managers, few farmers and students;
# retirees whose relations moved to their communities no longer count here.
SOE_OCCUPATION_MIX: Mapping[str, float] = MappingProxyType(
    {
        "worker": 0.30,
        "farmer": 0.01,
        "professional": 0.28,
        "manager": 0.22,
        "civil_servant": 0.01,
        "student": 0.01,
        "other": 0.05,
        "retired": 0.12,
    }
)
