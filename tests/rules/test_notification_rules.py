"""Quiet hours, back-off and the de-duplication key, without a database."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from dangjian.rules.notifications import QuietHours, backoff, dedupe_key

SH = ZoneInfo("Asia/Shanghai")


def test_a_window_across_midnight_holds_until_its_end_the_next_morning() -> None:
    quiet = QuietHours.parse("22:00-07:00")
    assert quiet is not None
    assert quiet.release_at(datetime(2026, 11, 30, 23, 15, tzinfo=SH)) == datetime(
        2026, 12, 1, 7, tzinfo=SH
    )
    assert quiet.release_at(datetime(2026, 12, 1, 6, 59, tzinfo=SH)) == datetime(
        2026, 12, 1, 7, tzinfo=SH
    )
    assert quiet.release_at(datetime(2026, 12, 1, 7, 0, tzinfo=SH)) is None
    assert quiet.release_at(datetime(2026, 11, 30, 21, 59, tzinfo=SH)) is None


def test_a_window_within_a_day() -> None:
    quiet = QuietHours.parse("12:00-13:30")
    assert quiet == QuietHours(time(12), time(13, 30))
    assert quiet.release_at(datetime(2026, 11, 30, 12, 40, tzinfo=SH)) == datetime(
        2026, 11, 30, 13, 30, tzinfo=SH
    )


def test_no_window_and_a_malformed_one() -> None:
    assert QuietHours.parse("") is None
    assert QuietHours.parse("08:00-08:00") is None
    with pytest.raises(ValueError, match="免打扰时段应写作"):
        QuietHours.parse("晚上十点")


def test_back_off_grows_fourfold_up_to_its_cap() -> None:
    waits = [backoff(n, base_seconds=60, cap_seconds=3600) for n in (1, 2, 3, 4)]
    assert waits == [
        timedelta(minutes=1),
        timedelta(minutes=4),
        timedelta(minutes=16),
        timedelta(hours=1),
    ]


def test_the_key_is_the_deadline_or_the_week_of_a_standing_condition() -> None:
    assert (
        dedupe_key("elections.due", date(2027, 3, 1), date(2026, 11, 30))
        == "elections.due:2027-03-01"
    )
    assert (
        dedupe_key("members.lost_contact", None, date(2026, 11, 30))
        == "members.lost_contact:2026-W49"
    )
    assert (
        dedupe_key("members.lost_contact", None, date(2026, 12, 6))
        == "members.lost_contact:2026-W49"
    )
    assert (
        dedupe_key("members.lost_contact", None, date(2026, 12, 7))
        == "members.lost_contact:2026-W50"
    )
