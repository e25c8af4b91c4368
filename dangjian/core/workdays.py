"""The working-day calendar of this deployment: the official calendar (the chinese-calendar
package) with the years of ``settings.HOLIDAY_FILE`` laid over it (DATE-1, DEV-20)."""

from __future__ import annotations

import json

from django.conf import settings

from dangjian.rules.workdays import HolidayCalendar, official_calendar, parse_overrides

_cached: tuple[float, HolidayCalendar] | None = None


def holiday_calendar() -> HolidayCalendar:
    """The calendar, read again when the file changes. A missing file adds nothing; a broken
    one raises ``ValueError`` naming the file and the fault (a deployment error, never
    silently ignored: a wrong working day would make a notice period wrong)."""
    global _cached
    path = settings.HOLIDAY_FILE
    stamp = path.stat().st_mtime if path.exists() else 0.0
    if _cached is not None and _cached[0] == stamp:
        return _cached[1]
    overrides = []
    if path.exists():
        try:
            overrides = parse_overrides(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, AttributeError) as error:
            raise ValueError(f"节假日设置文件{path}有误：{error}") from error
    calendar = official_calendar(overrides)
    _cached = (stamp, calendar)
    return calendar
