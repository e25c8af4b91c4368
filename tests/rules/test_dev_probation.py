"""DEV-19 (细则第三十五条): postponing the confirmation of a transferred-in member, and the due
date it moves."""

from __future__ import annotations

from datetime import date

from dangjian.rules.development.deadlines import confirmation_due
from dangjian.rules.development.probation import check_postponement
from dangjian.rules.verdicts import Outcome

ENDS = date(2026, 3, 10)


def test_postponement_up_to_six_months_for_a_transferred_in_member() -> None:
    assert check_postponement(date(2026, 9, 10), ENDS, transferred_in=True).outcome is Outcome.PASS
    beyond = check_postponement(date(2026, 9, 11), ENDS, transferred_in=True)
    assert beyond.outcome is Outcome.BLOCK and "2026年9月10日" in beyond.message
    same_day = check_postponement(ENDS, ENDS, transferred_in=True)
    assert same_day.outcome is Outcome.BLOCK


def test_no_postponement_for_a_member_admitted_here() -> None:
    verdict = check_postponement(date(2026, 4, 10), ENDS, transferred_in=False)
    assert verdict.outcome is Outcome.BLOCK and "三十五条" in verdict.text


def test_a_postponement_moves_the_due_date_not_the_end() -> None:
    due = confirmation_due(date(2025, 3, 10), transferred_in=True, postponed_until=date(2026, 6, 1))
    assert (due.due_on, due.not_before, due.hard_limit) == (
        date(2026, 6, 1),
        ENDS,
        date(2026, 9, 10),
    )
    plain = confirmation_due(date(2025, 3, 10), postponed_until=date(2026, 6, 1))
    assert plain.due_on == ENDS
