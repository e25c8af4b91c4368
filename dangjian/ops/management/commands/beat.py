"""``dangjian beat``: the one scheduler of the platform's timed jobs.

It holds the scheduler lock in the database (``dangjian.jobs.lock``) while it runs: a second
beat on the same database, on this machine or another, refuses to start and says who holds it.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangjian.celery import app
from dangjian.jobs.lock import LockHeld, held_message, lock_state
from dangjian.ops.startup import ServiceUnavailable, wait_for_services

EXIT_LOCK_HELD = 3


class Command(BaseCommand):
    help = "启动定时任务调度器（Celery beat）；同一数据库只能运行一个"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loglevel", default="warning")
        parser.add_argument("--no-wait", action="store_true", help="不等待数据库和消息队列")
        parser.add_argument("--quiet", action="store_true", help="不打印启动横幅")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_wait"]:
            try:
                wait_for_services(self.stdout.write)
            except ServiceUnavailable as exc:
                raise CommandError(str(exc)) from exc
        state = lock_state()
        if state.alive:
            self._refuse(LockHeld(held_message(state)))
        try:
            quiet = ["--quiet"] if options["quiet"] else []
            app.start([*quiet, "beat", "--loglevel", options["loglevel"]])
        except LockHeld as exc:  # another beat won the race since the check above
            self._refuse(exc)

    def _refuse(self, exc: LockHeld) -> None:
        self.stderr.write(str(exc))
        sys.exit(EXIT_LOCK_HELD)
