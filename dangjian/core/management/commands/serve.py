"""``dangjian serve``: migrate, load the demo when empty, start a job worker, serve the site."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from dangjian.orgs.models import Organization


class Command(BaseCommand):
    help = "启动平台：迁移数据库、空库时加载演示数据、启动后台任务进程并提供网页服务"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-demo", action="store_true", help="空库时不加载演示数据")
        parser.add_argument("--no-worker", action="store_true", help="不启动后台任务进程")
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if not options["no_demo"] and not Organization.objects.exists():
            self.stdout.write("数据库为空，正在加载演示数据……")
            call_command("demo", if_empty=True)  # prints the demo logins itself
        else:
            self._print_logins()
        self._load_knowledge_base()
        worker = None if options["no_worker"] else self._start_worker()
        try:
            self._serve(options["host"], options["port"], options["threads"])
        finally:
            if worker is not None:
                worker.terminate()

    def _load_knowledge_base(self) -> None:
        """The regulation corpus in the assistant's knowledge base; the worker indexes it."""
        from dangjian.assistant.models import Document
        from dangjian.assistant.services import corpus_load

        root = Organization.objects.filter(depth=1).order_by("path").first()
        if root is None or Document.objects.exists() or not settings.CORPUS_DIR.is_dir():
            return
        added = corpus_load(
            actor=None, directory=settings.CORPUS_DIR, owner_id=root.pk, index_now=False
        )
        self.stdout.write(f"已将{len(added)}份党内法规加入党建助手知识库，后台正在建立索引。")

    def _print_logins(self) -> None:
        try:
            from dangjian.demo.users import DEFAULT_PASSWORD, demo_logins
        except ImportError:
            return
        self.stdout.write(f"\n演示账号（初始密码均为 {DEFAULT_PASSWORD}，首次登录须修改）：")
        for username, role, where in demo_logins():
            self.stdout.write(f"  {username:<10} {role:<8} {where}")

    def _start_worker(self) -> subprocess.Popen[bytes]:
        cmd = [sys.executable, "-m", "celery", "-A", "dangjian", "worker", "--beat", "-l", "warning",
               "--concurrency", "1", "--pool", "solo", "-s", str(settings.DATA_DIR / "beat-schedule")]  # fmt: skip
        return subprocess.Popen(cmd)

    def _serve(self, host: str, port: int, threads: int) -> None:
        from waitress import serve

        from dangjian.wsgi import application

        self.stdout.write(
            self.style.SUCCESS(f"\n智慧党建平台已启动：http://{host}:{port}/  （Ctrl+C 停止）")
        )
        serve(application, host=host, port=port, threads=threads, ident="dangjian")
