"""MEM-4's proposal dates at their boundaries and MEM-5's flag day (pure rules, no database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian.rules.membership import (
    check_removal,
    check_suspension,
    inactive_flag_from,
    inactive_since_flag,
    latest_loss_due,
    proposal_is_due,
    removal_proposal_due,
    suspension_proposal_due,
)
from dangjian.rules.verdicts import Outcome


def test_suspension_is_proposed_on_the_day_six_months_are_complete_not_a_day_before() -> None:
    """MEM-4: lost on 2026-01-15, due 2026-07-15; 07-14 (six months minus a day) is not due."""
    due = suspension_proposal_due(date(2026, 1, 15))
    assert due == date(2026, 7, 15)
    assert not proposal_is_due(due, date(2026, 7, 14))
    assert proposal_is_due(due, date(2026, 7, 15))
    assert check_suspension(date(2026, 1, 15), date(2026, 7, 14)).is_block
    assert check_suspension(date(2026, 1, 15), date(2026, 7, 15)).outcome is Outcome.PASS


@pytest.mark.parametrize(
    ("lost_since", "due"),
    [
        (date(2023, 8, 29), date(2024, 2, 29)),  # lands on a leap day
        (date(2023, 8, 31), date(2024, 2, 29)),  # clamped to the leap month's end
        (date(2024, 8, 31), date(2025, 2, 28)),  # clamped in a common year
        (date(2024, 2, 29), date(2024, 8, 29)),  # lost on a leap day
    ],
)
def test_suspension_due_across_month_ends_and_leap_days(lost_since: date, due: date) -> None:
    """MEM-4 with DATE-1: six calendar months, clamped to the month's last day."""
    assert suspension_proposal_due(lost_since) == due


def test_removal_is_proposed_two_years_after_the_suspension() -> None:
    """MEM-4: suspended 2024-03-10: due 2026-03-10, not on 03-09."""
    due = removal_proposal_due(date(2024, 3, 10))
    assert due == date(2026, 3, 10)
    assert not proposal_is_due(due, date(2026, 3, 9))
    assert proposal_is_due(due, date(2026, 3, 10))
    assert check_removal(date(2024, 3, 10), date(2026, 3, 9)).is_block
    assert "尚不满二年" in check_removal(date(2024, 3, 10), date(2026, 3, 9)).message
    assert check_removal(date(2024, 3, 10), date(2026, 3, 10)).outcome is Outcome.PASS


def test_removal_after_a_leap_day_suspension_falls_on_february_28() -> None:
    """MEM-4 with DATE-1: suspended 2024-02-29, two years on is 2026-02-28 (no 02-29)."""
    due = removal_proposal_due(date(2024, 2, 29))
    assert due == date(2026, 2, 28)
    assert not proposal_is_due(due, date(2026, 2, 27))
    assert proposal_is_due(due, date(2026, 2, 28))
    assert removal_proposal_due(date(2026, 2, 28)) == date(2028, 2, 28)


def test_inactivity_is_flagged_from_the_day_six_months_are_complete() -> None:
    """MEM-5: last active 2026-02-28: flagged from 2026-08-28, not on 08-27."""
    start = inactive_flag_from(date(2026, 2, 28))
    assert start == date(2026, 8, 28)
    assert not inactive_since_flag(date(2026, 2, 28), date(2026, 8, 27))
    assert inactive_since_flag(date(2026, 2, 28), start)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)))
def test_the_latest_loss_due_is_the_exact_inverse_of_the_due_day(today: date) -> None:
    """A list filters ``lost_since <= latest_loss_due(today)`` in the database: a loss on that
    day is due today, a loss the day after is not (month ends and leap days included)."""
    last = latest_loss_due(today)
    assert proposal_is_due(suspension_proposal_due(last), today)
    assert not proposal_is_due(suspension_proposal_due(last + timedelta(days=1)), today)


@pytest.mark.parametrize(
    ("today", "last"),
    [
        (date(2026, 7, 15), date(2026, 1, 15)),
        # 08-29..08-31 all fall due on 02-28 (clamped): on 02-28 the last of them is listed.
        (date(2027, 2, 28), date(2026, 8, 31)),
        (date(2028, 2, 29), date(2027, 8, 31)),
        (date(2028, 2, 28), date(2027, 8, 28)),
    ],
)
def test_the_latest_loss_due_at_month_ends(today: date, last: date) -> None:
    assert latest_loss_due(today) == last
