"""Statistics categories, 党龄 and probation: STAT-1..STAT-4, MEM-1, DEV-15, DEV-17, DEV-19."""

import math
import random
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian.rules.statistics import (
    AGE_BANDS,
    DEFAULT_CUTS,
    EDUCATIONS,
    OCCUPATIONS,
    SOE_OCCUPATION_MIX,
    STAT4_NATIONAL,
    age_band,
    education_label,
    is_college_or_above,
    joining_period,
    joining_period_labels,
    latest_accepted_for_probation_end,
    occupation_label,
    party_standing_years,
    probation_end,
)


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (18, "30岁及以下"),
        (30, "30岁及以下"),
        (31, "31-35岁"),
        (35, "31-35岁"),
        (36, "36-40岁"),
        (45, "41-45岁"),
        (46, "46-50岁"),
        (55, "51-55岁"),
        (60, "56-60岁"),
        (61, "61岁及以上"),
        (104, "61岁及以上"),
    ],
)
def test_age_bands_as_of_december_31(age: int, band: str) -> None:
    """STAT-1: <=30, 31-35, 36-40, 41-45, 46-50, 51-55, 56-60, >=61."""
    assert age_band(age) == band


def test_every_age_falls_in_one_listed_band() -> None:
    """STAT-1: the bands cover every age, in order."""
    assert len(AGE_BANDS) == 8
    assert [age_band(a) for a in (30, 35, 40, 45, 50, 55, 60, 61)] == list(AGE_BANDS)


def test_negative_age_falls_in_the_first_band() -> None:
    """STAT-1: an age from dates the wrong way round still gets a band (no exception)."""
    assert age_band(-1) == "30岁及以下"


@pytest.mark.parametrize(
    ("joined", "label"),
    [
        (date(1945, 8, 15), "1949年10月1日以前"),
        (date(1949, 9, 30), "1949年10月1日以前"),
        (date(1949, 10, 1), "1949年10月1日至1978年12月17日"),
        (date(1978, 12, 17), "1949年10月1日至1978年12月17日"),
        (date(1978, 12, 18), "1978年12月18日至2012年11月7日"),
        (date(2012, 11, 7), "1978年12月18日至2012年11月7日"),
        (date(2012, 11, 8), "2012年11月8日以来"),
        (date(2024, 7, 1), "2012年11月8日以来"),
    ],
)
def test_joining_periods_split_on_the_cut_dates(joined: date, label: str) -> None:
    """STAT-2: before 1949-10-01; to 1978-12-17; to 2012-11-07; from 2012-11-08."""
    assert joining_period(joined) == label


def test_joining_period_cut_dates_are_a_setting() -> None:
    """STAT-2: the cut dates are configurable and the labels follow them."""
    cuts = (date(1949, 10, 1), date(1978, 12, 18), date(2022, 10, 16))
    assert joining_period(date(2020, 1, 1), cuts) == "1978年12月18日至2022年10月15日"
    assert joining_period_labels(cuts)[-1] == "2022年10月16日以来"
    assert joining_period_labels(DEFAULT_CUTS) == (
        "1949年10月1日以前",
        "1949年10月1日至1978年12月17日",
        "1978年12月18日至2012年11月7日",
        "2012年11月8日以来",
    )


def test_unordered_cut_dates_are_refused() -> None:
    """STAT-2."""
    with pytest.raises(ValueError, match="从早到晚"):
        joining_period(date(2000, 1, 1), (date(2012, 11, 8), date(1978, 12, 18), date(1949, 10, 1)))


def test_occupation_categories() -> None:
    """STAT-3: the eight occupation categories, in the order of the statistical table."""
    assert [code for code, _ in OCCUPATIONS] == [
        "worker",
        "farmer",
        "professional",
        "manager",
        "civil_servant",
        "student",
        "other",
        "retired",
    ]
    assert occupation_label("farmer") == "农牧渔民"
    assert occupation_label("retired") == "离退休人员"


def test_education_categories_and_college_or_above() -> None:
    """STAT-3: 大专及以上 = 研究生, 大学本科, 大学专科."""
    above = [code for code, _ in EDUCATIONS if is_college_or_above(code)]
    assert above == ["postgraduate", "bachelor", "college"]
    assert education_label("secondary_vocational") == "中专"


def test_unknown_codes_are_refused_in_chinese() -> None:
    """STAT-3."""
    with pytest.raises(ValueError, match="未知的学历代码"):
        is_college_or_above("phd")
    with pytest.raises(ValueError, match="未知的职业代码"):
        occupation_label("pilot")


def test_party_standing_counts_whole_years_from_confirmation() -> None:
    """MEM-1: 党龄 = whole years since 转正时间, complete on the anniversary (DATE-2)."""
    confirmed = date(2014, 7, 1)
    assert party_standing_years(confirmed, date(2024, 6, 30)) == 9
    assert party_standing_years(confirmed, date(2024, 7, 1)) == 10
    assert party_standing_years(confirmed, confirmed) == 0


def test_party_standing_of_a_leap_day_confirmation() -> None:
    """MEM-1 with DATE-1: confirmed 2020-02-29, one year on 2021-02-28."""
    assert party_standing_years(date(2020, 2, 29), date(2021, 2, 27)) == 0
    assert party_standing_years(date(2020, 2, 29), date(2021, 2, 28)) == 1


def test_probationary_member_has_no_party_standing() -> None:
    """MEM-1: without a 转正时间, or before it, there is no 党龄."""
    assert party_standing_years(None, date(2024, 7, 1)) is None
    assert party_standing_years(date(2025, 1, 1), date(2024, 7, 1)) is None


def test_probation_is_one_year_from_the_branch_meeting() -> None:
    """DEV-15 (细则第三十一条): one year from the 支部大会, not from the approval."""
    assert probation_end(date(2023, 5, 10)) == date(2024, 5, 10)
    assert probation_end(date(2024, 2, 29)) == date(2025, 2, 28)


def test_extended_probation_ends_when_the_extension_ends() -> None:
    """DEV-17/DEV-19: an extension of 6 to 12 months counted from the end of the year."""
    assert probation_end(date(2023, 5, 10), extension_months=6) == date(2024, 11, 10)
    assert probation_end(date(2023, 5, 10), extension_months=12) == date(2025, 5, 10)


@pytest.mark.parametrize("months", [3, 5, 13, 24])
def test_extension_outside_six_to_twelve_months_is_refused(months: int) -> None:
    """DEV-17: at least 6 months and at most 1 year."""
    with pytest.raises(ValueError, match="不少于6个月、不超过1年"):
        probation_end(date(2023, 5, 10), extension_months=months)


def test_national_composition_adds_up() -> None:
    """STAT-4: the band and occupation figures add up to the 10,027.1万 members."""
    national = STAT4_NATIONAL
    assert math.isclose(sum(national.age_band_weights.values()), 10027.1, abs_tol=0.2)
    assert math.isclose(sum(national.occupation_weights.values()), 10027.1, abs_tol=0.2)
    assert list(national.age_band_weights) == list(AGE_BANDS)
    assert set(national.occupation_weights) == {code for code, _ in OCCUPATIONS}
    assert (national.women_share, national.minority_share) == (0.309, 0.077)
    assert national.college_or_above_share == 0.576
    assert national.organizations_wan["branch"] == 461.4


def test_soe_mix_has_many_workers_and_few_farmers() -> None:
    """STAT-4: an SOE's own mix differs from the national one."""
    assert set(SOE_OCCUPATION_MIX) == {code for code, _ in OCCUPATIONS}
    assert math.isclose(sum(SOE_OCCUPATION_MIX.values()), 1.0)
    assert SOE_OCCUPATION_MIX["worker"] > SOE_OCCUPATION_MIX["farmer"]
    assert SOE_OCCUPATION_MIX["manager"] > SOE_OCCUPATION_MIX["student"]


def test_composition_weights_feed_random_choices() -> None:
    """STAT-4: the generator draws occupations with these weights."""
    codes = list(SOE_OCCUPATION_MIX)
    drawn = random.Random(7).choices(codes, weights=list(SOE_OCCUPATION_MIX.values()), k=50)
    assert set(drawn) <= set(codes)


def test_composition_constants_cannot_be_changed() -> None:
    """STAT-4: shared constants are read-only."""
    with pytest.raises(TypeError):
        SOE_OCCUPATION_MIX["worker"] = 1.0  # type: ignore[index]


def test_probation_of_leap_day_acceptance_is_due_on_feb_28() -> None:
    """DEV-15/DATE-1: accepted 2024-02-29, probation ends 2025-02-28 and is due that day."""
    assert latest_accepted_for_probation_end(date(2025, 2, 28)) == date(2024, 2, 29)
    assert latest_accepted_for_probation_end(date(2025, 3, 1)) == date(2024, 3, 1)


@given(accepted=st.dates(min_value=date(1950, 1, 1), max_value=date(2040, 12, 31)),
       by=st.dates(min_value=date(1950, 1, 1), max_value=date(2040, 12, 31)))  # fmt: skip
def test_probation_due_boundary_matches_probation_end(accepted: date, by: date) -> None:
    """DEV-15: probation has ended by ``by`` exactly when accepted on or before the boundary."""
    assert (probation_end(accepted) <= by) == (accepted <= latest_accepted_for_probation_end(by))
