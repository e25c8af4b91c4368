"""Designation as candidate: DEV-7 one full year, opinions, consent; DEV-20 public notice."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from dangjian.rules.development.designation import (
    Notice,
    NoticePlace,
    Opinion,
    check_activist_year,
    check_higher_consent,
    check_opinions_heard,
    check_public_notice,
    earliest_designation,
    notice_last_day,
)
from dangjian.rules.verdicts import Outcome
from dangjian.rules.workdays import official_calendar, parse_overrides

CALENDAR = official_calendar()


def test_one_full_year_is_met_on_the_anniversary() -> None:
    """DEV-7 with DATE-2: activist since 2025-05-10; 2026-05-09 is a day short, 05-10 is met."""
    short = check_activist_year(date(2025, 5, 10), date(2026, 5, 9))
    assert short.is_block and "还差1天" in short.message
    assert check_activist_year(date(2025, 5, 10), date(2026, 5, 10)).outcome is Outcome.PASS


def test_a_leap_day_activist_completes_the_year_on_february_28() -> None:
    """DEV-7 with DATE-1: designated 2024-02-29, one year on 2025-02-28."""
    assert check_activist_year(date(2024, 2, 29), date(2025, 2, 27)).is_block
    assert check_activist_year(date(2024, 2, 29), date(2025, 2, 28)).outcome is Outcome.PASS


def test_all_four_opinions_are_heard() -> None:
    """DEV-7: 党小组, 培养联系人, 党员 and 群众."""
    assert check_opinions_heard(set(Opinion)).outcome is Outcome.PASS
    partial = check_opinions_heard({Opinion.PARTY_GROUP, Opinion.MEMBERS})
    assert partial.is_block and "培养联系人、群众" in partial.message


def test_the_higher_committee_agrees_before_the_notice() -> None:
    """DEV-7 (2026): consent, not a filing, and before the notice is posted."""
    assert check_higher_consent(None, None).is_block
    assert check_higher_consent(date(2026, 9, 29), date(2026, 9, 28)).is_block
    assert check_higher_consent(date(2026, 9, 28), date(2026, 9, 28)).outcome is Outcome.PASS


def test_five_working_days_across_the_national_day_holiday() -> None:
    """DEV-20: posted Wednesday 2026-09-30, the 5th working day is Monday 10-12 (Saturday 10-10
    is a 调休 working day); a notice to Saturday 10-10 has only 4."""
    assert notice_last_day(date(2026, 9, 30), CALENDAR) == date(2026, 10, 12)
    full = Notice(NoticePlace.WORK, date(2026, 9, 30), date(2026, 10, 12))
    ok = check_public_notice(
        [full], mobile=False, designated_on=date(2026, 10, 13), calendar=CALENDAR
    )
    assert ok.outcome is Outcome.PASS
    assert "其中工作日5天" in ok.message
    short = Notice(NoticePlace.WORK, date(2026, 9, 30), date(2026, 10, 10))
    refused = check_public_notice(
        [short], mobile=False, designated_on=date(2026, 10, 13), calendar=CALENDAR
    )
    assert refused.is_block and "其中工作日4天，不足5个工作日" in refused.message


def test_designation_comes_after_the_notice_ends() -> None:
    """DEV-20: not on the notice's last day, from the day after."""
    notice = Notice(NoticePlace.WORK, date(2026, 9, 30), date(2026, 10, 12))
    on_last_day = check_public_notice(
        [notice], mobile=False, designated_on=date(2026, 10, 12), calendar=CALENDAR
    )
    assert on_last_day.is_block and "应在公示期满后确定" in on_last_day.message
    assert earliest_designation([notice]) == date(2026, 10, 13)


def test_a_mobile_person_is_noticed_at_both_ends_at_the_same_time() -> None:
    """DEV-20: 流出地 and 流入地, each 5 working days, overlapping."""
    outflow = Notice(NoticePlace.OUTFLOW, date(2026, 11, 2), date(2026, 11, 6))
    inflow = Notice(NoticePlace.INFLOW, date(2026, 11, 2), date(2026, 11, 6))
    later = Notice(NoticePlace.INFLOW, date(2026, 11, 9), date(2026, 11, 13))

    def verdict(*notices: Notice) -> str:
        result = check_public_notice(
            notices, mobile=True, designated_on=date(2026, 11, 16), calendar=CALENDAR
        )
        return result.outcome.value + ":" + result.message

    assert verdict(outflow, inflow).startswith("pass")
    assert "缺流入地的公示" in verdict(outflow)
    assert "没有重叠" in verdict(outflow, later)


def test_a_notice_in_a_year_the_calendar_does_not_know_is_a_block_saying_so() -> None:
    """DEV-20: never a guess. With the deployment's 2027 table, the same notice passes."""
    notice = Notice(NoticePlace.WORK, date(2027, 1, 4), date(2027, 1, 8))
    unknown = check_public_notice(
        [notice], mobile=False, designated_on=date(2027, 1, 11), calendar=CALENDAR
    )
    assert unknown.is_block and "2027年的法定节假日和调休安排尚未录入" in unknown.message
    known = official_calendar(parse_overrides({"2027": {"holidays": ["2027-01-01"]}}))
    passed = check_public_notice(
        [notice], mobile=False, designated_on=date(2027, 1, 11), calendar=known
    )
    assert passed.outcome is Outcome.PASS


def test_no_notice_at_all_is_refused() -> None:
    verdict = check_public_notice(
        [], mobile=False, designated_on=date(2026, 10, 13), calendar=CALENDAR
    )
    assert verdict.is_block and "尚未记录公示" in verdict.message


@given(st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 11, 30)),
       st.integers(min_value=0, max_value=20), st.integers(min_value=1, max_value=5))  # fmt: skip
def test_the_notice_passes_exactly_with_five_working_days_then_a_later_designation(
    start: date, length: int, after: int
) -> None:
    """DEV-20: pass exactly when the span holds 5 working days (both ends counted) and the
    designation comes after it; the shortest passing notice ends on ``notice_last_day``."""
    end = start + timedelta(days=length)
    notice = Notice(NoticePlace.RESIDENCE, start, end)
    verdict = check_public_notice(
        [notice], mobile=False, designated_on=end + timedelta(days=after), calendar=CALENDAR
    )
    long_enough = end >= notice_last_day(start, CALENDAR)
    assert (verdict.outcome is Outcome.PASS) == long_enough
    assert long_enough == (CALENDAR.count_working_days(start, end) >= 5)
