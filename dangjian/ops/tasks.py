"""Jobs of operations. Thin: record the run, call the service; safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from dangjian.jobs.runs import SCHEDULED, job_run
from dangjian.jobs.schedule import job_period
from dangjian.ops.backup import backup_create, backup_leftovers_remove, backups_prune
from dangjian.ops.pickup import Outcome, pickup_file, pickup_folders, pickup_user, waiting_files

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


PICKUP = "ops.pickup"


@shared_task(name=PICKUP)
def pickup(triggered_by: str = SCHEDULED, period: str = "", force: bool = False) -> int:
    """Import the files waiting in the watched folder (``ops/pickup.py``), oldest first. A run
    that found no file leaves no row; each refused file is an error naming it. Returns how many
    files were handled."""
    now = timezone.now()
    directory = settings.PICKUP_DIR
    with job_run(PICKUP, triggered_by=triggered_by, quiet=True) as run:
        if run.already_done:
            return 0
        pickup_folders(directory)
        waiting = waiting_files(directory, now, settings.PICKUP_SETTLE_SECONDS)
        if not waiting:
            return 0
        user = pickup_user(settings.PICKUP_USER)
        if user is None:
            run.error(
                "导入账号", f"未设置或已停用（DANGJIAN_PICKUP_USER），{len(waiting)}个文件等待导入"
            )
            return 0
        handled = [pickup_file(user, kind, path, now) for kind, path in waiting]
        for item in handled:
            if item.outcome is Outcome.REFUSED:
                run.error(f"{item.kind}文件 {item.name}", "；".join(item.lines)[:500])
        run.counts = {
            "imported": sum(1 for h in handled if h.outcome is Outcome.IMPORTED),
            "unchanged": sum(1 for h in handled if h.outcome is Outcome.UNCHANGED),
            "failed": sum(1 for h in handled if h.outcome is Outcome.REFUSED),
        }
        run.detail = f"处理{len(handled)}个文件"
    return len(waiting)
