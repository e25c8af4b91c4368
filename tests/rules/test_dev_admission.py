"""Admission and probation: DEV-21, DEV-14/DEV-25, DEV-15, DEV-22, DEV-17/18/19, DEV-30,
DEV-6/26/27/29."""

from __future__ import annotations

from datetime import date

import pytest

from dangjian.rules.development.admission import (
    Approver,
    check_annual_plan,
    check_approval_timing,
    check_approver,
    check_assembly_after_prereview,
    check_collective_approval,
    check_oath,
    probation_period,
)
from dangjian.rules.development.forms import NumberRange, check_form_number, next_free_number
from dangjian.rules.development.probation import (
    check_confirmation_approval,
    check_confirmation_meeting,
    check_extension,
    confirmation_date,
    probation_end,
)
from dangjian.rules.development.process import Stage
from dangjian.rules.development.records import (
    ARCHIVE,
    Material,
    check_archive,
    check_handover,
    check_not_recognised,
)
from dangjian.rules.verdicts import Outcome

MEETING = date(2026, 1, 15)


def test_the_meeting_follows_the_pre_review_within_a_month() -> None:
    """DEV-21: pre-review 2026-01-31, due 2026-02-28; 03-01 is late (warning); before: refused."""
    assert (
        check_assembly_after_prereview(date(2026, 1, 31), date(2026, 2, 28)).outcome is Outcome.PASS
    )
    late = check_assembly_after_prereview(date(2026, 1, 31), date(2026, 3, 1))
    assert late.outcome is Outcome.WARN and "超期1天" in late.message
    assert check_assembly_after_prereview(date(2026, 1, 31), date(2026, 1, 30)).is_block


@pytest.mark.parametrize(
    ("approved_on", "outcome", "overridable"),
    [
        (date(2026, 4, 15), Outcome.PASS, False),  # the last day of the 3rd month
        (date(2026, 4, 16), Outcome.BLOCK, True),  # into the 4th month: special circumstances
        (date(2026, 7, 15), Outcome.BLOCK, True),  # the last day of the 6th month
        (date(2026, 7, 16), Outcome.BLOCK, False),  # never past 6
        (date(2026, 1, 14), Outcome.BLOCK, False),  # before the meeting
    ],
)
def test_approval_within_three_months_never_past_six(
    approved_on: date, outcome: Outcome, overridable: bool
) -> None:
    """DEV-14 (细则第二十五条): past three months only with a recorded special circumstance."""
    verdict = check_approval_timing(MEETING, approved_on)
    assert verdict.outcome is outcome
    assert verdict.overridable is overridable


@pytest.mark.parametrize("approver", [a for a in Approver if a is not Approver.PARTY_COMMITTEE])
def test_only_a_party_committee_approves(approver: Approver) -> None:
    """DEV-14 (细则第二十二条): 党总支, temporary organisations, 党组 and 基层党委 under a township
    cannot."""
    verdict = check_approver(approver)
    assert verdict.is_block and approver.label in verdict.message
    assert check_approver(Approver.PARTY_COMMITTEE).outcome is Outcome.PASS


def test_the_committee_decides_collectively_one_candidate_at_a_time() -> None:
    """DEV-25."""
    assert check_collective_approval(collective=True, candidates_in_vote=1).outcome is Outcome.PASS
    assert check_collective_approval(collective=True, candidates_in_vote=2).is_block
    assert check_collective_approval(collective=False, candidates_in_vote=1).is_block


def test_probation_runs_a_year_from_the_meeting_not_the_approval() -> None:
    """DEV-15: accepted 2024-02-29, probation ends 2025-02-28."""
    period = probation_period(date(2024, 2, 29))
    assert period.ends_on == date(2025, 2, 28)
    assert period.text == "预备期自2024年2月29日至2025年2月28日"


def test_the_oath_within_a_month_or_at_a_collective_oath() -> None:
    """DEV-22: approved 2026-05-31, due 2026-06-30; 七一 is late unless a collective oath."""
    approved = date(2026, 5, 31)
    assert check_oath(approved, date(2026, 6, 30)).outcome is Outcome.PASS
    assert check_oath(approved, date(2026, 7, 1)).outcome is Outcome.WARN
    assert check_oath(approved, date(2026, 7, 1), collective_oath=True).outcome is Outcome.PASS
    assert check_oath(approved, date(2026, 5, 30)).is_block


@pytest.mark.parametrize(
    ("months", "outcome"),
    [(5, Outcome.BLOCK), (6, Outcome.PASS), (12, Outcome.PASS), (13, Outcome.BLOCK)],
)
def test_an_extension_is_six_to_twelve_months(months: int, outcome: Outcome) -> None:
    """DEV-17: 延长时间不能少于半年，最长不超过一年."""
    assert check_extension(months, extended_before=False).outcome is outcome


def test_probation_is_extended_only_once() -> None:
    """DEV-17."""
    assert check_extension(6, extended_before=True).is_block


def test_probation_end_dates_with_and_without_an_extension() -> None:
    """DEV-15/DEV-19: accepted 2025-08-31, ends 2026-08-31; extended 6 months: 2027-02-28."""
    assert probation_end(date(2025, 8, 31)) == date(2026, 8, 31)
    assert probation_end(date(2025, 8, 31), 6) == date(2027, 2, 28)
    assert confirmation_date(date(2025, 8, 31), 12) == date(2027, 8, 31)
    with pytest.raises(ValueError, match="延长预备期应不少于6个月"):
        probation_end(date(2025, 8, 31), 13)


def test_the_confirmation_meeting_is_never_before_probation_ends() -> None:
    """DEV-17: the day before the end is refused, the end day itself is allowed."""
    ends = probation_end(MEETING)
    before = check_confirmation_meeting(date(2027, 1, 14), ends)
    assert before.is_block and not before.overridable
    assert check_confirmation_meeting(date(2027, 1, 15), ends).outcome is Outcome.PASS


def test_a_transferred_in_member_may_be_postponed_up_to_six_months() -> None:
    """DEV-19 (细则第三十五条): up to 2027-07-15 for a probation ending 2027-01-15."""
    ends = date(2027, 1, 15)
    on_limit = check_confirmation_meeting(date(2027, 7, 15), ends, transferred_in=True)
    assert on_limit.outcome is Outcome.PASS
    beyond = check_confirmation_meeting(date(2027, 7, 16), ends, transferred_in=True)
    assert beyond.outcome is Outcome.WARN and beyond.rule_id == "DEV-19"


def test_confirmation_approval_within_three_months() -> None:
    """DEV-18 (细则第三十三条)."""
    meeting = date(2027, 1, 20)
    assert check_confirmation_approval(meeting, date(2027, 4, 20)).outcome is Outcome.PASS
    assert check_confirmation_approval(meeting, date(2027, 4, 21)).outcome is Outcome.WARN
    assert check_confirmation_approval(meeting, date(2027, 1, 19)).is_block


def test_a_form_number_is_issued_once_from_the_range() -> None:
    """DEV-30."""
    numbers = NumberRange(first=37000001, last=37000003, width=10)
    issued = {"0037000001"}
    assert check_form_number("0037000002", numbers, issued).outcome is Outcome.PASS
    again = check_form_number("0037000001", numbers, issued)
    assert again.is_block and "已发放过" in again.message
    assert "不在本组织的编号段" in check_form_number("0037000004", numbers, issued).message
    assert "应为10位数字" in check_form_number("37000002", numbers, issued).message
    assert next_free_number(numbers, issued) == "0037000002"
    assert next_free_number(numbers, {"0037000001", "0037000002", "0037000003"}) is None


def test_the_file_travels_with_the_person() -> None:
    """DEV-6/DEV-26: an activist who moves is handed over with the 培养考察登记表."""
    missing = check_handover(Stage.ACTIVIST, {Material.APPLICATION})
    assert missing.is_block and "《入党积极分子培养考察登记表》" in missing.message
    assert check_handover(Stage.ACTIVIST, set(Material)).outcome is Outcome.PASS
    assert check_handover(Stage.PROBATIONARY, set()).rule_id == "DEV-26"


def test_not_recognising_a_transferred_member_needs_the_department() -> None:
    """DEV-26."""
    assert check_not_recognised(transferred_in=True, department_approved=False).is_block
    assert (
        check_not_recognised(transferred_in=True, department_approved=True).outcome is Outcome.PASS
    )
    assert check_not_recognised(transferred_in=False, department_approved=False).rule_id == "DEV-29"


def test_the_archive_holds_every_document() -> None:
    """DEV-27."""
    assert check_archive(ARCHIVE).outcome is Outcome.PASS
    partial = check_archive({Material.APPLICATION})
    assert partial.is_block and "转正申请书" in partial.message


def test_admissions_beyond_the_annual_plan_are_a_warning() -> None:
    """DEV-28: the quota is a setting; beyond it the 党委 is warned, not refused."""
    assert check_annual_plan(5, None).outcome is Outcome.PASS
    assert check_annual_plan(5, 5).outcome is Outcome.PASS
    beyond = check_annual_plan(6, 5)
    assert beyond.outcome is Outcome.WARN and "超出计划1名" in beyond.message
