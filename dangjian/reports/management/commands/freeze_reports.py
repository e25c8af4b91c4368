"""``dangjian freeze_reports``: freeze the statistics of a day (default: the last month end,
which in January is 12-31) for every top-level organisation, or one given by its code."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from dangjian.core.errors import InvalidInput
from dangjian.orgs.models import Organization
from dangjian.reports.snapshots import freeze_roots, month_end_before, snapshot_freeze


class Command(BaseCommand):
    help = "冻结统计数据（党内统计年报各表）：默认为上一个月末（1月运行时即上年12月31日）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="统计日期，格式YYYY-MM-DD；默认上一个月末")
        parser.add_argument("--organization", help="党组织代码；默认所有顶层党组织")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        on = self._day(options["date"], today)
        try:
            if options["organization"]:
                org = Organization.objects.filter(code=options["organization"]).first()
                if org is None:
                    raise CommandError(f"未找到组织代码为“{options['organization']}”的党组织")
                frozen = [snapshot_freeze(actor=None, organization_id=org.pk, on=on, today=today)]
            else:
                frozen = freeze_roots(on=on, today=today)
        except InvalidInput as exc:
            raise CommandError("；".join(m for ms in exc.errors.values() for m in ms)) from None
        for snapshot in frozen:
            self.stdout.write(
                f"已冻结：{snapshot.organization.name} 截至 {snapshot.on.isoformat()}"
            )

    @staticmethod
    def _day(text: str | None, today: date) -> date:
        if not text:
            return month_end_before(today)
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"--date 格式不正确：“{text}”，应为YYYY-MM-DD") from None
