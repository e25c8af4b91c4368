"""The statistics snapshot job. Thin: record the run, call the service; safe to run twice."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.utils import timezone

from dangjian.jobs.runs import SCHEDULED, job_run
from dangjian.jobs.schedule import job_period
from dangjian.reports.snapshots import freeze_roots, month_end_before

FREEZE_MONTH_END = "reports.freeze_month_end"


@shared_task(name=FREEZE_MONTH_END)
def freeze_month_end(triggered_by: str = SCHEDULED, period: str = "", force: bool = False) -> int:
    """Freeze the figures of the month end before the month ``period`` ("2026-12"; the current
    month by default: in January that is 12-31, the annual tables' day) for every top-level
    organisation. A second run of the month changes nothing. Returns the run's id."""
    period = period or job_period(FREEZE_MONTH_END)
    on = month_end_before(date.fromisoformat(f"{period}-01"))
    with job_run(FREEZE_MONTH_END, period=period, triggered_by=triggered_by, force=force) as run:
        if run.already_done:
            return run.run.pk
        frozen = freeze_roots(on=on, today=timezone.localdate())
        run.counts = {"frozen": len(frozen)}
        run.detail = f"冻结截至{on.isoformat()}的统计数据：{len(frozen)}个党组织"
    return run.run.pk
