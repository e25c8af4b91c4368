"""``dangjian serve``: the whole platform in one command, on the embedded defaults.

Waits for the database and broker, migrates, loads the demo and the regulation corpus when empty,
starts a job worker and the scheduler as child processes, and serves the site with waitress.
SIGTERM, SIGINT and SIGHUP (systemd, supervisord, ``docker stop``, Ctrl+C, a closed terminal)
stop the web server, give the worker ``STOP_TIMEOUT`` seconds to finish its job, and end every
child. A second ``serve`` on the same database refuses to start while the scheduler lock is live.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangjian.jobs.lock import lock_state
from dangjian.ops.children import Children
from dangjian.ops.keycheck import DataKeyMismatch, data_key_check
from dangjian.ops.startup import ServiceUnavailable, wait_for_services
from dangjian.orgs.models import Organization

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class Command(BaseCommand):
    help = "启动平台：迁移数据库、空库时加载演示数据、启动后台任务进程和调度器并提供网页服务"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-demo", action="store_true", help="空库时不加载演示数据")
        parser.add_argument("--no-worker", action="store_true", help="不启动后台任务进程和调度器")
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, **options: Any) -> None:
        run_jobs = not options["no_worker"]
        try:
            wait_for_services(self.stdout.write, broker=run_jobs)
        except ServiceUnavailable as exc:
            raise CommandError(str(exc)) from exc
        call_command("migrate", interactive=False, verbosity=0)
        if run_jobs:
            self._refuse_second_scheduler()
        try:
            data_key_check()
        except DataKeyMismatch as exc:
            raise CommandError(str(exc)) from exc
        self._prepare(load_demo=not options["no_demo"])
        self._failure = ""
        self._stopping = threading.Event()
        children = Children()
        self._catch_stop_signals()
        try:
            if run_jobs:
                self._start_jobs(children)
            self._serve(options["host"], options["port"], options["threads"])
        except SystemExit:
            pass
        finally:
            self._stopping.set()
            for sig in STOP_SIGNALS:  # a second signal must not cut the stop short
                signal.signal(sig, signal.SIG_IGN)
            if children.running:
                self.stdout.write("正在停止后台任务进程……")
            for name in children.stop(settings.STOP_TIMEOUT):
                self.stderr.write(
                    f"{name}未在{settings.STOP_TIMEOUT}秒内结束，已强制停止；中断的任务将在下次运行时补做。"
                )
        if self._failure:
            raise CommandError(self._failure)
        self.stdout.write("智慧党建平台已停止。")

    def _prepare(self, *, load_demo: bool) -> None:
        if load_demo and not Organization.objects.exists():
            self.stdout.write("数据库为空，正在加载演示数据……")
            call_command("demo", if_empty=True)  # prints the demo logins itself
        else:
            self._print_logins()
        self._load_knowledge_base()

    def _refuse_second_scheduler(self) -> None:
        state = lock_state()
        if state.alive:
            raise CommandError(
                f"同一数据库上已有平台在运行（调度器：{state.holder}）：请先停止它，"
                f"或用 --no-worker 只启动网页服务。若它已崩溃，请在{settings.SCHEDULER_LOCK_TTL}秒后重试。"
            )

    def _catch_stop_signals(self) -> None:
        def stop(signum: int, frame: FrameType | None) -> None:
            # waitress ends its loop on SystemExit; outside it, handle() catches it.
            raise SystemExit(0)

        for sig in STOP_SIGNALS:
            signal.signal(sig, stop)

    def _start_jobs(self, children: Children) -> None:
        dangjian = [sys.executable, "-m", "dangjian.cli"]
        children.start(
            "后台任务进程", [*dangjian, "worker", "--concurrency", "1", "--pool", "solo"]
        )
        children.start("定时任务调度器", [*dangjian, "beat", "--no-wait"])
        threading.Thread(target=self._watch, args=(children,), daemon=True).start()

    def _watch(self, children: Children) -> None:
        """A child that ends on its own stops the platform, so a service manager restarts it
        whole rather than leaving a site whose jobs never run."""
        while (child := children.exited()) is None or self._stopping.is_set():
            if self._stopping.is_set():
                return
            time.sleep(0.5)
        self._failure = f"{child.name}意外退出（退出码 {child.process.returncode}），平台已停止。"
        signal.raise_signal(signal.SIGTERM)

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

    def _serve(self, host: str, port: int, threads: int) -> None:
        from waitress import serve

        from dangjian.wsgi import application

        self.stdout.write(
            self.style.SUCCESS(f"\n智慧党建平台已启动：http://{host}:{port}/  （Ctrl+C 停止）")
        )
        # Uploads are bounded before Django spools them to disk (nginx's client_max_body_size
        # does the same in production).
        serve(application, host=host, port=port, threads=threads, ident="dangjian",
              max_request_body_size=settings.MAX_REQUEST_BODY_MB * 1024 * 1024)  # fmt: skip
