"""换届选举 arithmetic (ELEC-1..ELEC-3) and the term ladder (ORG-5)."""

from __future__ import annotations

from datetime import date

import pytest

from dangjian.rules.elections import (
    Count,
    Rung,
    candidates_needed,
    check_candidates,
    check_election_quorum,
    check_postponement,
    check_posts,
    check_term_adjustment,
    elect,
    ladder_rung,
    reminder_dates,
    reminder_due_on,
)
from dangjian.rules.verdicts import Outcome


@pytest.mark.parametrize(("seats", "need"), [(1, 2), (3, 4), (5, 6), (7, 9), (9, 11), (10, 12)])
def test_candidates_outnumber_seats_by_a_fifth_rounded_up(seats: int, need: int) -> None:
    """ELEC-2 (选举条例第十三条): 3 -> 4, 5 -> 6, 7 -> 9."""
    assert candidates_needed(seats) == need
    assert check_candidates(seats, need).outcome is Outcome.PASS
    blocked = check_candidates(seats, need - 1)
    assert blocked.is_block and f"至少{need}名" in blocked.message
    assert "第十三条" in blocked.source


@pytest.mark.parametrize(
    ("should", "present", "at_least", "outcome"),
    [(10, 8, False, Outcome.BLOCK), (10, 9, False, Outcome.PASS), (10, 8, True, Outcome.PASS),
     (23, 18, False, Outcome.BLOCK), (23, 19, False, Outcome.PASS), (23, 18, True, Outcome.BLOCK)],
)  # fmt: skip
def test_election_quorum_is_more_than_four_fifths(
    should: int, present: int, at_least: bool, outcome: Outcome
) -> None:
    """ELEC-1: 10 should attend: 8 is exactly 4/5 (not more), 9 is; 23: 18.4 is 4/5."""
    assert check_election_quorum(should, present, at_least=at_least).outcome is outcome


def test_elected_with_more_than_half_of_those_present() -> None:
    """ELEC-3: 20 present: 10 yes fails, 11 passes."""
    result = elect([Count("甲", 11), Count("乙", 10), Count("丙", 15)], seats=3, present=20)
    assert result.elected == ("丙", "甲")
    assert result.not_passed == ("乙",)
    assert "须赞成票超过10票" in result.text


def test_more_passing_than_seats_the_highest_win() -> None:
    result = elect([Count("甲", 15), Count("乙", 14), Count("丙", 12), Count("丁", 11)], 3, 20)
    assert result.elected == ("甲", "乙", "丙")
    assert result.lost_at_cut == ("丁",)


def test_a_tie_at_the_cut_goes_to_a_new_vote() -> None:
    """ELEC-3: two tied for the last seat: a new vote between them for that one seat."""
    result = elect([Count("甲", 15), Count("乙", 12), Count("丙", 12)], 2, 20)
    assert (result.elected, result.runoff, result.seats_left) == (("甲",), ("乙", "丙"), 1)
    assert "另行投票" in result.text


def test_impossible_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="多于到会人数"):
        elect([Count("甲", 15, 6)], 1, 20)


def test_an_election_more_than_a_year_late_is_refused() -> None:
    """ORG-5: at most a year late, and only with approval."""
    end = date(2026, 6, 30)
    assert check_postponement(end, date(2026, 5, 10), approved=False).outcome is Outcome.PASS
    assert check_postponement(end, date(2026, 12, 1), approved=False).is_block
    assert check_postponement(end, date(2026, 12, 1), approved=True).outcome is Outcome.PASS
    assert check_postponement(end, date(2027, 7, 1), approved=True).is_block
    assert check_postponement(end, date(2027, 6, 30), approved=True).outcome is Outcome.PASS


def test_the_reminder_ladder() -> None:
    """ORG-5 [setting]: 6 and 3 months before, then on the end and monthly while overdue."""
    end = date(2026, 8, 31)
    assert reminder_dates(end, date(2026, 1, 1)) == []
    assert reminder_dates(end, date(2026, 6, 1)) == [date(2026, 2, 28), date(2026, 5, 31)]
    assert reminder_dates(end, date(2026, 11, 30))[-4:] == [
        date(2026, 8, 31), date(2026, 9, 30), date(2026, 10, 31), date(2026, 11, 30)
    ]  # fmt: skip


def test_ladder_of_a_term_ending_on_a_leap_day() -> None:
    """ORG-5 ladder: a term ending 2028-02-29 is reminded 2027-08-29 and 2027-11-29, on the
    end, then on the 29th of each month (28 February in a year without a leap day)."""
    end = date(2028, 2, 29)
    assert ladder_rung(end, date(2027, 8, 28)) is None
    assert ladder_rung(end, date(2027, 8, 29)) == Rung(date(2027, 8, 29), months_before=6)
    assert ladder_rung(end, date(2027, 11, 28)) == Rung(date(2027, 8, 29), months_before=6)
    assert ladder_rung(end, date(2027, 11, 29)) == Rung(date(2027, 11, 29), months_before=3)
    assert ladder_rung(end, date(2028, 2, 28)) == Rung(date(2027, 11, 29), months_before=3)
    on_end = ladder_rung(end, date(2028, 2, 29))
    assert on_end == Rung(date(2028, 2, 29), overdue_months=0) and on_end.text == "任期已届满"
    assert ladder_rung(end, date(2028, 3, 28)) == Rung(date(2028, 2, 29), overdue_months=0)
    month = ladder_rung(end, date(2028, 3, 29))
    assert month == Rung(date(2028, 3, 29), overdue_months=1) and month.text == "任期届满已逾1个月"
    year = ladder_rung(end, date(2029, 2, 28))
    assert year == Rung(date(2029, 2, 28), overdue_months=12)
    assert reminder_due_on(end, date(2027, 11, 29)) and not reminder_due_on(end, date(2027, 11, 30))
    assert reminder_due_on(end, date(2029, 2, 28))


def test_ladder_months_are_a_setting() -> None:
    end = date(2026, 12, 31)
    assert ladder_rung(end, date(2026, 9, 30), (12, 1)) == Rung(
        date(2025, 12, 31), months_before=12
    )
    assert ladder_rung(end, date(2026, 11, 30), (12, 1)) == Rung(
        date(2026, 11, 30), months_before=1
    )


def test_a_term_may_move_at_most_a_year_either_way() -> None:
    """ORG-5: postponed or brought forward at most one year (a leap-day end: 2029-02-28)."""
    end = date(2028, 2, 29)
    assert not check_term_adjustment(end, date(2029, 2, 28)).is_block
    assert check_term_adjustment(end, date(2029, 3, 1)).is_block
    assert not check_term_adjustment(end, date(2027, 2, 28)).is_block
    assert check_term_adjustment(end, date(2027, 2, 27)).is_block
    assert check_term_adjustment(end, end).is_block
    assert "延期" in check_term_adjustment(end, date(2028, 8, 1)).text
    assert "提前" in check_term_adjustment(end, date(2027, 12, 1)).text


def test_posts_need_one_secretary_and_every_elected_member() -> None:
    assert (
        check_posts([1, 2, 3], [(1, "secretary"), (2, "deputy_secretary"), (3, "organization")])
        == ""
    )
    assert "一名书记" in check_posts([1, 2], [(1, "organization"), (2, "propaganda")])
    assert "一名书记" in check_posts([1, 2], [(1, "secretary"), (2, "secretary")])
    assert "全部当选委员" in check_posts([1, 2, 3], [(1, "secretary"), (2, "organization")])
    assert "一个职务" in check_posts([1, 2], [(1, "secretary"), (1, "organization")])
    assert "副书记不得多于2名" in check_posts(
        [1, 2, 3, 4], [(1, "secretary"), (2, "deputy_secretary"), (3, "deputy_secretary"),
                       (4, "deputy_secretary")]
    )  # fmt: skip
