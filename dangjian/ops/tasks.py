"""Jobs of operations. Thin: record the run, call the service; safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from dangjian.jobs.runs import job_run
from dangjian.ops.backup import backup_create, backups_prune

BACKUP_DAILY = "ops.backup_daily"


@shared_task(name=BACKUP_DAILY)
def backup_daily(triggered_by: str = "定时") -> int:
    """The daily backup and its retention. Scheduled runs cover one day each (a second run the
    same day is recorded as skipped); one asked for on the operations page always runs.
    Returns the run's id."""
    scheduled = triggered_by == "定时"
    period = timezone.localdate().isoformat() if scheduled else ""
    with job_run(BACKUP_DAILY, period=period, triggered_by=triggered_by) as run:
        if run.already_done:
            return run.run.pk
        result = backup_create(directory=settings.BACKUP_DIR)
        pruned = backups_prune(directory=settings.BACKUP_DIR, keep_days=settings.BACKUP_KEEP_DAYS)
        run.counts = {"created": 1, "deleted": len(pruned)}
        size = filesizeformat(result.path.stat().st_size)
        run.detail = f"{result.path.name}（{size}），清理过期备份 {len(pruned)} 个"
    return run.run.pk
