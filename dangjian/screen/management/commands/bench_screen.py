"""``dangjian bench_screen``: time the big screen's data for the root scope, today and a year
ago, against hand-written SQL giving the same figures (target: at most 3 times the SQL), and
print the screen's total server time.

Uses the data of the database configured by ``DATABASE_URL`` when it holds organisations;
into an empty one it first generates the demo enterprise at ``--members``/``--organisations``
(the bulk loader above 20,000 members). Meant for a benchmark database.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from dangjian.demo import load_demo
from dangjian.demo.benchmark import benchmark_user
from dangjian.orgs.models import Organization
from dangjian.rules.dates import add_years
from dangjian.screen.bench import run
from dangjian.screen.frames import Frame

TARGET_RATIO = 3.0


class Command(BaseCommand):
    help = "测量党建一张屏（根组织，今天和一年前）的数据耗时，与手写SQL对比（目标比值≤3）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=1_000_000)
        parser.add_argument("--organisations", type=int, default=30_000)
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args: Any, **options: Any) -> None:
        if not Organization.objects.exists():
            started = time.perf_counter()
            load_demo(members=options["members"], organisations=options["organisations"],
                      seed=options["seed"])  # fmt: skip
            self.stdout.write(f"已生成演示数据，用时{time.perf_counter() - started:.1f}秒")
        root = Organization.objects.filter(depth=1).order_by("path").first()
        if root is None:
            raise CommandError("数据库中没有党组织")
        user, today = benchmark_user(), timezone.localdate()
        total_ms, agree = 0.0, True
        for label, on in (("今天", today), ("一年前", add_years(today, -1))):
            ours, hand, same = run(Frame(user, root, on), options["repeat"])
            total_ms += ours.ms
            agree = agree and same
            ratio = ours.ms / hand.ms if hand.ms else float("inf")
            self.stdout.write(
                f"{connection.vendor}: 一张屏（{root.name}，{label} {on}，党员{ours.figures[('total', '')]}人）"
                f" 平台 {ours.ms:.1f} ms（整屏），手写SQL {hand.ms:.1f} ms（党员、组织、趋势），"
                f"比值 {ratio:.2f}（目标≤{TARGET_RATIO:g}），结果{'一致' if same else '不一致'}"
            )
            for key in sorted(set(ours.figures) | set(hand.figures)):
                if ours.figures.get(key) != hand.figures.get(key):
                    self.stderr.write(
                        f"{key}: 平台 {ours.figures.get(key)}，手写SQL {hand.figures.get(key)}"
                    )
        self.stdout.write(f"一张屏服务器总耗时（两个日期）：{total_ms:.1f} ms")
        if not agree:
            raise CommandError("平台结果与手写SQL结果不一致")
