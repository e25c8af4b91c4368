"""The statistics snapshot job. Thin: record the run, call the service; safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from dangjian.jobs.runs import job_run
from dangjian.reports.snapshots import freeze_roots, month_end_before

FREEZE_MONTH_END = "reports.freeze_month_end"


@shared_task(name=FREEZE_MONTH_END)
def freeze_month_end(triggered_by: str = "定时") -> int:
    """Freeze the figures of the last month end (in January that is 12-31, the annual
    tables' day) for every top-level organisation. Returns the run's id."""
    on = month_end_before(timezone.localdate())
    with job_run(FREEZE_MONTH_END, period=on.isoformat(), triggered_by=triggered_by) as run:
        if run.already_done:
            return run.run.pk
        frozen = freeze_roots(on=on, today=timezone.localdate())
        run.counts = {"frozen": len(frozen)}
        run.detail = f"冻结截至{on.isoformat()}的统计数据：{len(frozen)}个党组织"
    return run.run.pk
