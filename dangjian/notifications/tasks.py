"""Jobs of notifications. Thin: record the run where it is a scheduled job, call the service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from dangjian.jobs.runs import job_run
from dangjian.notifications.delivery import deliveries_send
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


@shared_task(name="notifications.deliver_notice")
def deliver_notice(notice_id: int) -> int:
    """Send one message's waiting deliveries now (enqueued after the message commits)."""
    return deliveries_send(notice_id=notice_id).sent


@shared_task(name="notifications.deliver_due")
def deliver_due() -> int:
    """The sweep: every delivery whose time has come (after quiet hours, after a back-off)."""
    return deliveries_send().sent
