"""Recording job runs (DESIGN: every run recorded, CONVENTIONS 9: safe to run twice).

    with job_run("ops.backup_daily", period="2026-11-30") as run:
        if run.already_done: return
        ...; run.counts["created"] = 1; run.error("用户 shuji1", "…")

The run row is committed when the job starts, so a run killed halfway stays visible as 运行中
until the next run of the job finds its process gone and marks it 已中断. At most one run of a
job is running at a time (a partial unique index): a second one started meanwhile (two workers,
a manual run beside the scheduled one) stands aside and is recorded as skipped. Whether a
period is done is read while holding that one running slot, so two runs for one period never
both do the work. A run that noted errors naming their records ends 失败, like a run ended by
an exception: either way an administrator has something to look at.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from dangjian.jobs.catalogue import find_job
from dangjian.jobs.failures import failure_text
from dangjian.jobs.models import JobRun, RunOutcome

SCHEDULED = "定时"
CATCH_UP = "启动补做"
MAX_ERRORS = 200  # kept on the run; the count says how many there were
NOTHING_TO_DO = "没有需要处理的事项"


@dataclass
class RunRecord:
    """What a job reports about its run: counts (created, changed, skipped, failed...), one
    line of detail, and errors each naming the record it concerns."""

    run: JobRun
    already_done: bool
    counts: dict[str, int] = field(default_factory=dict)
    detail: str = ""
    errors: list[dict[str, str]] = field(default_factory=list)

    def error(self, record: str, message: str) -> None:
        """Note that ``record`` (e.g. "用户 shuji1", "党员 张三") could not be handled."""
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"record": record[:200], "message": message[:500]})


def last_success(job: str, period: str) -> JobRun | None:
    runs = JobRun.objects.filter(job=job, period=period, outcome=RunOutcome.SUCCEEDED)
    return runs.order_by("-started_at").first()


def running_run(job: str) -> JobRun | None:
    """The run of ``job`` at work now; a run whose process is gone is marked interrupted and
    not returned."""
    run = JobRun.objects.filter(job=job, outcome=RunOutcome.RUNNING).first()
    if run is not None and run_interrupted(run):
        run_mark_interrupted(run)
        return None
    return run


def run_interrupted(run: JobRun, now: datetime | None = None) -> bool:
    """True when ``run`` is marked running but cannot be: its process on this machine is gone,
    or (on another machine) it started longer ago than the job's time limit."""
    if run.host == socket.gethostname() and run.pid:
        return not _process_alive(run.pid)
    spec = find_job(run.job)
    limit = timedelta(seconds=spec.time_limit if spec else 6 * 3600)
    return (now or timezone.now()) - run.started_at > limit


def run_mark_interrupted(run: JobRun) -> None:
    """Close a run whose process died; the next run of its period does the work again."""
    run.outcome, run.finished_at = RunOutcome.INTERRUPTED, timezone.now()
    run.detail = (
        run.detail + "；" if run.detail else ""
    ) + "运行中断（进程已退出），由后续运行补做"
    run.save(update_fields=["outcome", "finished_at", "detail"])


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, under another user
        return True
    return True


@contextmanager
def job_run(
    job: str,
    *,
    period: str = "",
    triggered_by: str = SCHEDULED,
    force: bool = False,
    quiet: bool = False,
) -> Iterator[RunRecord]:
    """Record one run of ``job`` for ``period``.

    ``quiet`` (sweeps every minute or ten): a scheduled run that found nothing to do (no count
    above zero, no error) leaves no row behind, so the list shows the runs that did something.
    A run started any other way (by a person, 立即运行) is always recorded: they look for it.

    ``already_done`` is True (and the run recorded as skipped) when a run for the same
    non-empty period succeeded before, unless ``force`` (a manual run), or when another run of
    the job is at work. The job then returns at once. A run that noted errors (``run.error``,
    each naming its record) is failed: an administrator has records to look at. An exception
    marks the run failed with its message (``failure_text``) and is raised again.
    """
    run, busy = _claim(job, period, triggered_by)
    if busy is not None:
        record = RunRecord(run=run, already_done=True)
        yield record
        return
    done = not force and bool(period) and last_success(job, period) is not None
    record = RunRecord(run=run, already_done=done)
    try:
        yield record
    except BaseException as exc:
        _finish(record, RunOutcome.FAILED, failure_text(exc))
        raise
    if done:
        _finish(record, RunOutcome.SKIPPED, record.detail or "本周期已完成，未重复执行")
        return
    if record.errors and not record.counts.get("failed"):
        record.counts["failed"] = len(record.errors)
    idle = not record.errors and not any(record.counts.values())
    if quiet and idle and triggered_by == SCHEDULED:
        record.run.delete()
        return
    outcome = RunOutcome.FAILED if record.errors else RunOutcome.SUCCEEDED
    _finish(record, outcome, record.detail or (NOTHING_TO_DO if idle else ""))


def _claim(job: str, period: str, triggered_by: str) -> tuple[JobRun, JobRun | None]:
    """The new run row, running, and None; or, while another run of ``job`` is at work, a
    skipped row saying so and that other run."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return _new_run(job, period, triggered_by, RunOutcome.RUNNING), None
        except IntegrityError:
            other = running_run(job)  # marks a dead one interrupted: then try again
            if other is not None:
                started = timezone.localtime(other.started_at)
                skipped = _new_run(job, period, triggered_by, RunOutcome.SKIPPED)
                skipped.finished_at = timezone.now()
                skipped.detail = f"同一任务正在运行（{started:%Y-%m-%d %H:%M:%S} 开始），本次未执行"
                skipped.save(update_fields=["finished_at", "detail"])
                return skipped, other
    raise RuntimeError(f"任务 {job} 无法登记运行记录")


def _new_run(job: str, period: str, triggered_by: str, outcome: str) -> JobRun:
    now = timezone.now()
    return JobRun.objects.create(
        job=job, period=period, started_at=now, triggered_by=triggered_by[:60], outcome=outcome,
        finished_at=None if outcome == RunOutcome.RUNNING else now,
        host=socket.gethostname()[:120], pid=os.getpid(),
    )  # fmt: skip


def _finish(record: RunRecord, outcome: str, detail: str) -> None:
    run = record.run
    run.outcome, run.finished_at = outcome, timezone.now()
    run.counts, run.detail, run.errors = record.counts, detail[:500], record.errors
    run.save(update_fields=["outcome", "finished_at", "counts", "detail", "errors"])
