"""Schedules and the periods they cover, as pure arithmetic on local times (no Django).

A scheduled job covers one *period* per firing: a daily job the day it fires ("2026-11-30"), a
monthly job the month ("2026-11"); a job on an interval covers none (""). The period of the
latest firing at or before a moment is what a run started then works on, and what the catch-up
on start compares with the last successful run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

CATCH_UP_LIMIT = 12  # periods at most, for a job caught up period by period


@dataclass(frozen=True)
class Daily:
    """Every day at ``hour``:``minute`` (local time)."""

    hour: int
    minute: int = 0


@dataclass(frozen=True)
class Monthly:
    """Every month on ``day`` (1 to 28, so that every month has it) at ``hour``:``minute``."""

    day: int
    hour: int
    minute: int = 0


@dataclass(frozen=True)
class Every:
    """Every ``seconds`` seconds; no period, nothing to catch up (the next tick is soon)."""

    seconds: int


Schedule = Daily | Monthly | Every


class CatchUp(StrEnum):
    """What a start after a missed firing does.

    ``LATEST``: run once, for the latest period (a backup, a scan of what is due today: the
    missed days' work is the same as today's). ``EACH``: run once per missed period, oldest
    first, at most ``CATCH_UP_LIMIT`` (work that belongs to its period, like a month's ledger).
    ``NONE``: nothing (interval jobs)."""

    NONE = "none"
    LATEST = "latest"
    EACH = "each"


def schedule_text(schedule: Schedule) -> str:
    """The schedule in Chinese: "每天 07:30", "每月1日 01:00", "每60秒"."""
    if isinstance(schedule, Daily):
        return f"每天 {schedule.hour:02d}:{schedule.minute:02d}"
    if isinstance(schedule, Monthly):
        return f"每月{schedule.day}日 {schedule.hour:02d}:{schedule.minute:02d}"
    if schedule.seconds % 60 == 0:
        return f"每{schedule.seconds // 60}分钟"
    return f"每{schedule.seconds}秒"


def latest_firing(schedule: Schedule, now: datetime) -> datetime | None:
    """The latest scheduled moment at or before ``now`` (same tz as ``now``); None on an
    interval."""
    if isinstance(schedule, Daily):
        at = datetime.combine(now.date(), time(schedule.hour, schedule.minute), now.tzinfo)
        return at if at <= now else at - timedelta(days=1)
    if isinstance(schedule, Monthly):
        at = now.replace(day=schedule.day, hour=schedule.hour, minute=schedule.minute,
                         second=0, microsecond=0)  # fmt: skip
        return at if at <= now else _month_before(at)
    return None


def period_at(schedule: Schedule, now: datetime) -> str:
    """The period a run started at ``now`` works on ("" on an interval)."""
    firing = latest_firing(schedule, now)
    return "" if firing is None else period_of(schedule, firing.date())


def period_of(schedule: Schedule, day: date) -> str:
    """The period ``day`` falls in: "2026-11-30" daily, "2026-11" monthly, "" otherwise."""
    if isinstance(schedule, Daily):
        return day.isoformat()
    if isinstance(schedule, Monthly):
        return f"{day.year:04d}-{day.month:02d}"
    return ""


def missed_periods(
    schedule: Schedule, catch_up: CatchUp, last_success: str | None, now: datetime
) -> list[str]:
    """The periods to run on a start at ``now``, oldest first.

    ``last_success`` is the latest period a run of the job succeeded for; None when the job
    never ran (a new installation or a job just added: nothing was missed, nothing is run).
    """
    current = period_at(schedule, now)
    if catch_up is CatchUp.NONE or not current or last_success is None:
        return []
    if last_success >= current:  # ISO dates and months sort as text
        return []
    if catch_up is CatchUp.LATEST:
        return [current]
    periods = _periods_back(schedule, now, last_success)
    return periods[-CATCH_UP_LIMIT:]


def _periods_back(schedule: Schedule, now: datetime, last_success: str) -> list[str]:
    """Every period after ``last_success`` up to the current one, oldest first (bounded)."""
    found: list[str] = []
    firing = latest_firing(schedule, now)
    while firing is not None and len(found) < CATCH_UP_LIMIT:
        period = period_of(schedule, firing.date())
        if period <= last_success:
            break
        found.append(period)
        firing = (
            firing - timedelta(days=1) if isinstance(schedule, Daily) else _month_before(firing)
        )
    return list(reversed(found))


def _month_before(moment: datetime) -> datetime:
    year, month = (moment.year, moment.month - 1) if moment.month > 1 else (moment.year - 1, 12)
    return moment.replace(year=year, month=month)


def clock_time(text: str, setting: str) -> tuple[int, int]:
    """(hour, minute) from "07:30" or "7" (a setting such as DANGJIAN_BACKUP_AT).

    Raises ``ValueError`` naming ``setting`` when it is not a time of day."""
    hour, _, minute = text.strip().partition(":")
    if hour.isdigit() and (minute or "0").isdigit():
        h, m = int(hour), int(minute or "0")
        if 0 <= h <= 23 and 0 <= m <= 59:
            return h, m
    raise ValueError(f"{setting} 应为一天中的时刻，如 07:30（当前为“{text}”）")
