"""The periods a schedule covers and what a start after a missed firing runs (pure, no
database)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from dangjian.jobs.periods import (
    CATCH_UP_LIMIT,
    CatchUp,
    Daily,
    Every,
    Monthly,
    clock_time,
    missed_periods,
    period_at,
    schedule_text,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def test_a_daily_run_before_its_time_still_works_on_yesterday() -> None:
    scan = Daily(7, 30)
    assert period_at(scan, at("2026-11-30 07:29")) == "2026-11-29"
    assert period_at(scan, at("2026-11-30 07:30")) == "2026-11-30"


def test_a_monthly_run_works_on_its_month_from_its_day_on() -> None:
    ledger = Monthly(1, 1, 0)
    assert period_at(ledger, at("2026-12-01 00:59")) == "2026-11"
    assert period_at(ledger, at("2026-12-01 01:00")) == "2026-12"
    assert period_at(ledger, at("2027-01-01 00:10")) == "2026-12"  # across the year


def test_an_interval_job_has_no_period_and_nothing_to_catch_up() -> None:
    assert period_at(Every(60), at("2026-11-30 12:00")) == ""
    assert missed_periods(Every(60), CatchUp.NONE, "", at("2026-11-30 12:00")) == []


def test_a_missed_day_is_caught_up_once_for_the_latest_period() -> None:
    # Down from the 27th's run to the 30th, 09:00: one scan, of today.
    assert missed_periods(Daily(7, 30), CatchUp.LATEST, "2026-11-27", at("2026-11-30 09:00")) == [
        "2026-11-30"
    ]


def test_nothing_is_caught_up_when_the_latest_period_is_done_or_the_job_never_ran() -> None:
    now = at("2026-11-30 09:00")
    assert missed_periods(Daily(7, 30), CatchUp.LATEST, "2026-11-30", now) == []
    assert missed_periods(Daily(7, 30), CatchUp.LATEST, None, now) == []
    # Started before today's time: yesterday's run is the latest, and it ran.
    assert missed_periods(Daily(7, 30), CatchUp.LATEST, "2026-11-29", at("2026-11-30 06:00")) == []


def test_a_job_of_its_period_by_nature_catches_up_each_missed_period_oldest_first() -> None:
    now = at("2027-01-05 09:00")
    assert missed_periods(Monthly(1, 1), CatchUp.EACH, "2026-10", now) == ["2026-11", "2026-12", "2027-01"]  # fmt: skip


def test_catching_up_period_by_period_is_bounded() -> None:
    missed = missed_periods(Daily(2, 30), CatchUp.EACH, "2020-01-01", at("2026-11-30 09:00"))
    assert len(missed) == CATCH_UP_LIMIT
    assert missed[-1] == "2026-11-30"


def test_a_job_that_ran_but_never_succeeded_is_caught_up() -> None:
    assert missed_periods(Daily(2, 30), CatchUp.LATEST, "", at("2026-11-30 09:00")) == [
        "2026-11-30"
    ]


def test_schedules_read_in_chinese() -> None:
    assert schedule_text(Daily(7, 30)) == "每天 07:30"
    assert schedule_text(Monthly(1, 1, 0)) == "每月1日 01:00"
    assert schedule_text(Every(600)) == "每10分钟"


@pytest.mark.parametrize("text", ["25:00", "7:61", "seven", ""])
def test_a_wrong_time_setting_is_refused_naming_the_setting(text: str) -> None:
    with pytest.raises(ValueError, match="DANGJIAN_BACKUP_AT 应为一天中的时刻"):
        clock_time(text, "DANGJIAN_BACKUP_AT")


def test_a_time_setting_may_omit_the_minutes() -> None:
    assert clock_time("7", "X") == (7, 0)
    assert clock_time(" 02:30 ", "X") == (2, 30)
