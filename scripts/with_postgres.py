"""Run a command against a throwaway PostgreSQL cluster on a free port.

    python scripts/with_postgres.py -- pytest -m "not browser"

initdb, start, create the database, export DATABASE_URL, run the command, stop, delete. As root
the cluster runs as the ``postgres`` system user (created if missing), since PostgreSQL refuses
to run as root.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

PG_BIN_CANDIDATES = ["/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/local/bin"]


def pg_bin(name: str) -> str:
    for folder in PG_BIN_CANDIDATES:
        path = Path(folder) / name
        if path.exists():
            return str(path)
    found = shutil.which(name)
    if not found:
        sys.exit(f"找不到 PostgreSQL 程序 {name}：请安装 postgresql-15")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_as(user: str | None, args: list[str]) -> None:
    cmd = ["runuser", "-u", user, "--", *args] if user else args
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def cluster_user() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
    return "postgres"


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        sys.exit("用法: with_postgres.py -- 命令 [参数...]")
    user = cluster_user()
    workdir = Path(tempfile.mkdtemp(prefix="dangjian-pg-"))
    data, sockets = workdir / "data", workdir / "sock"
    sockets.mkdir()
    if user:
        shutil.chown(workdir, user)
        shutil.chown(sockets, user)
    port = free_port()
    run_as(
        user,
        [
            pg_bin("initdb"),
            "-D",
            str(data),
            "-U",
            "dangjian",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            # Text ordered as a Chinese deployment's database orders it (pinyin, punctuation
            # ignored at first), so the suite catches code that assumes codepoint order.
            "--locale-provider=icu",
            "--icu-locale=zh-CN",
        ],
    )
    # A throwaway cluster need not survive a crash; random_page_cost is the usual SSD setting.
    options = (
        f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
        " -c synchronous_commit=off -c full_page_writes=off -c random_page_cost=1.1"
    )
    # A benchmark at scale adds its settings, e.g. "-c shared_buffers=1GB -c work_mem=64MB".
    options += " " + os.environ.get("WITH_POSTGRES_OPTIONS", "")
    run_as(
        user,
        [
            pg_bin("pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(workdir / "log"),
            "-w",
            "start",
        ],
    )
    try:
        run_as(
            user,
            [pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "dangjian", "dangjian"],
        )
        env = dict(os.environ, DATABASE_URL=f"postgres://dangjian@127.0.0.1:{port}/dangjian")
        print(f"PostgreSQL 临时集群已启动：127.0.0.1:{port}", flush=True)
        return subprocess.run(argv, env=env).returncode
    finally:
        run_as(user, [pg_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
