"""Session settings refuse nonsense at start-up; a short idle limit is honoured to the minute;
a refused request is one line in the server log (method, path, account, reason)."""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from dangjian.accounts import middleware
from dangjian.accounts.middleware import TOUCH_SECONDS, touch_interval
from dangjian.accounts.security import LAST_SEEN
from dangjian.core.env import MissingSetting, env_int
from dangjian.members.models import Member
from tests.factories import make_user

RunSettings = Callable[..., subprocess.CompletedProcess[str]]


@pytest.mark.parametrize("value", ["0", "-5"])
@pytest.mark.parametrize("name", ["DANGJIAN_SESSION_IDLE_MINUTES", "DANGJIAN_SESSION_MAX_HOURS"])
def test_a_session_limit_of_zero_or_less_stops_the_start(
    run_settings: RunSettings, name: str, value: str
) -> None:
    result = run_settings({name: value})
    assert result.returncode != 0
    assert f"{name} 应为不小于 1 的整数，实为 '{value}'" in result.stderr
    assert "Traceback" not in result.stderr


def test_env_int_with_a_minimum_reads_a_good_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_MINUTES", "5")
    assert env_int("X_MINUTES", 30, minimum=1) == 5
    monkeypatch.setenv("X_MINUTES", "0")
    with pytest.raises(MissingSetting, match="不小于 1"):
        env_int("X_MINUTES", 30, minimum=1)
    assert env_int("UNSET_X_MINUTES", 30, minimum=1) == 30


def test_the_refresh_interval_is_a_tenth_of_a_short_idle_limit() -> None:
    assert touch_interval(30) == TOUCH_SECONDS
    assert touch_interval(1) == 6.0
    assert touch_interval(5) == 30.0


class _Clock:
    """``time.time`` of the middleware, moved by hand."""

    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.mark.django_db
def test_an_active_user_keeps_a_one_minute_session(
    client: Client, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a 1-minute idle limit, a request every 50 seconds keeps the session: the last-seen
    time is refreshed often enough (a 60-second refresh would have ended it)."""
    settings.SESSION_IDLE_MINUTES = 1
    make_user("liu")
    assert (
        client.post("/login/", {"username": "liu", "password": "Test-Passw0rd!"}).status_code == 302
    )
    clock = _Clock(client.session[LAST_SEEN])
    monkeypatch.setattr(middleware, "time", clock)
    for _ in range(6):
        clock.now += 50
        assert client.get("/").status_code == 200
    clock.now += 61
    assert client.get("/").status_code == 302  # and idle for more than the minute: gone


def _refusal_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name in ("django.request", "dangjian.access")]


@pytest.mark.django_db
def test_a_refusal_logs_one_line_naming_method_path_user_and_reason(
    login: Callable[[User], Client], secretary_a: User, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        assert login(secretary_a).get("/audit/").status_code == 403
    records = _refusal_lines(caplog)
    assert len(records) == 1, [r.getMessage() for r in records]
    line = records[0].getMessage()
    assert records[0].name == "dangjian.access" and records[0].exc_info is None
    assert (
        "GET /audit/" in line
        and "用户=shuji_a" in line
        and "原因=审计日志仅审计管理员可查看" in line
    )
    assert "\n" not in logging.Formatter().format(records[0])


@pytest.mark.django_db
def test_an_out_of_scope_read_logs_one_line_and_a_missing_one_the_usual_line(
    login: Callable[[User], Client],
    secretary_a: User,
    member_b: Member,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = login(secretary_a)
    with caplog.at_level(logging.INFO):
        assert client.get(f"/members/{member_b.pk}/").status_code == 404
    records = _refusal_lines(caplog)
    assert [r.name for r in records] == ["dangjian.access"]
    line = records[0].getMessage()
    assert f"GET /members/{member_b.pk}/" in line and "无权查看该党员" in line
    caplog.clear()
    with caplog.at_level(logging.INFO):
        assert client.get("/members/999999/").status_code == 404
    # A record that does not exist is no refusal: Django's "Not Found" line, nothing else.
    assert [r.name for r in _refusal_lines(caplog)] == ["django.request"]
