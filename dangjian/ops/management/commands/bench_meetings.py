"""``dangjian bench_meetings``: generate organisations, members and two years of meetings with bulk
inserts, then time the compliance matrix (root scope and one 党委, one year) against hand-written
SQL giving the same cells. Refuses a database that already holds organisations unless
``--force`` (which deletes the meetings, members and organisations first)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from dangjian.meetings import bench
from dangjian.meetings.models import Meeting
from dangjian.members.models import Member
from dangjian.orgs.models import Organization

TARGET_RATIO = 3.0


class Command(BaseCommand):
    help = "生成组织、党员和两年的会议数据，测量组织生活落实情况矩阵（全局、单个党委）与手写SQL的耗时比（目标≤3）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisations", type=int, default=30_000)
        parser.add_argument("--members", type=int, default=1_000_000)
        parser.add_argument("--committees", type=int, default=30, help="二级党委个数")
        parser.add_argument("--year", type=int, default=0, help="统计年度（默认去年）")
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--attendance", choices=["first", "all", "none"], default="first",
                            help="出席记录：只为第一个二级党委（默认）、全部或不生成")  # fmt: skip
        parser.add_argument("--skip-generate", action="store_true", help="使用库中已有数据")
        parser.add_argument("--force", action="store_true", help="库中已有组织时先清空再生成")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["repeat"] < 1 or options["organisations"] < 6 or options["members"] < 1:
            raise CommandError("--repeat 至少为1，--organisations 至少为6，--members 至少为1")
        today = timezone.localdate()
        year = options["year"] or today.year - 1
        if not options["skip_generate"]:
            self._generate(options, year)
        root = Organization.objects.filter(code="MB-ROOT").first()
        if root is None:
            raise CommandError("库中没有基准数据，请去掉 --skip-generate 重新生成")
        committee = (
            Organization.objects.filter(depth=2, path__startswith=root.path)
            .order_by("path")
            .first()
        )
        assert committee is not None
        self.stdout.write(
            f"数据库：{connection.vendor}；年度：{year}；重复{options['repeat']}次取中位数"
        )
        failed = False
        for name, scope in (("全局（根党委）", root), (f"单个党委（{committee.name}）", committee)):
            result = bench.run_case(name, scope, year, today, options["repeat"])
            same = "一致" if result.same else "不一致"
            self.stdout.write(
                f"{name}：{result.cells}格，选择器{result.median * 1000:.0f}毫秒，"
                f"手写SQL{result.baseline_median * 1000:.0f}毫秒，比值{result.ratio:.2f}（目标≤{TARGET_RATIO:g}），结果{same}"
            )
            failed |= not result.same
        if failed:
            raise CommandError("选择器与手写SQL的结果不一致")

    def _generate(self, options: dict[str, Any], year: int) -> None:
        if Organization.objects.exists():
            if not options["force"]:
                raise CommandError(
                    "库中已有党组织；使用 --force 清空后生成，或 --skip-generate 使用现有数据"
                )
            with transaction.atomic():
                Meeting.objects.all().delete()
                Member.objects.all().delete()
                Organization.objects.all().delete()
        shape = bench.create_data(
            organisations=options["organisations"], members=options["members"],
            committees=options["committees"], years=(year - 1, year), seed=options["seed"],
            attendance=options["attendance"], out=self.stdout.write,
        )  # fmt: skip
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"已生成：{shape.organisations}个党组织、{shape.members}名党员、{shape.meetings}次会议、"
            f"{shape.attendance}条出席记录（{date.today():%Y-%m-%d}）"
        )
