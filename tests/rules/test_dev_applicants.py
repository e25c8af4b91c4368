"""Applicant and activist checks: DEV-1 age, DEV-2 talk, DEV-3 designation, DEV-4, DEV-5."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from dangjian.rules.dates import add_months
from dangjian.rules.development.applicants import (
    PartyMember,
    Recommendation,
    check_activist_designation,
    check_age,
    check_application_talk,
    check_assessments,
    check_contact_persons,
    date_of_age,
)
from dangjian.rules.development.process import Body
from dangjian.rules.verdicts import Outcome


def test_eighteen_on_the_birthday_not_the_day_before() -> None:
    """DEV-1: born 2008-05-10, the 支部大会 on 2026-05-09 is too early, on 2026-05-10 it is not."""
    birth = date(2008, 5, 10)
    early = check_age(birth, date(2026, 5, 9))
    assert early.outcome is Outcome.BLOCK and not early.overridable
    assert "2026年5月10日年满18周岁" in early.message
    assert check_age(birth, date(2026, 5, 10)).outcome is Outcome.PASS


def test_a_leap_day_birthday_turns_eighteen_on_march_first() -> None:
    """DEV-1 with DATE-3: born 2008-02-29, still 17 on 2026-02-28, 18 on 2026-03-01."""
    birth = date(2008, 2, 29)
    assert check_age(birth, date(2026, 2, 28)).outcome is Outcome.BLOCK
    assert check_age(birth, date(2026, 3, 1)).outcome is Outcome.PASS
    assert date_of_age(birth, 18) == date(2026, 3, 1)
    assert date_of_age(birth, 16) == date(2024, 2, 29)  # a leap year has the day


def test_the_talk_is_due_within_one_calendar_month() -> None:
    """DEV-2 with DATE-1: received 2026-01-31, due 2026-02-28; 03-01 is late (a warning)."""
    received = date(2026, 1, 31)
    assert check_application_talk(received, date(2026, 2, 28)).outcome is Outcome.PASS
    late = check_application_talk(received, date(2026, 3, 1))
    assert late.outcome is Outcome.WARN
    assert "超期1天" in late.message


def test_a_talk_before_the_application_is_refused() -> None:
    """DEV-2: dates the wrong way round are a block."""
    assert check_application_talk(date(2026, 3, 1), date(2026, 2, 1)).is_block


def test_an_activist_is_designated_by_the_committee_after_a_recommendation() -> None:
    """DEV-3."""
    facts = {"received_on": date(2025, 1, 2), "designated_on": date(2025, 4, 1)}
    ok = check_activist_designation(
        **facts, decided_by=Body.BRANCH_COMMITTEE, branch_has_committee=True,
        recommendation=Recommendation.MASS_ORGANISATION,
    )  # fmt: skip
    assert ok.outcome is Outcome.PASS and "群团组织推优" in ok.message
    wrong = check_activist_designation(
        **facts, decided_by=Body.BRANCH_COMMITTEE, branch_has_committee=False, recommendation=None
    )
    assert wrong.is_block
    assert "应由党支部党员大会研究决定" in wrong.message
    assert "未记录党员推荐或群团组织推优" in wrong.message


def test_one_or_two_full_members_are_contact_persons() -> None:
    """DEV-4."""
    full = PartyMember("张三", is_full_member=True)
    probationary = PartyMember("李四", is_full_member=False)
    assert check_contact_persons([full]).outcome is Outcome.PASS
    assert check_contact_persons([full, full, full]).is_block
    assert check_contact_persons([]).is_block
    assert "李四不是正式党员" in check_contact_persons([full, probationary]).message


def test_assessments_every_six_months() -> None:
    """DEV-5: designated 2025-03-31; assessed 2025-09-30 (on time) and 2026-04-01 (a day late)."""
    designated = date(2025, 3, 31)
    on_time = check_assessments(designated, [date(2025, 9, 30)], date(2026, 3, 30))
    assert on_time.outcome is Outcome.PASS
    late = check_assessments(designated, [date(2025, 9, 30), date(2026, 4, 1)], date(2026, 4, 2))
    assert late.outcome is Outcome.WARN
    assert "应于2026年3月30日前考察" in late.message
    missing = check_assessments(designated, [], date(2025, 10, 1))
    assert "至2025年10月1日仍未考察" in missing.message


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)),
       st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)),
       st.integers(min_value=0, max_value=24))  # fmt: skip
def test_month_arithmetic_is_monotone(a: date, b: date, months: int) -> None:
    """DATE-1: a later start never gives an earlier end, and N months never go backwards."""
    first, second = sorted((a, b))
    assert add_months(first, months) <= add_months(second, months)
    assert add_months(first, months) <= add_months(first, months + 1)
    assert add_months(first, months) >= first


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2080, 12, 31)),
       st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)))  # fmt: skip
def test_the_age_check_passes_exactly_from_the_eighteenth_birthday(birth: date, on: date) -> None:
    """DEV-1: pass exactly when the meeting is on or after the day of turning 18."""
    assert (check_age(birth, on).outcome is Outcome.PASS) == (on >= date_of_age(birth, 18))
