"""``dangjian beat``: the one scheduler of the platform's timed jobs.

It holds the scheduler lock in the database (``dangjian.jobs.lock``) while it runs: a second
beat on the same database, on this machine or another, refuses to start and says who holds it.
"""

from __future__ import annotations

import signal
import sys
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangjian.celery import app
from dangjian.jobs.lock import LockHeld, lock_acquire, lock_release, new_token, this_process
from dangjian.jobs.scheduler import adopt_lock
from dangjian.ops.keycheck import DataKeyMismatch
from dangjian.ops.startup import ServiceUnavailable, prepare_process

EXIT_LOCK_HELD = 3


class Command(BaseCommand):
    help = "启动定时任务调度器（Celery beat）；同一数据库只能运行一个"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loglevel", default="warning")
        parser.add_argument("--no-wait", action="store_true", help="不等待数据库和消息队列")
        parser.add_argument("--quiet", action="store_true", help="不打印启动横幅")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            prepare_process(self.stdout.write, wait=not options["no_wait"])
        except (ServiceUnavailable, DataKeyMismatch) as exc:
            raise CommandError(str(exc)) from exc
        # Until Celery installs its own handlers, a stop signal must still reach the finally
        # below that gives the lock back.
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, _exit)
        token = new_token()
        try:
            lock_acquire(token=token, holder=this_process())
        except LockHeld as exc:
            self._refuse(exc)
        adopt_lock(token)
        quiet = ["--quiet"] if options["quiet"] else []
        try:
            app.start([*quiet, "beat", "--loglevel", options["loglevel"]])
        finally:  # also when beat failed before its scheduler took the lock over
            lock_release(token=token)

    def _refuse(self, exc: LockHeld) -> None:
        self.stderr.write(str(exc))
        sys.exit(EXIT_LOCK_HELD)


def _exit(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)
