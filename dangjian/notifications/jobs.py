"""The daily reminder scan as a scheduled job: thin, recorded with ``job_run``, safe to run twice.

Registered from ``NotificationsConfig.ready`` (Celery's discovery reads ``tasks`` modules only;
this one sits apart because the scan sends through the service, which queues those tasks)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from dangjian.jobs.runs import job_run
from dangjian.notifications.scan import reminder_scan as scan

REMINDER_SCAN = "notifications.reminder_scan"


@shared_task(name=REMINDER_SCAN)
def reminder_scan(triggered_by: str = "定时") -> int:
    """The daily reminder scan for today. A second run the same day finds every reminder sent
    (the deliveries' keys) and writes nothing; it is recorded like the first. Returns the run's id."""
    today = timezone.localdate()
    with job_run(REMINDER_SCAN, period="", triggered_by=triggered_by) as run:
        counts = scan(today)
        run.counts = {
            "created": counts.created,
            "skipped": counts.skipped,
            "failed": len(counts.errors),
        }
        run.detail = f"{today.isoformat()}：扫描{counts.people}人" + (
            "；出错：" + "；".join(counts.errors[:3]) if counts.errors else ""
        )
    return run.run.pk
