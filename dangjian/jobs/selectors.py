"""Reads of job runs: the runs page with its filters, a run's detail, and the home page's card
of failing jobs. Only for whoever may operate the platform (``may_operate_platform``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Max, QuerySet
from django.utils import timezone

from dangjian.accounts.access import may_operate_platform, require
from dangjian.core.actor import Actor
from dangjian.core.due import DueItem
from dangjian.jobs.catalogue import job_label
from dangjian.jobs.models import JobRun, RunOutcome

__all__ = ["counts_text", "failing_runs", "job_label", "jobs_due_items", "recent_runs", "run_list"]

# The label of every key a job counts under (``run.counts``), shown as "新建 1，出错 2". A job
# that counts under a new key adds its label here (tests/jobs/test_counts.py reads every job's
# keys from its task and finds each one here).
COUNT_LABELS = {
    "created": "新建",
    "changed": "修改",
    "updated": "更新",
    "deleted": "删除",
    "resolved": "解除",
    "scored": "计算健康分的党支部",
    "frozen": "冻结",
    "imported": "导入",
    "unchanged": "无变化",
    "skipped": "跳过",
    "failed": "出错",
}
DENIED = "定时任务运行记录仅系统管理员可查看"
# A failure ends when a later run of the job succeeds.
ENDS_FAILURE = (RunOutcome.SUCCEEDED, RunOutcome.FAILED, RunOutcome.INTERRUPTED)


def counts_text(counts: dict[str, int]) -> str:
    """ "新建 1，删除 2" from a run's counts."""
    return "，".join(f"{COUNT_LABELS.get(key, key)} {value}" for key, value in counts.items())


def recent_runs(*, job: str = "", limit: int = 50) -> QuerySet[JobRun]:
    runs = JobRun.objects.all()
    if job:
        runs = runs.filter(job=job)
    return runs.order_by("-started_at", "-id")[:limit]


@dataclass(frozen=True)
class RunFilter:
    """The runs page's filters: a job's name, an outcome, and local days (inclusive)."""

    job: str = ""
    outcome: str = ""
    start: date | None = None
    end: date | None = None
    failing: bool = False


def run_list(user: Actor, filters: RunFilter) -> QuerySet[JobRun]:
    """The runs ``filters`` selects, newest first. Raises ``PermissionDenied`` for anyone who
    may not operate the platform."""
    require(may_operate_platform(user), DENIED)
    runs = failing_runs() if filters.failing else JobRun.objects.all()
    if filters.job:
        runs = runs.filter(job=filters.job)
    if filters.outcome:
        runs = runs.filter(outcome=filters.outcome)
    if filters.start:
        runs = runs.filter(started_at__gte=_local_midnight(filters.start))
    if filters.end:
        runs = runs.filter(started_at__lt=_local_midnight(filters.end + timedelta(days=1)))
    return runs.order_by("-started_at", "-id")


def run_detail(user: Actor, run_id: int) -> JobRun | None:
    require(may_operate_platform(user), DENIED)
    return JobRun.objects.filter(pk=run_id).first()


def failing_runs() -> QuerySet[JobRun]:
    """Each job's latest finished run, where it failed or was interrupted: the jobs that need
    an administrator's look until a later run of theirs succeeds."""
    finished = JobRun.objects.filter(outcome__in=ENDS_FAILURE)
    latest = finished.values("job").annotate(last=Max("id")).values("last")
    bad = (RunOutcome.FAILED, RunOutcome.INTERRUPTED)
    return JobRun.objects.filter(pk__in=latest, outcome__in=bad)


def jobs_due_items(user: Actor, today: date) -> list[DueItem]:
    """The home page's card for a system administrator: jobs whose latest run failed (its
    count is the rows of ``/jobs/?failing=1``)."""
    if not may_operate_platform(user):
        return []
    count = failing_runs().count()
    if not count:
        return []
    return [DueItem("定时任务运行失败", count, "/jobs/?failing=1", (), "alert",
                    key="jobs.failed")]  # fmt: skip


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
