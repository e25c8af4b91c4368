"""``dangjian worker``: a Celery worker for the platform's jobs (production: any number)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangjian.celery import app
from dangjian.ops.keycheck import DataKeyMismatch
from dangjian.ops.startup import ServiceUnavailable, prepare_process


class Command(BaseCommand):
    help = "启动后台任务进程（Celery worker）；可在多台服务器上各启动若干个"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--concurrency", type=int, default=2, help="并发任务数")
        parser.add_argument("--pool", default="prefork", choices=["prefork", "solo", "threads"])
        parser.add_argument("--queues", default="", help="只处理这些队列（逗号分隔）")
        parser.add_argument("--loglevel", default="warning")
        parser.add_argument("--no-wait", action="store_true", help="不等待数据库和消息队列")
        parser.add_argument("--quiet", action="store_true", help="不打印启动横幅")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            prepare_process(self.stdout.write, wait=not options["no_wait"])
        except (ServiceUnavailable, DataKeyMismatch) as exc:
            raise CommandError(str(exc)) from exc
        argv = ["--quiet"] if options["quiet"] else []
        argv += ["worker", "--loglevel", options["loglevel"], "--pool", options["pool"],
                "--concurrency", str(options["concurrency"]), "--without-heartbeat",
                "--without-gossip", "--without-mingle"]  # fmt: skip
        if options["queues"]:
            argv += ["--queues", options["queues"]]
        app.worker_main(argv)
