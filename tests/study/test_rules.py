"""学习教育 rules without a database: tenths of an hour, EDU-1/EDU-2 boundaries, members who
join or take a committee post mid-year, exemptions, scoring and the drawing of papers."""

from __future__ import annotations

from datetime import date

import pytest

from dangjian.rules.citations import cite
from dangjian.rules.study import (
    HoursError,
    HoursStatus,
    PointRule,
    QuestionKind,
    Requirement,
    draw_paper,
    hours_text,
    is_correct,
    normalize_answer,
    parse_hours,
    score_percent,
    yearly_points,
    yearly_requirement,
)

EDU1 = Requirement("EDU-1", 320)


def test_hours_are_tenths() -> None:
    assert parse_hours("1.5") == 15
    assert parse_hours("32") == 320
    assert hours_text(319) == "31.9"
    assert hours_text(320) == "32.0"


@pytest.mark.parametrize("text", ["1.55", "0", "-1", "abc", "nan", "101", ""])
def test_hours_refused_name_the_reason(text: str) -> None:
    with pytest.raises(HoursError, match="学时"):
        parse_hours(text)


def test_edu1_exactly_32_hours_meets_it() -> None:
    """EDU-1 (教育管理条例第二十条): "不少于32学时" includes 32.0."""
    assert HoursStatus(online=200, offline=120, requirement=EDU1).met


def test_edu1_31_9_hours_does_not() -> None:
    status = HoursStatus(online=200, offline=119, requirement=EDU1)
    assert not status.met
    assert status.label == "未达标，还差0.1学时"


def test_online_and_offline_are_counted_apart_and_added() -> None:
    status = HoursStatus(online=15, offline=40, requirement=EDU1)
    assert (status.online, status.offline, status.total) == (15, 40, 55)


def test_edu2_applies_to_a_committee_member() -> None:
    """EDU-2 (2019—2023年全国党员教育培训工作规划): 56 学时 for secretaries and committee members."""
    owed = yearly_requirement(year=2026, joined_on=date(2010, 7, 1), holds_committee_post=True)
    assert owed == Requirement("EDU-2", 560)
    assert not HoursStatus(online=0, offline=559, requirement=owed).met
    assert HoursStatus(online=0, offline=560, requirement=owed).met


def test_edu2_hours_are_a_setting() -> None:
    owed = yearly_requirement(year=2026, joined_on=None, holds_committee_post=True, edu2_tenths=480)
    assert owed.tenths == 480


def test_member_joining_in_july_owes_half_the_year() -> None:
    """RULES.md is silent on a member who joins mid-year: the cut is a setting, on by default."""
    owed = yearly_requirement(year=2026, joined_on=date(2026, 7, 15), holds_committee_post=False)
    assert owed == Requirement("EDU-1", 160, prorated=True)


def test_share_is_rounded_up_to_a_tenth() -> None:
    owed = yearly_requirement(year=2026, joined_on=date(2026, 12, 1), holds_committee_post=False)
    assert owed.tenths == 27  # 32 / 12 = 2.67, owed 2.7


def test_prorating_switched_off_owes_the_full_year() -> None:
    owed = yearly_requirement(
        year=2026, joined_on=date(2026, 7, 1), holds_committee_post=False,
        prorate_new_members=False,
    )  # fmt: skip
    assert owed == Requirement("EDU-1", 320)


def test_member_joined_in_january_owes_the_full_year_unprorated() -> None:
    owed = yearly_requirement(year=2026, joined_on=date(2026, 1, 20), holds_committee_post=False)
    assert owed == Requirement("EDU-1", 320, prorated=False)


def test_exemption_meets_the_year_and_says_why() -> None:
    status = HoursStatus(online=0, offline=0, requirement=EDU1, exemption="长期病假")
    assert status.met
    assert status.label == "免于考核（长期病假）"


def test_citations_name_the_regulations() -> None:
    assert cite("EDU-1") == "（依据《中国共产党党员教育管理工作条例》第二十条）"
    assert "2019—2023年全国党员教育培训工作规划" in cite("EDU-2")


def test_multiple_choice_scores_only_when_all_correct() -> None:
    assert is_correct("ABD", "DBA")
    assert not is_correct("ABD", "AB")
    assert not is_correct("ABD", "ABCD")
    assert not is_correct("ABD", "")


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [(QuestionKind.TRUE_FALSE, "对", "A"), (QuestionKind.TRUE_FALSE, "错", "B"),
     (QuestionKind.MULTIPLE, "d,a", "AD"), (QuestionKind.SINGLE, " b ", "B")],
)  # fmt: skip
def test_answers_are_normalised(kind: QuestionKind, text: str, expected: str) -> None:
    assert normalize_answer(kind, text, 4) == expected


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [(QuestionKind.SINGLE, "AB", "只能有一个"), (QuestionKind.MULTIPLE, "A", "两个或以上"),
     (QuestionKind.SINGLE, "E", "选项字母"), (QuestionKind.TRUE_FALSE, "也许", "对")],
)  # fmt: skip
def test_bad_answers_are_refused(kind: QuestionKind, text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        normalize_answer(kind, text, 4)


def test_a_paper_is_reproducible_by_its_seed() -> None:
    bank = list(range(1, 51))
    assert draw_paper(bank, 10, 7) == draw_paper(list(reversed(bank)), 10, 7)
    assert draw_paper(bank, 10, 7) != draw_paper(bank, 10, 8)
    assert len(set(draw_paper(bank, 10, 7))) == 10


def test_score_is_whole_percent() -> None:
    assert score_percent(2, 3) == 67
    assert score_percent(0, 0) == 0


def test_points_are_capped_per_year() -> None:
    """EDU-3: items, points and caps are configuration."""
    assert yearly_points(PointRule("item", 2, cap=10), 7) == 10
    assert yearly_points(PointRule("item", 2), 7) == 14
