"""``dangjian bench_screen``: time the big screen's data for the root scope, today and a year
ago, against hand-written SQL giving the same figures (target: at most 3 times the SQL), and
print the screen's total server time.

Uses the data of the database configured by ``DATABASE_URL`` when it holds organisations;
into an empty one it first generates the demo enterprise at ``--members``/``--organisations``
(the bulk loader above 20,000 members). On PostgreSQL, where the database holds no meetings and
no dues ledger yet, it then writes two years of workflow history (``screen.bench_history``:
terms, meetings, the ledger, people in the process, and a 智能研判 scan unless ``--no-scan``);
``--no-history`` leaves the workflow tables as they are. Meant for a benchmark database.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from dangjian.demo import load_demo
from dangjian.demo.benchmark import benchmark_user
from dangjian.development.models import Applicant
from dangjian.dues.models import LedgerEntry
from dangjian.elections.models import CommitteeTerm
from dangjian.meetings.models import Meeting
from dangjian.orgs.models import Organization
from dangjian.rules.dates import add_years
from dangjian.screen.bench import panel_times, run
from dangjian.screen.bench_history import generate as generate_history
from dangjian.screen.frames import Frame

TARGET_RATIO = 3.0


class Command(BaseCommand):
    help = "测量党建一张屏（根组织，今天和一年前）的数据耗时，与手写SQL对比（目标比值≤3）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=1_000_000)
        parser.add_argument("--organisations", type=int, default=30_000)
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--no-history", action="store_true", help="不生成业务历史数据")
        parser.add_argument("--no-scan", action="store_true", help="生成历史数据时不运行预警扫描")

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
        if not options["no_history"]:
            self._history(today, options["seed"], scan=not options["no_scan"])
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
        for label, on in (("今天", today), ("一年前", add_years(today, -1))):
            parts = "，".join(f"{name} {ms:.0f}" for name, ms in panel_times(Frame(user, root, on)))
            self.stdout.write(f"各部分耗时（{label}，一次，ms）：{parts}")
        if not agree:
            raise CommandError("平台结果与手写SQL结果不一致")

    def _history(self, today: date, seed: int, *, scan: bool) -> None:
        """Two years of workflow history, where the database has none yet (PostgreSQL)."""
        present = [label for label, model in (("班子届次", CommitteeTerm), ("会议", Meeting),
                   ("党费台账", LedgerEntry), ("发展党员", Applicant)) if model.objects.exists()]  # fmt: skip
        if len(present) == 4:
            self.stdout.write("数据库已有业务历史数据：不再生成")
            return
        if present:  # a generation stopped halfway: adding to it would repeat or mix parts
            raise CommandError(
                f"数据库只有部分业务历史数据（{'、'.join(present)}），请换一个空数据库重新运行"
            )
        if connection.vendor != "postgresql":
            self.stdout.write("业务历史数据的生成需要PostgreSQL：本次只有党员档案的历史")
            return
        self.stdout.write("生成两年业务历史数据：")
        started = time.perf_counter()
        generate_history(today=today, seed=seed, scan=scan, progress=self.stdout.write)
        self.stdout.write(f"业务历史数据已生成，用时{time.perf_counter() - started:.1f}秒")
