"""Jobs of operations. Thin: record the run, call the service; safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from dangjian.jobs.runs import SCHEDULED, job_run
from dangjian.jobs.schedule import job_period
from dangjian.ops.backup import backup_create, backup_leftovers_remove, backups_prune

BACKUP_DAILY = "ops.backup_daily"


@shared_task(name=BACKUP_DAILY)
def backup_daily(triggered_by: str = SCHEDULED, period: str = "", force: bool = False) -> int:
    """The daily backup and its retention, for ``period`` (today by default). A second
    scheduled run the same day is recorded as skipped; a manual one (``force``) always runs.
    A backup killed halfway leaves only its temporary file, never a listed archive. Returns
    the run's id."""
    period = period or job_period(BACKUP_DAILY)
    with job_run(BACKUP_DAILY, period=period, triggered_by=triggered_by, force=force) as run:
        if run.already_done:
            return run.run.pk
        leftovers = backup_leftovers_remove(directory=settings.BACKUP_DIR)
        result = backup_create(directory=settings.BACKUP_DIR)
        pruned = backups_prune(directory=settings.BACKUP_DIR, keep_days=settings.BACKUP_KEEP_DAYS)
        run.counts = {"created": 1, "deleted": len(pruned) + leftovers}
        size = filesizeformat(result.path.stat().st_size)
        run.detail = f"{result.path.name}（{size}），清理过期备份 {len(pruned)} 个"
    return run.run.pk
