"""组织生活's rules: periods (MEET-8), compliance, and the quorum and vote of MEET-1/MEET-2."""

from __future__ import annotations

from datetime import date

import pytest

from dangjian.rules.meetings.compliance import CellState, kind_compliance
from dangjian.rules.meetings.kinds import (
    DEFAULT_REQUIREMENTS,
    Frequency,
    Holder,
    MeetingKind,
    requirements_for,
)
from dangjian.rules.meetings.periods import Period, period_of, periods_between
from dangjian.rules.meetings.voting import (
    AssemblyVote,
    check_assembly_quorum,
    check_assembly_vote,
    check_committee_quorum,
)
from dangjian.rules.verdicts import Outcome

ASSEMBLY = DEFAULT_REQUIREMENTS[0]


def test_the_last_day_of_a_quarter_counts_for_that_quarter() -> None:
    """MEET-8: 09-30 is the third quarter, 10-01 the fourth."""
    assert period_of(date(2026, 9, 30), Frequency.QUARTER) == Period(2026, Frequency.QUARTER, 3)
    assert period_of(date(2026, 10, 1), Frequency.QUARTER) == Period(2026, Frequency.QUARTER, 4)


def test_period_ends_include_the_leap_day() -> None:
    assert Period(2024, Frequency.MONTH, 2).last_day == date(2024, 2, 29)
    assert Period(2025, Frequency.MONTH, 2).last_day == date(2025, 2, 28)
    assert Period(2026, Frequency.QUARTER, 4).last_day == date(2026, 12, 31)
    assert Period(2026, Frequency.QUARTER, 3).label == "2026年第三季度"


def test_a_period_index_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="超出范围"):
        Period(2026, Frequency.QUARTER, 5)


def test_periods_between_cover_a_span_across_a_year_end() -> None:
    months = periods_between(date(2025, 11, 15), date(2026, 2, 1), Frequency.MONTH)
    assert [p.label for p in months] == ["2025年11月", "2025年12月", "2026年1月", "2026年2月"]
    assert periods_between(date(2026, 2, 1), date(2026, 1, 1), Frequency.MONTH) == []


def test_a_skipped_quarter_is_missing_and_the_current_one_open() -> None:
    """MEET-1/MEET-8: the first and second quarters held, the third skipped, the fourth open."""
    result = kind_compliance(
        ASSEMBLY, [date(2026, 3, 20), date(2026, 6, 30)],
        first=date(2026, 1, 1), last=date(2026, 12, 31), today=date(2026, 11, 30),
    )  # fmt: skip
    assert [c.state for c in result.cells] == [
        CellState.HELD, CellState.HELD, CellState.MISSING, CellState.OPEN
    ]  # fmt: skip
    assert (result.required, result.held) == (3, 2)
    assert result.missing_text == "2026年第三季度未召开支部党员大会"


def test_a_meeting_recorded_late_counts_for_its_own_date() -> None:
    """MEET-8: two meetings in one quarter count once for it, never for the next."""
    result = kind_compliance(
        ASSEMBLY, [date(2026, 1, 5), date(2026, 3, 31)],
        first=date(2026, 1, 1), last=date(2026, 6, 30), today=date(2026, 11, 30),
    )  # fmt: skip
    assert [c.held for c in result.cells] == [2, 0]
    assert result.cells[1].state is CellState.MISSING


def test_a_branch_founded_mid_year_owes_nothing_before() -> None:
    result = kind_compliance(
        ASSEMBLY, [], first=date(2026, 1, 1), last=date(2026, 6, 30),
        today=date(2026, 11, 30), exists_from=date(2026, 5, 10),
    )  # fmt: skip
    assert [c.state for c in result.cells] == [CellState.NOT_OWED, CellState.MISSING]


def test_a_branch_without_committee_owes_no_committee_meeting() -> None:
    """ORG-3: under 7 full members a branch has a secretary, not a committee."""
    kinds = {r.kind for r in requirements_for(Holder.BRANCH, has_committee=False)}
    assert MeetingKind.BRANCH_COMMITTEE not in kinds
    assert MeetingKind.BRANCH_COMMITTEE in {
        r.kind for r in requirements_for(Holder.BRANCH, has_committee=True)
    }
    assert {r.kind for r in requirements_for(Holder.GROUP, has_committee=True)} == {
        MeetingKind.GROUP_MEETING
    }


@pytest.mark.parametrize(
    ("entitled", "present", "outcome"),
    [
        (23, 11, Outcome.BLOCK),
        (23, 12, Outcome.PASS),
        (22, 11, Outcome.PASS),
        (22, 10, Outcome.BLOCK),
    ],
)
def test_assembly_quorum_is_half_or_more(entitled: int, present: int, outcome: Outcome) -> None:
    """MEET-1 (支部工作条例第十一条): half or more of the voting members present."""
    verdict = check_assembly_quorum(AssemblyVote(entitled, present, 0))
    assert verdict.outcome is outcome
    assert "支部工作条例" in verdict.source


@pytest.mark.parametrize(
    ("entitled", "yes", "outcome"),
    [
        (23, 11, Outcome.BLOCK),
        (23, 12, Outcome.PASS),
        (22, 11, Outcome.BLOCK),
        (22, 12, Outcome.PASS),
    ],
)
def test_assembly_vote_needs_more_than_half_of_those_who_should_attend(
    entitled: int, yes: int, outcome: Outcome
) -> None:
    """MEET-1: yes votes more than half of the entitled, not of those present."""
    verdict = check_assembly_vote(AssemblyVote(entitled, entitled, yes))
    assert verdict.outcome is outcome
    assert f"应到有表决权党员{entitled}人" in verdict.message


def test_impossible_tallies_are_refused() -> None:
    with pytest.raises(ValueError, match="多于应到"):
        AssemblyVote(10, 11, 0)
    with pytest.raises(ValueError, match="合计多于实到"):
        AssemblyVote(10, 5, 4, 1, 1)


@pytest.mark.parametrize(
    ("members", "present", "outcome"),
    [(5, 2, Outcome.BLOCK), (5, 3, Outcome.PASS), (4, 2, Outcome.PASS)],
)
def test_committee_meeting_needs_half_of_the_committee(
    members: int, present: int, outcome: Outcome
) -> None:
    """MEET-2 (支部工作条例第十二条)."""
    assert check_committee_quorum(members, present).outcome is outcome
