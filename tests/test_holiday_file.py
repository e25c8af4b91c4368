"""The deployment's holiday file lays years over the package's calendar (DEV-20, DATE-1)."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from django.test import override_settings

from dangjian.core.workdays import holiday_calendar
from dangjian.rules.workdays import CalendarYearUnknown


def _write(path: Path, content: str) -> None:
    path.write_text(content, encoding="utf-8")
    # A new modification time, so the cached calendar is read again even within one second.
    stamp = path.stat().st_mtime + 1
    os.utime(path, (stamp, stamp))


def test_a_year_unknown_to_the_package_is_refused_until_the_file_gives_it(tmp_path: Path) -> None:
    path = tmp_path / "holidays.json"
    with override_settings(HOLIDAY_FILE=path):
        with pytest.raises(CalendarYearUnknown):
            holiday_calendar().is_working_day(date(2031, 1, 6))
        _write(path, json.dumps({"2031": {"holidays": ["2031-01-01"], "workdays": []}}))
        calendar = holiday_calendar()
        assert not calendar.is_working_day(date(2031, 1, 1))
        assert calendar.is_working_day(date(2031, 1, 2))
        assert calendar.is_working_day(date(2026, 9, 30))  # the package's years stay


def test_a_broken_file_names_itself(tmp_path: Path) -> None:
    path = tmp_path / "holidays.json"
    _write(path, json.dumps({"20x1": {"holidays": []}}))
    with override_settings(HOLIDAY_FILE=path), pytest.raises(ValueError, match="节假日设置文件"):
        holiday_calendar()
