"""Due dates of the 发展党员 process: what is due, when, under which rule."""

from __future__ import annotations

import inspect
import re
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from dangjian.rules.development.admission import check_approval_timing
from dangjian.rules.development.deadlines import (
    DUE_FUNCTIONS,
    DatedFacts,
    Due,
    approval_due,
    assembly_due,
    candidate_earliest,
    confirmation_due,
    notice_earliest,
    oath_due,
    open_dues,
    talk_due,
)
from dangjian.rules.development.process import TRANSITIONS, Deadline, Stage
from dangjian.rules.verdicts import Outcome
from dangjian.rules.workdays import official_calendar

RULE_ID = re.compile(r"\b[A-Z]+-\d+")


def test_each_deadline_names_its_rule_and_article() -> None:
    due = talk_due(date(2026, 1, 31))
    assert (due.due_on, due.rule_id) == (date(2026, 2, 28), "DEV-2")
    assert due.source == "《中国共产党发展党员工作细则》第七条"
    assert not RULE_ID.search(due.what)
    assert due.is_overdue(date(2026, 3, 1)) and not due.is_overdue(date(2026, 2, 28))
    assert due.days_left(date(2026, 2, 20)) == 8


def test_approval_is_due_in_three_months_with_a_hard_limit_of_six() -> None:
    """DEV-14."""
    due = approval_due(date(2026, 1, 15))
    assert (due.due_on, due.hard_limit) == (date(2026, 4, 15), date(2026, 7, 15))


def test_the_candidate_date_binds_from_the_anniversary() -> None:
    """DEV-7: no due date, a first day."""
    due = candidate_earliest(date(2025, 5, 10))
    assert due.due_on is None and due.not_before == date(2026, 5, 10)
    assert not due.is_overdue(date(2030, 1, 1))


def test_the_notice_allows_designation_from_the_day_after_its_fifth_working_day() -> None:
    """DEV-20: posted 2026-09-30, 5th working day 10-12, designation from 10-13."""
    due = notice_earliest(date(2026, 9, 30), official_calendar())
    assert due.not_before == date(2026, 10, 13)


def test_confirmation_due_when_probation_ends_later_for_a_transfer() -> None:
    """DEV-17/DEV-19."""
    plain = confirmation_due(date(2026, 1, 15))
    assert plain.due_on == plain.not_before == date(2027, 1, 15)
    assert plain.hard_limit is None
    extended = confirmation_due(date(2026, 1, 15), 6, transferred_in=True)
    assert extended.due_on == date(2027, 7, 15)
    assert extended.hard_limit == date(2028, 1, 15)


def test_assembly_and_oath_within_a_month() -> None:
    """DEV-21, DEV-22."""
    assert assembly_due(date(2026, 1, 31)).due_on == date(2026, 2, 28)
    assert oath_due(date(2026, 5, 31)).due_on == date(2026, 6, 30)


def test_open_dues_follow_the_stage() -> None:
    applicant = DatedFacts(Stage.APPLICANT, received_on=date(2026, 3, 1))
    assert [d.deadline for d in open_dues(applicant)] == [Deadline.TALK]
    talked = DatedFacts(Stage.APPLICANT, received_on=date(2026, 3, 1), talked_on=date(2026, 3, 5))
    assert open_dues(talked) == []
    activist = DatedFacts(Stage.ACTIVIST, activist_on=date(2026, 1, 1))
    assert [d.deadline for d in open_dues(activist)] == [
        Deadline.ASSESSMENT,
        Deadline.ACTIVIST_YEAR,
    ]
    candidate = DatedFacts(
        Stage.CANDIDATE, prereview_on=date(2026, 1, 10), meeting_on=date(2026, 2, 1)
    )
    assert [d.deadline for d in open_dues(candidate)] == [Deadline.APPROVAL]
    probationary = DatedFacts(
        Stage.PROBATIONARY, meeting_on=date(2026, 2, 1), approved_on=date(2026, 3, 1)
    )
    assert [d.deadline for d in open_dues(probationary)] == [Deadline.OATH, Deadline.PROBATION_END]
    done = DatedFacts(Stage.PROBATIONARY, meeting_on=date(2026, 2, 1), approved_on=date(2026, 3, 1),
                      oath_on=date(2026, 3, 10), confirmation_meeting_on=date(2027, 2, 1))  # fmt: skip
    assert [d.deadline for d in open_dues(done)] == [Deadline.CONFIRMATION_APPROVAL]
    assert open_dues(DatedFacts(Stage.FULL)) == []


def test_every_deadline_has_a_due_function_returning_a_due() -> None:
    started = {d for t in TRANSITIONS for d in t.starts}
    assert started <= set(DUE_FUNCTIONS) == set(Deadline)
    for deadline, function in DUE_FUNCTIONS.items():
        assert inspect.signature(function).return_annotation in (Due, "Due"), deadline
    assert DUE_FUNCTIONS[Deadline.OATH](date(2026, 5, 31)).deadline is Deadline.OATH


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
       st.integers(min_value=0, max_value=400))  # fmt: skip
def test_the_due_date_and_the_check_agree(meeting: date, days_after: int) -> None:
    """DEV-14: the check passes exactly up to the due date and refuses for good exactly past
    the limit, so a list and a refusal never disagree."""
    due = approval_due(meeting)
    approved = meeting + timedelta(days=days_after)
    verdict = check_approval_timing(meeting, approved)
    assert due.due_on is not None and due.hard_limit is not None
    assert (verdict.outcome is Outcome.PASS) == (approved <= due.due_on)
    final = verdict.is_block and not verdict.overridable
    assert final == (approved > due.hard_limit)
