"""50 members scanning the same QR code at once, against a real server on 127.0.0.1: each
ends with exactly one attendance row, and scanning again all at once changes nothing.

The server is ``manage runserver`` (threaded) in a subprocess, on the same database as the
test: on PostgreSQL the test database itself; on SQLite the test's in-memory database copied
to a file (an in-memory database cannot be shared with another process), read back after.
"""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
import requests
from django.db import connection
from django.utils import timezone

from dangjian.meetings.inputs import MeetingInput
from dangjian.meetings.models import Attendance, Meeting
from dangjian.meetings.services import meeting_plan
from dangjian.rules.meetings.kinds import MeetingKind
from tests.factories import Role, make_member, make_user

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 50
PASSWORD = "Test-Passw0rd!"
REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    sqlite_file: Path | None  # the file the server writes to, when the test runs on SQLite


def _database_url(tmp_path: Path) -> tuple[str, Path | None]:
    """A URL of the test's own data for another process."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        user, password = quote(db["USER"] or ""), quote(db["PASSWORD"] or "")
        host, port = db["HOST"] or "127.0.0.1", db["PORT"] or "5432"
        return f"postgres://{user}:{password}@{host}:{port}/{db['NAME']}", None
    assert connection.vendor == "sqlite"
    target = tmp_path / "live.sqlite3"
    connection.ensure_connection()
    raw = connection.connection
    assert raw is not None
    with sqlite3.connect(target) as copy:
        raw.backup(copy)
    copy.close()
    return f"sqlite:///{target}", target


@pytest.fixture
def server(tmp_path: Path, people: list[str]) -> Iterator[Server]:
    """A threaded runserver on a free port of 127.0.0.1, on the test's data."""
    url, sqlite_file = _database_url(tmp_path)
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "dangjian.settings"}
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload",
         "--skip-checks"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                if requests.get(f"{base}/health/live", timeout=60).status_code == 200:
                    break
            except requests.RequestException:  # not listening yet
                time.sleep(0.5)
        else:
            raise RuntimeError((tmp_path / "server.log").read_text(errors="replace"))
        yield Server(base, sqlite_file)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture
def meeting(enterprise: SimpleNamespace) -> Meeting:
    starts = timezone.now() - timedelta(minutes=5)
    return meeting_plan(actor=None, data=MeetingInput(
        organization_id=enterprise.branch_a.pk, topic="主题党日", kinds=(MeetingKind.THEME_DAY.value,),
        starts_at=starts, ends_at=starts + timedelta(hours=2), place="党员活动室",
    ))  # fmt: skip


@pytest.fixture
def people(enterprise: SimpleNamespace, meeting: Meeting) -> list[str]:
    """The secretary's login and 50 members of the branch with accounts."""
    make_user("shuji_live", Role.SECRETARY, enterprise.branch_a)
    names = []
    for i in range(PEOPLE):
        member = make_member(enterprise.branch_a, name=f"党员{i:02d}")
        make_user(f"live{i:02d}", member=member)
        names.append(f"live{i:02d}")
    return names


def _logged_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/login/", timeout=30)
    response = session.post(
        f"{base}/login/",
        data={"username": username, "password": PASSWORD,
              "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{base}/login/"}, timeout=60,
    )  # fmt: skip
    assert response.url.rstrip("/") == base, f"{username} 未能登录"
    return session


def _sign_in_url(base: str, meeting_id: int) -> str:
    """The URL inside the code on the projector page, as a phone would read it."""
    page = _logged_in(base, "shuji_live").get(f"{base}/meetings/{meeting_id}/qr/", timeout=30)
    found = re.search(r'data-url="([^"]+)"', page.text)
    assert found is not None, page.text[:500]
    return found.group(1).replace("&amp;", "&")


def _all_at_once(sessions: list[requests.Session], url: str, token: str) -> list[str]:
    """Every session posts the sign-in at the same moment; the pages they get back."""
    barrier = threading.Barrier(len(sessions))

    def one(session: requests.Session) -> str:
        csrf = session.cookies["csrftoken"]
        barrier.wait(timeout=120)
        response = session.post(url, data={"t": token, "csrfmiddlewaretoken": csrf},
                                headers={"Referer": url}, timeout=120)  # fmt: skip
        return f"{response.status_code} {response.text}"

    with ThreadPoolExecutor(max_workers=len(sessions)) as pool:
        return list(pool.map(one, sessions))


def _rows(server: Server, meeting_id: int) -> dict[int, int]:
    """member id -> number of attendance rows of the meeting, as the server wrote them."""
    if server.sqlite_file is None:
        rows = Attendance.objects.filter(meeting_id=meeting_id).values_list("member_id", flat=True)
        counted: dict[int, int] = {}
        for member_id in rows:
            counted[member_id] = counted.get(member_id, 0) + 1
        return counted
    with sqlite3.connect(server.sqlite_file) as db:
        query = (
            "SELECT member_id, COUNT(*) FROM meetings_attendance WHERE meeting_id = ?"
            " GROUP BY member_id"
        )
        found = dict(db.execute(query, (meeting_id,)).fetchall())
    return {int(k): int(v) for k, v in found.items()}


def test_fifty_concurrent_sign_ins_leave_one_row_each(
    server: Server, meeting: Meeting, people: list[str]
) -> None:
    url = _sign_in_url(server.url, meeting.pk)
    path, token = url.split("?t=", 1)
    with ThreadPoolExecutor(max_workers=8) as pool:
        sessions = list(pool.map(lambda name: _logged_in(server.url, name), people))
    for session in sessions:  # the page a scan opens: sets the CSRF cookie for the tap
        assert "确认签到" in session.get(url, timeout=30).text
    for wave in range(2):  # the second wave: everyone scans again, at once
        pages = _all_at_once(sessions, path, token)
        said = "签到成功" if wave == 0 else "已签到"  # a second scan: when they signed in
        refused = [p[:300] for p in pages if not p.startswith("200 ") or said not in p]
        assert refused == [], (wave, refused[:3])
        counted = _rows(server, meeting.pk)
        assert len(counted) == PEOPLE and set(counted.values()) == {1}, (wave, counted)
