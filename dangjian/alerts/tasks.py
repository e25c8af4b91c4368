"""The daily alert scan as a scheduled job. Thin: record the run, call the service; safe to
run twice (the second run of a day finds every alert already seen that day)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from dangjian.alerts.services import scan_alerts
from dangjian.jobs.runs import SCHEDULED, job_run
from dangjian.jobs.schedule import job_period

SCAN_DAILY = "alerts.scan_daily"


@shared_task(name=SCAN_DAILY)
def scan_daily(triggered_by: str = SCHEDULED, period: str = "", force: bool = False) -> int:
    """Scan today's alerts (a missed day is caught up by one scan of today: a cause of that day
    is still there, or gone). Returns the run's id."""
    today = timezone.localdate()
    period = period or job_period(SCAN_DAILY)
    with job_run(SCAN_DAILY, period=period, triggered_by=triggered_by, force=force) as run:
        if run.already_done:
            return run.run.pk
        counts = scan_alerts(on=today)
        run.counts = {"created": counts.created, "updated": counts.updated,
                      "resolved": counts.resolved, "scored": counts.scored}  # fmt: skip
        run.detail = (f"{today.isoformat()}：新发现预警{counts.created}条，解除{counts.resolved}条，"
                      f"计算{counts.scored}个党支部的健康分")  # fmt: skip
    return run.run.pk
