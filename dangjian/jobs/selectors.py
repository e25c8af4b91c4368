"""Reads of job runs, for the operations page and (later) the home page's failed-run card."""

from __future__ import annotations

from django.db.models import QuerySet

from dangjian.jobs.models import JobRun

JOB_LABELS = {
    "ops.backup_daily": "数据备份",
    "assistant.index_pending": "知识库补建索引",
    "notifications.reminder_scan": "每日提醒扫描",
}


COUNT_LABELS = {
    "created": "新建",
    "changed": "修改",
    "deleted": "删除",
    "skipped": "跳过",
    "failed": "出错",
}


def job_label(job: str) -> str:
    return JOB_LABELS.get(job, job)


def counts_text(counts: dict[str, int]) -> str:
    """ "新建 1，删除 2" from a run's counts."""
    return "，".join(f"{COUNT_LABELS.get(key, key)} {value}" for key, value in counts.items())


def recent_runs(*, job: str = "", limit: int = 50) -> QuerySet[JobRun]:
    runs = JobRun.objects.all()
    if job:
        runs = runs.filter(job=job)
    return runs.order_by("-started_at", "-id")[:limit]
