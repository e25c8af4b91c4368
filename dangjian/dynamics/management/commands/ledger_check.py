"""``dangjian ledger_check``: every organisation's 党员增减台账 of last year and of this year
so far must reconcile and join (STAT-6); each fault is printed and the command fails."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dangjian.dynamics.ledger_check import ledger_faults


class Command(BaseCommand):
    help = (
        "核对每个党组织上一年和本年至今的党员增减台账：期初＋增加－减少＝期末，上年期末＝本年期初。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        faults = ledger_faults(timezone.localdate())
        for fault in faults:
            self.stdout.write(
                f"{fault.organization_name}（#{fault.organization_id}）：{fault.text}"
            )
        if faults:
            raise CommandError(f"{len(faults)}处党员增减台账不相符")
        self.stdout.write("全部党组织的党员增减台账相符")
