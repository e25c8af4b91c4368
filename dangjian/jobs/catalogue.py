"""The job catalogue: every scheduled job of the platform, in one registry.

A capability adds its job with one line in its ``AppConfig.ready``::

    register_job(Job("dues.ledger_monthly", "生成当月党费台账", Monthly(1, 1, 0),
                     "每月1日生成当月的党费台账", catch_up=CatchUp.EACH))

``name`` is the Celery task's name and the ``job`` of its runs. The task takes the keyword
arguments ``triggered_by`` (who started it, for the run record), ``period`` (the period to work
on, "" for the current one) and ``force`` (run even when the period is done: a manual run), and
records itself with ``dangjian.jobs.runs.job_run``. The beat schedule in the database is created
from the catalogue on every start of the scheduler (``dangjian.jobs.schedule.schedule_sync``).
"""

from __future__ import annotations

from dataclasses import dataclass

from dangjian.jobs.periods import CatchUp, Daily, Every, Monthly, Schedule, schedule_text


@dataclass(frozen=True)
class Job:
    """One scheduled job: its task, Chinese label, default schedule, what it does (Chinese),
    what a start after a missed firing does, and ``time_limit``: seconds after which a run
    still marked running on another machine counts as interrupted."""

    name: str
    label: str
    schedule: Schedule
    description: str
    catch_up: CatchUp = CatchUp.LATEST
    time_limit: int = 6 * 3600

    def __post_init__(self) -> None:
        if isinstance(self.schedule, Monthly) and not 1 <= self.schedule.day <= 28:
            raise ValueError(f"{self.label}：每月执行日应在1至28日之间")
        if isinstance(self.schedule, Every) and self.catch_up is not CatchUp.NONE:
            raise ValueError(f"{self.label}：按间隔执行的任务没有可补做的周期")

    @property
    def schedule_text(self) -> str:
        return schedule_text(self.schedule)

    @property
    def catch_up_text(self) -> str:
        return {
            CatchUp.NONE: "不补做（下一次按间隔执行即可）",
            CatchUp.LATEST: "启动时补做一次（最近一个周期）",
            CatchUp.EACH: "启动时逐个周期补做（最多12个）",
        }[self.catch_up]


_JOBS: dict[str, Job] = {}


def register_job(job: Job) -> None:
    """Add ``job`` to the catalogue (again under the same name: replaced, as ``ready`` may run
    twice in tests)."""
    _JOBS[job.name] = job


def catalogue() -> list[Job]:
    """Every registered job, by label."""
    return sorted(_JOBS.values(), key=lambda job: job.label)


def find_job(name: str) -> Job | None:
    return _JOBS.get(name)


def job_label(name: str) -> str:
    """The Chinese label of ``name`` (the name itself for a job no longer in the catalogue)."""
    job = _JOBS.get(name)
    return job.label if job else name


__all__ = ["CatchUp", "Daily", "Every", "Job", "Monthly", "catalogue", "find_job", "register_job"]
