"""The daily reminder scan as a scheduled job: thin, recorded with ``job_run``, safe to run twice.

Registered from ``NotificationsConfig.ready`` (Celery's discovery reads ``tasks`` modules only;
this one sits apart because the scan sends through the service, which queues those tasks)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from dangjian.jobs.runs import SCHEDULED, job_run
from dangjian.jobs.schedule import job_period
from dangjian.notifications.scan import reminder_scan as scan

REMINDER_SCAN = "notifications.reminder_scan"


@shared_task(name=REMINDER_SCAN)
def reminder_scan(triggered_by: str = SCHEDULED, period: str = "", force: bool = False) -> int:
    """The reminder scan of today's due items (a missed day is caught up by one scan of today:
    what was due then is still due, or done). A second run for the same day is skipped; a
    manual one (``force``) scans again and finds every reminder sent (the deliveries' keys), so
    a rerun after a crash sends only what the crash left unsent. Returns the run's id."""
    today = timezone.localdate()
    period = period or job_period(REMINDER_SCAN)
    with job_run(REMINDER_SCAN, period=period, triggered_by=triggered_by, force=force) as run:
        if run.already_done:
            return run.run.pk
        counts = scan(today)
        run.counts = {"created": counts.created, "skipped": counts.skipped,
                      "failed": len(counts.errors)}  # fmt: skip
        for error in counts.errors:  # "username: what went wrong"
            user, _, message = error.partition(": ")
            run.error(f"用户 {user}", message)
        run.detail = f"{today.isoformat()}：扫描{counts.people}人"
    return run.run.pk
