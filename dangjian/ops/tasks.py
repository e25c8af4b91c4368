"""Jobs of operations. Thin: record the run, call the service; safe to run twice."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.contrib.auth.models import User
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from dangjian.jobs.failures import os_error_text
from dangjian.jobs.runs import SCHEDULED, RunRecord, job_run
from dangjian.jobs.schedule import job_period
from dangjian.ops.backup import backup_create, backup_leftovers_remove, backups_prune
from dangjian.ops.pickup import (
    REFUSED_FOLDER,
    Outcome,
    pickup_file,
    pickup_folders,
    pickup_user,
    waiting_files,
)

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
NO_ACCOUNT = "导入账号未设置或已停用（DANGJIAN_PICKUP_USER）"


@shared_task(name=PICKUP)
def pickup(triggered_by: str = SCHEDULED, period: str = "", force: bool = False) -> int:
    """Import the files waiting in the watched folder (``ops/pickup.py``), oldest first. A
    scheduled run that found no file leaves no row (it runs every five minutes); a manual one
    is recorded saying so. Each file refused, unreadable or waiting for want of an import
    account is an error naming it, and fails the run. Returns how many files were waiting."""
    now = timezone.now()
    directory = settings.PICKUP_DIR
    with job_run(PICKUP, triggered_by=triggered_by, quiet=True) as run:
        if run.already_done:
            return 0
        pickup_folders(directory)
        waiting = waiting_files(directory, now, settings.PICKUP_SETTLE_SECONDS)
        user = pickup_user(settings.PICKUP_USER)
        if not waiting:
            run.detail = "没有等待导入的文件" + (
                "" if user else f"；{NO_ACCOUNT}，放入的文件不会被导入"
            )
            return 0
        if user is None:
            for kind, path in waiting:
                run.error(f"{kind}文件 {path.name}", f"{NO_ACCOUNT}，文件留在原处等待导入")
            run.counts = {"imported": 0, "unchanged": 0, "failed": len(waiting)}
            run.detail = f"{NO_ACCOUNT}：{len(waiting)}个文件等待导入，未导入任何文件"
            return 0
        outcomes = [_pickup_one(run, user, kind, path, now) for kind, path in waiting]
        imported, unchanged = outcomes.count(Outcome.IMPORTED), outcomes.count(Outcome.UNCHANGED)
        failed = len(outcomes) - imported - unchanged  # refused, or left in place
        run.counts = {"imported": imported, "unchanged": unchanged, "failed": failed}
        run.detail = f"处理{len(outcomes)}个文件"
    return len(waiting)


def _pickup_one(run: RunRecord, user: User, kind: str, path: Path, now: datetime) -> Outcome | None:
    """Pick up one file; its refusal, or the disk's fault that left it in place, is an error
    of the run naming it (None: not handled, the next run tries again)."""
    record = f"{kind}文件 {path.name}"
    try:
        item = pickup_file(user, kind, path, now)
    except OSError as exc:
        run.error(record, f"文件未能处理，留在原处：{os_error_text(exc)}")
        return None
    if item.outcome is Outcome.REFUSED:
        run.error(record, f"未导入，已移入“{REFUSED_FOLDER}”：" + "；".join(item.lines))
    return item.outcome
