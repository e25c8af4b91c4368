"""Recording job runs (DESIGN: every run recorded, CONVENTIONS 9: safe to run twice).

    with job_run("ops.backup_daily", period="2026-11-30") as run:
        if run.already_done: return
        ...; run.counts["created"] = 1

The run row is committed when the job starts, so a run killed halfway stays visible as 运行中.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from dangjian.jobs.models import JobRun, RunOutcome


@dataclass
class RunRecord:
    """What a job reports about its run: counts (created, deleted, skipped...) and one line."""

    run: JobRun
    already_done: bool
    counts: dict[str, int] = field(default_factory=dict)
    detail: str = ""


def last_success(job: str, period: str) -> JobRun | None:
    runs = JobRun.objects.filter(job=job, period=period, outcome=RunOutcome.SUCCEEDED)
    return runs.order_by("-started_at").first()


@contextmanager
def job_run(job: str, *, period: str = "", triggered_by: str = "定时") -> Iterator[RunRecord]:
    """Record one run of ``job`` for ``period``.

    ``already_done`` is True when a run for the same non-empty period succeeded before; the job
    then returns at once and the run is recorded as skipped. An exception marks the run failed
    with its message and is raised again.
    """
    done = bool(period) and last_success(job, period) is not None
    run = JobRun.objects.create(
        job=job, period=period, started_at=timezone.now(), triggered_by=triggered_by[:60]
    )
    record = RunRecord(run=run, already_done=done)
    try:
        yield record
    except BaseException as exc:
        _finish(record, RunOutcome.FAILED, f"{type(exc).__name__}: {exc}")
        raise
    outcome = RunOutcome.SKIPPED if done else RunOutcome.SUCCEEDED
    _finish(record, outcome, record.detail or ("本周期已完成，未重复执行" if done else ""))


def _finish(record: RunRecord, outcome: str, detail: str) -> None:
    run: Any = record.run
    run.outcome, run.finished_at = outcome, timezone.now()
    run.counts, run.detail = record.counts, detail[:500]
    run.save(update_fields=["outcome", "finished_at", "counts", "detail"])
