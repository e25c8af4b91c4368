"""Deployments as separate processes: a fresh data directory and a fresh database each.

On the SQLite half of the suite a deployment is an SQLite file in its data directory; on the
PostgreSQL half (DATABASE_URL set to the throwaway cluster) it is a new database in that cluster,
so the same tests exercise both engines.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
import pytest

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(condition: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def http_ok(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@dataclass
class Deployment:
    data_dir: Path
    env: dict[str, str]
    processes: list[subprocess.Popen[str]] = field(default_factory=list)

    def run(
        self, *args: str, check: bool = True, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "dangjian.cli", *args],
            env=self.env, cwd=REPO, capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
        if check and done.returncode != 0:
            raise AssertionError(f"dangjian {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def start(self, *argv: str, log: str) -> subprocess.Popen[str]:
        out = (self.data_dir / log).open("w")
        process = subprocess.Popen(
            list(argv), env=self.env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, text=True
        )
        self.processes.append(process)
        return process

    def log(self, name: str) -> str:
        return (self.data_dir / name).read_text()

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _environment(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DANGJIAN_")}
    env |= {"DANGJIAN_DATA_DIR": str(data_dir), "DANGJIAN_DENSE_RETRIEVAL": "false",
            "DANGJIAN_CORPUS_DIR": str(data_dir / "no-corpus"), "PYTHONUNBUFFERED": "1"}  # fmt: skip
    env.pop("DATABASE_URL", None)
    return env


def _create_database(server: str, template: str | None = None) -> str:
    name = f"dj_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return name


def _drop_databases(server: str, names: list[str]) -> None:
    with psycopg.connect(server, autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def migrated_template(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Path | None, str | None]]:
    """One migrated database that deployments start from (migrating each costs seconds)."""
    server = _postgres_url()
    data_dir = tmp_path_factory.mktemp("template")
    env = _environment(data_dir)
    database = _create_database(server) if server else None
    if server:
        env["DATABASE_URL"] = server.rsplit("/", 1)[0] + "/" + str(database)
    Deployment(data_dir=data_dir, env=env).run("migrate", "-v0")
    yield (None if server else data_dir / "dangjian.sqlite3"), database
    if server and database:
        _drop_databases(server, [database])


@pytest.fixture
def make_deployment(
    tmp_path: Path, migrated_template: tuple[Path | None, str | None]
) -> Iterator[Callable[..., Deployment]]:
    """Build deployments (``empty=True``: not even migrated); every process they started is
    stopped and their databases dropped."""
    made: list[Deployment] = []
    databases: list[str] = []
    server = _postgres_url()
    template_file, template_db = migrated_template

    def _make(name: str = "site", *, empty: bool = False, **extra: str) -> Deployment:
        data_dir = tmp_path / name
        data_dir.mkdir()
        env = _environment(data_dir)
        if server:
            databases.append(_create_database(server, None if empty else template_db))
            env["DATABASE_URL"] = server.rsplit("/", 1)[0] + "/" + databases[-1]
        elif not empty and template_file:
            shutil.copy(template_file, data_dir / "dangjian.sqlite3")
        deployment = Deployment(data_dir=data_dir, env=env | extra)
        made.append(deployment)
        return deployment

    yield _make
    for deployment in made:
        deployment.stop_all()
    if server:
        _drop_databases(server, databases)


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A throwaway Redis server (Debian's redis-server) on a free port."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is installed by scripts/install"
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    wait_until(lambda: _answers(port), 20, "redis-server")
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False
