"""dangjian notify_bench: a notice's fan-out to members' inboxes against one bulk INSERT of the
same rows, and webhook delivery against a bare HTTP client loop (dangjian.notifications.bench)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangjian.members.models import Member
from dangjian.notifications import bench
from dangjian.orgs.models import Organization


class Command(BaseCommand):
    help = "消息提醒基准测试：通知分发到党员站内消息（对比批量INSERT，目标≤3）、群机器人投递（对比裸HTTP循环，目标≤2）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=100_000, help="接收通知的党员人数")
        parser.add_argument("--messages", type=int, default=1000, help="群机器人消息条数")
        parser.add_argument("--runs", type=int, default=3, help="每种方式运行的轮数")
        parser.add_argument(
            "--force", action="store_true", help="数据库非空时仍然运行（会写入测试数据）"
        )
        parser.add_argument("--reuse", action="store_true", help="使用库中已有的基准数据，不再生成")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["members"] < 1 or options["messages"] < 1 or options["runs"] < 1:
            raise CommandError("--members、--messages、--runs 应为正整数")
        if Member.objects.exists() and not (options["force"] or options["reuse"]):
            raise CommandError(
                "数据库中已有党员数据：请使用空数据库，或加 --force（会写入测试数据）"
            )
        if not options["reuse"]:
            from dangjian.dues.bench import create_data

            create_data(options["members"], self.stdout.write)
        linked = bench.link_users(self.stdout.write)
        root = Organization.objects.filter(depth=1).order_by("path").first()
        if root is None:
            raise CommandError("没有党组织：请先生成数据")
        results = [
            bench.fan_out(root, options["runs"], self.stdout.write),
            bench.webhook(root, options["messages"], options["runs"], self.stdout.write),
        ]
        self._report(results, linked)

    def _report(self, results: list[bench.Ratio], linked: int) -> None:
        from django.db import connection

        for r, target in zip(results, (3, 2), strict=True):
            self.stdout.write(f"{r.name}：{r.rows}行，中位{r.median:.3f}秒，基线中位{r.baseline_median:.3f}秒，"
                              f"比值{r.ratio:.2f}（目标≤{target}）")  # fmt: skip
        folder = Path(settings.REPO_DIR) / "bench-results"
        folder.mkdir(exist_ok=True)
        path = folder / f"notifications-{connection.vendor}.json"
        data = {"members_with_login": linked, "results": [
            {"name": r.name, "rows": r.rows, "median": r.median, "baseline_median": r.baseline_median,
             "ratio": round(r.ratio, 3), "times": r.times, "baseline_times": r.baseline_times}
            for r in results]}  # fmt: skip
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        self.stdout.write(f"结果已写入 {path}")
