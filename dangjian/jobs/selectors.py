"""Reads of job runs, for the operations page and (later) the home page's failed-run card."""

from __future__ import annotations

from django.db.models import QuerySet

from dangjian.jobs.models import JobRun

JOB_LABELS = {
    "ops.backup_daily": "数据备份",
    "assistant.index_pending": "知识库补建索引",
}


def job_label(job: str) -> str:
    return JOB_LABELS.get(job, job)


def recent_runs(*, job: str = "", limit: int = 50) -> QuerySet[JobRun]:
    runs = JobRun.objects.all()
    if job:
        runs = runs.filter(job=job)
    return runs.order_by("-started_at", "-id")[:limit]
