"""``dangjian bench_reports``: the annual tables (党内统计年报) for the root scope against
hand-written SQL giving the same figures in the same run (target: each ratio at most 3), and the
whole report's time. PostgreSQL; generates a small history by default (``--members``,
``--organisations``) unless ``--skip-generate``; refuses a database with organisations unless
``--force`` (which empties it first)."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from dangjian.demo.benchmark import TARGET_RATIO, run_case
from dangjian.dynamics.ledger_bench import generate
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.reports.bench import cases
from dangjian.reports.tables import report_of


class Command(BaseCommand):
    help = "党内统计年报基准测试（PostgreSQL）：全系统年报各表与返回相同数字的手写SQL对比（目标比值≤3）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisations", type=int, default=300, help="党组织数")
        parser.add_argument("--members", type=int, default=10_000, help="党员人数")
        parser.add_argument("--repeat", type=int, default=5, help="每项交替测量的次数")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--skip-generate", action="store_true", help="使用库中已有数据")
        parser.add_argument("--force", action="store_true", help="库中已有数据时先清空整个数据库")

    def handle(self, *args: Any, **options: Any) -> None:
        if min(options["repeat"], options["members"], options["organisations"]) < 1:
            raise CommandError("--repeat、--members 和 --organisations 至少为1")
        if connection.vendor != "postgresql":
            raise CommandError("党内统计年报基准测试需要PostgreSQL（DATABASE_URL 指向专用基准库）")
        today = timezone.localdate()
        if not options["skip_generate"]:
            self._generate(options, today)
        if not Member.objects.exists():
            raise CommandError("库中没有党员，不能使用 --skip-generate")
        self.stdout.write(f"数据库：{connection.vendor}；{Organization.objects.count()} 个党组织，"
                          f"{Member.objects.count()} 名党员；各项为中位数（毫秒）")  # fmt: skip
        for result in (run_case(case, options["repeat"]) for case in cases(today)):
            flag = "" if result.same_result else "  结果不一致!"
            over = "  >3" if result.ratio > TARGET_RATIO else ""
            self.stdout.write(f"{result.name}: {result.median_ms:.1f} / {result.baseline_ms:.1f}"
                              f" = {result.ratio:.2f}{over}{flag}")  # fmt: skip
        root = Organization.objects.filter(depth=1).order_by("path").first()
        assert root is not None
        started = time.perf_counter()
        report_of(root, date(today.year - 1, 12, 31))
        whole = (time.perf_counter() - started) * 1000
        self.stdout.write(f"全系统年报全部各表（一次计算）：{whole:.1f} 毫秒")

    def _generate(self, options: dict[str, Any], today: date) -> None:
        call_command("migrate", verbosity=0, interactive=False)
        if Organization.objects.exists():
            if not options["force"]:
                raise CommandError(
                    "目标数据库中已有党组织：请用 DATABASE_URL 指定基准库，或加 --force 清空该库"
                )
            if settings.PRODUCTION:
                raise CommandError("生产模式下不允许 --force 清空数据库")
            call_command("flush", interactive=False, verbosity=0)
        generate(organisations=options["organisations"], members=options["members"],
                 seed=options["seed"], today=today)  # fmt: skip
