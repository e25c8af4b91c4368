"""Start-up: wait (bounded) for the database and the broker, saying which one is awaited."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.db import connections

from dangjian.celery import app


class ServiceUnavailable(RuntimeError):
    """The database or the broker did not answer within the start-up wait."""


def describe_database() -> str:
    """Where the database is, without its password."""
    db = settings.DATABASES["default"]
    if connections["default"].vendor == "sqlite":
        return f"SQLite {db['NAME']}"
    return f"PostgreSQL {db.get('USER') or ''}@{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"


def describe_broker() -> str:
    """The broker's address as kombu prints it (password masked)."""
    with app.connection_for_write() as conn:
        return str(conn.as_uri())


def database_ready() -> None:
    """Raises when the database does not answer."""
    conn = connections["default"]
    conn.ensure_connection()
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1")


def broker_ready(timeout: float = 3.0) -> None:
    """Raises when the broker does not accept a connection within ``timeout`` seconds."""
    with app.connection_for_write(connect_timeout=timeout) as conn:
        # kombu takes seconds as floats; its stubs say int.
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0.2, timeout=timeout)  # type: ignore[arg-type]


def wait_for_services(
    say: Callable[[str], None], *, broker: bool = True, seconds: int | None = None
) -> None:
    """Wait up to ``seconds`` (default ``STARTUP_WAIT``) for the database, then the broker.

    Raises ``ServiceUnavailable`` naming the service and its last error.
    """
    deadline = time.monotonic() + (settings.STARTUP_WAIT if seconds is None else seconds)
    _wait("数据库", describe_database(), database_ready, deadline, say)
    if broker:
        _wait("消息队列（Celery broker）", describe_broker(), broker_ready, deadline, say)


def _wait(
    what: str, where: str, check: Callable[[], None], deadline: float, say: Callable[[str], None]
) -> None:
    attempt = 0
    while True:
        attempt += 1
        try:
            check()
            return
        except Exception as exc:  # each driver (psycopg, sqlite3, redis, kombu) raises its own
            if attempt == 1:
                say(f"正在等待{what}（{where}）……")
            if time.monotonic() >= deadline:
                raise ServiceUnavailable(f"{what}无法连接（{where}）：{exc}") from exc
            connections.close_all()
            time.sleep(min(2.0, max(0.1, deadline - time.monotonic())))


def prepare_process(say: Callable[[str], None], *, wait: bool, broker: bool = True) -> None:
    """What serve, worker and beat do before their work: wait for the services, then check the
    personal-data key against the database's. Raises ``ServiceUnavailable`` or
    ``DataKeyMismatch``."""
    from dangjian.ops.keycheck import data_key_check

    if wait:
        wait_for_services(say, broker=broker)
    data_key_check()
