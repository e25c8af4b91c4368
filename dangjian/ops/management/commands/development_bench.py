"""``dangjian development_bench``: 发展党员 at scale, the inspection list and a branch's pipeline
against hand-written SQL in the same run (target: each ratio at most 3).

Generates ``--organisations`` organisations and ``--people`` persons in the process straight
into the tables (``dangjian.demo.development_bench``) unless ``--skip-generate``; refuses a
database that already holds organisations unless ``--force`` (which empties it first). Results
go to ``bench-results/development-<vendor>.json``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from dangjian.demo.benchmark import TARGET_RATIO, CaseResult, run_case
from dangjian.demo.development_bench import cases, explain, generate
from dangjian.development.models import Applicant, DevelopmentDue
from dangjian.ops.management.commands.bench import _pad
from dangjian.orgs.models import Organization


class Command(BaseCommand):
    help = (
        "发展党员基准测试：生成党组织和发展党员对象，测量全系统超期事项首页和一个党支部发展党员"
        "工作台的耗时，与返回相同结果的手写SQL对比（目标比值≤3）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisations", type=int, default=30_000, help="党组织数")
        parser.add_argument("--people", type=int, default=200_000, help="发展党员对象人数")
        parser.add_argument("--repeat", type=int, default=9, help="每项交替测量的次数")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--skip-generate", action="store_true", help="使用库中已有数据")
        parser.add_argument(
            "--explain", action="store_true", help="另外打印各项查询和基线SQL的执行计划"
        )
        parser.add_argument(
            "--force", action="store_true", help="库中已有数据时先清空整个数据库再生成"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["repeat"] < 1 or options["people"] < 1 or options["organisations"] < 1:
            raise CommandError("--repeat、--people 和 --organisations 至少为1")
        today = timezone.localdate()
        generated = None if options["skip_generate"] else self.generate(options, today)
        if not Applicant.objects.exists():
            raise CommandError("库中没有发展党员对象，不能使用 --skip-generate")
        results = [run_case(case, options["repeat"]) for case in cases(today)]
        self.print_table(results)
        if options["explain"]:
            for case in cases(today):
                self.stdout.write(f"== {case.name} ==")
                self.stdout.write(explain(case))
        self.write_json(results, generated, options)

    def generate(self, options: dict[str, Any], today: Any) -> float:
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
        generate(organisations=options["organisations"], people=options["people"],
                 seed=options["seed"], today=today, progress=echo)  # fmt: skip
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"已生成 {Organization.objects.count()} 个党组织、{Applicant.objects.count()} 名发展党员对象、"
            f"{DevelopmentDue.objects.count()} 项未完成期限（{connection.vendor}，{seconds:.1f} 秒）"
        )
        return seconds

    def print_table(self, results: list[CaseResult]) -> None:
        self.stdout.write(f"数据库：{connection.vendor}；各项为中位数（毫秒）")
        self.stdout.write(f"{_pad('case', 52)} {'median ms':>10} {'baseline ms':>12} {'ratio':>7}")
        for r in results:
            flag = "" if r.same_result else "  结果不一致!"
            over = "  >3" if r.ratio > TARGET_RATIO else ""
            numbers = f"{r.median_ms:>10.2f} {r.baseline_ms:>12.2f} {r.ratio:>7.2f}"
            self.stdout.write(f"{_pad(r.name, 52)} {numbers}{over}{flag}")

    def write_json(
        self, results: list[CaseResult], generated: float | None, options: dict[str, Any]
    ) -> None:
        folder = Path(settings.REPO_DIR) / "bench-results"
        folder.mkdir(exist_ok=True)
        payload = {
            "vendor": connection.vendor,
            "at": timezone.now().isoformat(),
            "organisations": Organization.objects.count(),
            "people": Applicant.objects.count(),
            "repeat": options["repeat"],
            "generate_seconds": generated,
            "target_ratio": TARGET_RATIO,
            "cases": [r.as_dict() for r in results],
        }
        target = folder / f"development-{connection.vendor}.json"
        target.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        self.stdout.write(f"结果已写入 {target}")
