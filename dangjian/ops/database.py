"""The deployment's database as files: an online copy out, a copy back in, and row counts.

SQLite is copied with its online backup API (a consistent snapshot while the platform runs);
PostgreSQL with ``pg_dump`` in custom format, taken in the same snapshot as the row counts, and
put back with ``pg_restore``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.db import connections

PG_BIN_DIRS = [
    "/usr/lib/postgresql/17/bin",
    "/usr/lib/postgresql/16/bin",
    "/usr/lib/postgresql/15/bin",
]


class DatabaseCopyError(RuntimeError):
    """A copy or a restore of the database failed; the message is for the operator."""


def engine() -> str:
    """``sqlite`` or ``postgresql``."""
    return "sqlite" if connections["default"].vendor == "sqlite" else "postgresql"


def _db() -> dict[str, Any]:
    return dict(connections["default"].settings_dict)


def pg_program(name: str) -> str:
    """``pg_dump`` / ``pg_restore`` from ``DANGJIAN_PG_BIN_DIR``, Debian's folders or PATH."""
    if settings.PG_BIN_DIR:
        named = Path(settings.PG_BIN_DIR) / name
        if not named.exists():
            raise DatabaseCopyError(f"DANGJIAN_PG_BIN_DIR（{settings.PG_BIN_DIR}）中没有 {name}")
        return str(named)
    for folder in PG_BIN_DIRS:
        if (Path(folder) / name).exists():
            return str(Path(folder) / name)
    found = shutil.which(name)
    if not found:
        raise DatabaseCopyError(f"找不到 PostgreSQL 程序 {name}：请安装 postgresql-client")
    return found


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = _db()
    args = ["--dbname", str(db["NAME"])]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _pg_conninfo() -> dict[str, Any]:
    db = _db()
    info = {"dbname": db["NAME"], "user": db.get("USER"), "password": db.get("PASSWORD")}
    info |= {"host": db.get("HOST") or None, "port": db.get("PORT") or None}
    return {k: v for k, v in info.items() if v}


@contextmanager
def _pg_snapshot() -> Iterator[tuple[psycopg.Connection[Any], str]]:
    """A repeatable-read transaction held open, and its exported snapshot id for pg_dump."""
    with psycopg.connect(**_pg_conninfo()) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with conn.transaction():
            row = conn.execute("SELECT pg_export_snapshot()").fetchone()
            assert row is not None
            yield conn, str(row[0])


def _sqlite_connect(name: object) -> sqlite3.Connection:
    """The deployment's SQLite database: a file, or a ``file:`` URI (an in-memory database
    shared by the test server's threads)."""
    text = str(name)
    return sqlite3.connect(text, uri=text.startswith("file:"))


def table_counts_sqlite(path: object) -> dict[str, int]:
    with closing(_sqlite_connect(path)) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )]  # fmt: skip
        return {n: conn.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}


def _table_counts_pg(conn: psycopg.Connection[Any]) -> dict[str, int]:
    names = [r[0] for r in conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    )]  # fmt: skip
    counts = {}
    for name in names:
        row = conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()
        counts[name] = int(row[0]) if row else 0
    return counts


def database_dump(target: Path) -> dict[str, int]:
    """Write a consistent copy of the database to ``target``; return its row count per table."""
    if engine() == "sqlite":
        source = _sqlite_connect(_db()["NAME"])
        try:
            with closing(sqlite3.connect(target)) as copy:
                source.backup(copy)
        finally:
            source.close()
        return table_counts_sqlite(target)
    args, env = _pg_env()
    with _pg_snapshot() as (conn, snapshot):
        counts = _table_counts_pg(conn)
        cmd = [pg_program("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
               f"--snapshot={snapshot}", "--file", str(target), *args]  # fmt: skip
        _run(cmd, env, "导出数据库")
    return counts


def database_load(source: Path) -> None:
    """Replace the (empty) database's contents with the copy at ``source``."""
    connections.close_all()
    if engine() == "sqlite":
        copy = sqlite3.connect(source)
        try:
            with closing(_sqlite_connect(_db()["NAME"])) as live:
                copy.backup(live)
        finally:
            copy.close()
        return
    with psycopg.connect(**_pg_conninfo(), autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    args, env = _pg_env()
    cmd = [pg_program("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
           "--single-transaction", *args, str(source)]  # fmt: skip
    _run(cmd, env, "恢复数据库")


def database_counts() -> dict[str, int]:
    """Row count per table of the live database."""
    if engine() == "sqlite":
        return table_counts_sqlite(_db()["NAME"])
    with psycopg.connect(**_pg_conninfo()) as conn:
        return _table_counts_pg(conn)


def _run(cmd: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise DatabaseCopyError(f"{what}失败：{done.stderr.strip()[-500:]}")
