"""``dangjian bench_deadlines``: the daily deadline scan at scale (PostgreSQL): what the scan finds
for every scanned person, category by category, against hand-written SQL finding the same items
in the same run (target: each ratio at most 3), then one whole scan's time per category.

Generates ``--organisations`` organisations and ``--members`` members with last year's history
(``dangjian.dynamics.ledger_bench``) and the scan's people
(``dangjian.notifications.deadline_bench``) unless ``--skip-generate``; refuses a database that
already holds organisations unless ``--force`` (which empties it first). Results go to
``bench-results/deadlines-<vendor>.json``.
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from dangjian.demo.benchmark import TARGET_RATIO, CaseResult, run_case
from dangjian.dynamics.ledger_bench import generate
from dangjian.members.models import Member
from dangjian.notifications import deadline_bench
from dangjian.orgs.models import Organization


class Command(BaseCommand):
    help = (
        "每日到期提醒扫描基准测试（PostgreSQL）：生成党组织、党员和上一年的动态记录，按类别测量扫描"
        "为每位管理者找出的到期事项，与找出相同事项的手写SQL对比（目标比值≤3）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisations", type=int, default=30_000, help="党组织数")
        parser.add_argument("--members", type=int, default=1_000_000, help="党员人数")
        parser.add_argument("--secretaries", type=int, default=300, help="参与扫描的支部书记人数")
        parser.add_argument("--repeat", type=int, default=3, help="每项交替测量的次数")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--skip-generate", action="store_true", help="使用库中已有数据")
        parser.add_argument(
            "--no-whole-scan", action="store_true", help="不测量一次完整扫描各类别的用时"
        )
        parser.add_argument(
            "--force", action="store_true", help="库中已有数据时先清空整个数据库再生成"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        numbers = ("repeat", "members", "organisations", "secretaries")
        if any(options[name] < 1 for name in numbers):
            raise CommandError("--repeat、--members、--organisations 和 --secretaries 至少为1")
        if connection.vendor != "postgresql":
            raise CommandError("到期提醒扫描基准测试需要PostgreSQL（DATABASE_URL 指向专用基准库）")
        today = timezone.localdate()
        generated = None if options["skip_generate"] else self.generate(options, today)
        if not Member.objects.exists():
            raise CommandError("库中没有党员，不能使用 --skip-generate")
        results = [run_case(case, options["repeat"]) for case in deadline_bench.cases(today)]
        self.print_table(results)
        whole: dict[str, float] = {}
        if not options["no_whole_scan"]:
            self.stdout.write("一次完整扫描（全部类别，不发送），各类别用时：")
            whole = deadline_bench.whole_scan(today, self.stdout.write)
            self.stdout.write(f"  合计 {sum(whole.values()):.2f} 秒")
        self.write_json(results, whole, generated, options)

    def generate(self, options: dict[str, Any], today: date) -> float:
        call_command("migrate", verbosity=0, interactive=False)
        if Organization.objects.exists():
            if not options["force"]:
                raise CommandError(
                    "目标数据库中已有党组织。基准测试只生成到空的专用数据库：请用 DATABASE_URL "
                    "指定基准库，或加 --force 清空该库（会删除库中全部数据）。"
                )
            if settings.PRODUCTION:
                raise CommandError("生产模式下不允许 --force 清空数据库")
            call_command("flush", interactive=False, verbosity=0)
        started = time.perf_counter()
        echo = self.stderr.write if options["verbosity"] >= 1 else (lambda line: None)
        generate(organisations=options["organisations"], members=options["members"],
                 seed=options["seed"], today=today, progress=echo)  # fmt: skip
        people = deadline_bench.add_people(options["secretaries"])
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"已生成 {Organization.objects.count()} 个党组织、{Member.objects.count()} 名党员，"
            f"扫描 {people} 人（{seconds:.1f} 秒）"
        )
        return seconds

    def print_table(self, results: list[CaseResult]) -> None:
        self.stdout.write(f"数据库：{connection.vendor}；各项为中位数（毫秒）")
        for r in results:
            flag = "" if r.same_result else "  结果不一致!"
            over = "  >3" if r.ratio > TARGET_RATIO else ""
            self.stdout.write(f"{r.name}: {r.median_ms:.1f} / {r.baseline_ms:.1f} = "
                              f"{r.ratio:.2f}{over}{flag}")  # fmt: skip

    def write_json(
        self,
        results: list[CaseResult],
        whole: dict[str, float],
        generated: float | None,
        options: dict[str, Any],
    ) -> None:
        folder = Path(settings.REPO_DIR) / "bench-results"
        folder.mkdir(exist_ok=True)
        payload = {
            "vendor": connection.vendor,
            "at": timezone.now().isoformat(),
            "organisations": Organization.objects.count(),
            "members": Member.objects.count(),
            "repeat": options["repeat"],
            "generate_seconds": generated,
            "target_ratio": TARGET_RATIO,
            "cases": [r.as_dict() for r in results],
            "whole_scan_seconds": whole,
        }
        target = folder / f"deadlines-{connection.vendor}.json"
        target.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        self.stdout.write(f"结果已写入 {target}")
