"""``dangjian elections_bench``: 班子与换届 at scale, the root-scope term list with due dates
against hand-written SQL in the same run (target: each ratio at most 3).

Generates ``--organisations`` organisations with three terms of committee history each
(``dangjian.elections.bench``) unless ``--skip-generate``; refuses a database that already holds
organisations unless ``--force`` (which empties it first). Results go to
``bench-results/elections-<vendor>.json``.
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
from dangjian.elections.bench import cases, generate
from dangjian.elections.models import CommitteeTerm
from dangjian.orgs.models import Organization


class Command(BaseCommand):
    help = (
        "班子与换届基准测试：生成党组织及其历届班子，测量全系统任期表（含届满日期、逾期在前）"
        "与返回相同结果的手写SQL的耗时比（目标≤3）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisations", type=int, default=30_000, help="党组织数")
        parser.add_argument("--repeat", type=int, default=9, help="每项交替测量的次数")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--skip-generate", action="store_true", help="使用库中已有数据")
        parser.add_argument(
            "--force", action="store_true", help="库中已有数据时先清空整个数据库再生成"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["repeat"] < 1 or options["organisations"] < 1:
            raise CommandError("--repeat 和 --organisations 至少为1")
        today = timezone.localdate()
        generated = None if options["skip_generate"] else self.generate(options, today)
        if not CommitteeTerm.objects.exists():
            raise CommandError("库中没有班子届次记录，不能使用 --skip-generate")
        results = [run_case(case, options["repeat"]) for case in cases(today)]
        self.stdout.write(f"数据库：{connection.vendor}；各项为中位数（毫秒）")
        for r in results:
            flag = "" if r.same_result else "  结果不一致!"
            over = "  >3" if r.ratio > TARGET_RATIO else ""
            self.stdout.write(f"{r.name}：{r.median_ms:.2f} / 手写SQL {r.baseline_ms:.2f}，"
                              f"比值 {r.ratio:.2f}{over}{flag}")  # fmt: skip
        self.write_json(results, generated, options)
        if not all(r.same_result for r in results):
            raise CommandError("选择器与手写SQL的结果不一致")

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
        echo = self.stderr.write if options["verbosity"] >= 2 else (lambda line: None)
        terms = generate(organisations=options["organisations"], seed=options["seed"],
                         today=today, progress=echo)  # fmt: skip
        seconds = time.perf_counter() - started
        self.stdout.write(f"已生成 {Organization.objects.count()} 个党组织、{terms} 条届次记录"
                          f"（{connection.vendor}，{seconds:.1f} 秒）")  # fmt: skip
        return seconds

    def write_json(self, results: list[CaseResult], generated: float | None,
                   options: dict[str, Any]) -> None:  # fmt: skip
        folder = Path(settings.REPO_DIR) / "bench-results"
        folder.mkdir(exist_ok=True)
        payload = {
            "vendor": connection.vendor, "at": timezone.now().isoformat(),
            "organisations": Organization.objects.count(), "terms": CommitteeTerm.objects.count(),
            "repeat": options["repeat"], "generate_seconds": generated,
            "target_ratio": TARGET_RATIO, "cases": [r.as_dict() for r in results],
        }  # fmt: skip
        target = folder / f"elections-{connection.vendor}.json"
        target.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        self.stdout.write(f"结果已写入 {target}")
