"""dangjian dues_bench --members N: ledger generation for one month against an INSERT ... SELECT."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangjian.dues import bench
from dangjian.members.models import Member


class Command(BaseCommand):
    help = "党费台账生成基准测试：生成一个月台账的中位耗时与手写INSERT ... SELECT基线之比（目标≤3）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=1_000_000, help="党员人数")
        parser.add_argument("--runs", type=int, default=3, help="每种方式运行的轮数")
        parser.add_argument(
            "--force", action="store_true", help="数据库非空时仍然运行（会写入测试数据）"
        )
        parser.add_argument("--reuse", action="store_true", help="使用库中已有的基准数据，不再生成")

    def handle(self, *args: Any, **options: Any) -> None:
        members = options["members"]
        if members < 1:
            raise CommandError("--members 应为正整数")
        has_data = Member.objects.exists()
        if has_data and not (options["force"] or options["reuse"]):
            raise CommandError(
                "数据库中已有党员数据：请使用空数据库，或加 --force（会写入测试数据）"
            )
        if not options["reuse"]:
            bench.create_data(members, self.stdout.write)
        result = bench.run(Member.objects.count(), options["runs"], self.stdout.write)
        self._report(result)

    def _report(self, result: bench.BenchResult) -> None:
        self.stdout.write(
            f"{result.vendor}：{result.members}名党员；生成中位数{result.median:.2f}秒，"
            f"基线中位数{result.baseline_median:.2f}秒，比值{result.ratio:.2f}（目标≤3）；"
            f"不同（类别，基数）组合{result.distinct_pairs}个"
        )
        folder = Path(settings.REPO_DIR) / "bench-results"
        folder.mkdir(exist_ok=True)
        data = {**asdict(result), "ratio": round(result.ratio, 3)}
        path = folder / f"dues-{result.vendor}.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        self.stdout.write(f"结果已写入 {path}")
