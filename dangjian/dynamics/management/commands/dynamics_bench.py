"""``dangjian dynamics_bench``: 党员动态 at scale (PostgreSQL), the root-scope 增减台账 for last
year, the overdue-回执 list and the 停止党籍 proposals against hand-written SQL in the same run
(target: each ratio at most 3), plus any case registered in ``ledger_bench.EXTRA_CASES``.

Generates ``--organisations`` organisations and ``--members`` members with last year's history
(``dangjian.dynamics.ledger_bench``) unless ``--skip-generate``; refuses a database that already
holds organisations unless ``--force`` (which empties it first). Results go to
``bench-results/dynamics-<vendor>.json``.
"""

from __future__ import annotations

import json
import time
import unicodedata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from dangjian.demo.benchmark import TARGET_RATIO, CaseResult, run_case
from dangjian.dynamics.ledger_bench import cases, generate
from dangjian.members.models import Member
from dangjian.orgs.models import Organization


def _pad(text: str, width: int) -> str:
    """Left-align ``text`` in ``width`` terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - used, 0)


class Command(BaseCommand):
    help = (
        "党员动态基准测试（PostgreSQL）：生成党组织、党员和上一年的转接、介绍信、流动、失联、出党等"
        "记录，测量全系统党员增减台账和逾期未回执介绍信清单，与返回相同结果的手写SQL对比（目标比值≤3）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisations", type=int, default=30_000, help="党组织数")
        parser.add_argument("--members", type=int, default=1_000_000, help="党员人数")
        parser.add_argument("--repeat", type=int, default=5, help="每项交替测量的次数")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--skip-generate", action="store_true", help="使用库中已有数据")
        parser.add_argument(
            "--force", action="store_true", help="库中已有数据时先清空整个数据库再生成"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["repeat"] < 1 or options["members"] < 1 or options["organisations"] < 1:
            raise CommandError("--repeat、--members 和 --organisations 至少为1")
        if connection.vendor != "postgresql":
            raise CommandError("党员动态基准测试需要PostgreSQL（DATABASE_URL 指向专用基准库）")
        today = timezone.localdate()
        generated = None if options["skip_generate"] else self.generate(options, today)
        if not Member.objects.exists():
            raise CommandError("库中没有党员，不能使用 --skip-generate")
        results = [run_case(case, options["repeat"]) for case in cases(today)]
        self.print_table(results)
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
        generate(organisations=options["organisations"], members=options["members"],
                 seed=options["seed"], today=today, progress=echo)  # fmt: skip
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"已生成 {Organization.objects.count()} 个党组织、{Member.objects.count()} 名党员"
            f"（{seconds:.1f} 秒）"
        )
        return seconds

    def print_table(self, results: list[CaseResult]) -> None:
        self.stdout.write(f"数据库：{connection.vendor}；各项为中位数（毫秒）")
        self.stdout.write(f"{_pad('case', 44)} {'median ms':>10} {'baseline ms':>12} {'ratio':>7}")
        for r in results:
            flag = "" if r.same_result else "  结果不一致!"
            over = "  >3" if r.ratio > TARGET_RATIO else ""
            numbers = f"{r.median_ms:>10.2f} {r.baseline_ms:>12.2f} {r.ratio:>7.2f}"
            self.stdout.write(f"{_pad(r.name, 44)} {numbers}{over}{flag}")

    def write_json(
        self, results: list[CaseResult], generated: float | None, options: dict[str, Any]
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
        }
        target = folder / f"dynamics-{connection.vendor}.json"
        target.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        self.stdout.write(f"结果已写入 {target}")
