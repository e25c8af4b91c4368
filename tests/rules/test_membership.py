"""Dates of member dynamics: letters and 回执, floating, lost contact, abroad, 限期改正 (MEM-2..9)."""

from __future__ import annotations

from datetime import date

import pytest

from dangjian.rules.membership import (
    LostContactLadder,
    abroad_contact_due,
    check_correction_term,
    check_receipt,
    check_suspension,
    floating_from,
    graduate_relation_until,
    inactive_since_flag,
    letter_number,
    letter_valid_until,
)
from dangjian.rules.verdicts import Outcome


def test_letter_validity_is_capped_at_three_months() -> None:
    """MEM-2 [setting]: 30 days from 01-31 is 03-01 (2026); from 11-30, 91 days reach 02-28
    (three months on), 92 days pass it."""
    assert letter_valid_until(date(2026, 1, 31), 30) == date(2026, 3, 1)
    assert letter_valid_until(date(2026, 3, 1), 90) == date(2026, 5, 29)
    assert letter_valid_until(date(2026, 11, 30), 91) == date(2027, 2, 28)
    with pytest.raises(ValueError, match="最长三个月"):
        letter_valid_until(date(2026, 11, 30), 92)
    with pytest.raises(ValueError):
        letter_valid_until(date(2026, 11, 30), 0)


def test_a_missing_receipt_after_validity_is_followed_up() -> None:
    """MEM-7: warned the day after the validity ends, not on it."""
    issued, valid = date(2026, 9, 1), date(2026, 9, 30)
    assert check_receipt(issued, valid, None, date(2026, 9, 30)).outcome is Outcome.PASS
    late = check_receipt(issued, valid, None, date(2026, 10, 2))
    assert late.outcome is Outcome.WARN and "已过期2天" in late.message
    assert (
        check_receipt(issued, valid, date(2026, 9, 20), date(2026, 12, 1)).outcome is Outcome.PASS
    )
    assert check_receipt(issued, valid, date(2026, 8, 20), date(2026, 12, 1)).is_block


def test_letter_numbers_per_year() -> None:
    assert letter_number(2026, 7) == "2026年第007号"
    with pytest.raises(ValueError):
        letter_number(2026, 0)


def test_floating_and_lost_contact_ladders() -> None:
    """MEM-3/MEM-4: six months (DATE-1 month ends), then two years after the suspension."""
    assert floating_from(date(2026, 2, 28)) == date(2026, 8, 28)
    ladder = LostContactLadder.of(date(2025, 8, 31))
    assert ladder.suspension_from == date(2026, 2, 28)
    assert LostContactLadder.removal_from(date(2024, 2, 29)) == date(2026, 2, 28)
    assert check_suspension(date(2025, 8, 31), date(2026, 2, 27)).is_block
    assert check_suspension(date(2025, 8, 31), date(2026, 2, 28)).outcome is Outcome.PASS


def test_contact_correction_graduates_and_inactivity() -> None:
    assert abroad_contact_due(date(2026, 5, 31)) == date(2026, 11, 30)  # MEM-9
    assert check_correction_term(date(2026, 1, 1), date(2027, 1, 1)).outcome is Outcome.PASS
    assert check_correction_term(date(2026, 1, 1), date(2027, 1, 2)).is_block  # MEM-8
    assert check_correction_term(date(2026, 1, 1), date(2026, 1, 1)).is_block
    assert graduate_relation_until(date(2024, 6, 30)) == date(2026, 6, 30)  # MEM-6
    assert not inactive_since_flag(date(2026, 5, 31), date(2026, 11, 29))  # MEM-5
    assert inactive_since_flag(date(2026, 5, 31), date(2026, 11, 30))
