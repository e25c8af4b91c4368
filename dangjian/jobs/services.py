"""Jobs asked for by a person: a catalogued job run now, on a worker, and a job's schedule
changed; each audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from kombu.exceptions import KombuError

from dangjian.accounts.access import may_operate_platform, require
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.jobs.catalogue import Job, find_job
from dangjian.jobs.periods import Daily, Every, Monthly, clock_time, schedule_text
from dangjian.jobs.runs import running_run
from dangjian.jobs.schedule import (
    crontab_row,
    effective_schedule,
    job_send,
    periodic_task,
    schedule_sync,
)


class RunRefused(ValueError):
    """The job may not be started now; the message (Chinese) says why."""


@dataclass(frozen=True)
class JobRef:
    """What the audit row of a manual run points at (a job has no row of its own)."""

    pk: str
    label: str

    def __str__(self) -> str:
        return f"定时任务“{self.label}”"


def job_run_now(*, actor: Actor, name: str) -> Job:
    """Queue a manual run of the catalogued job ``name`` for ``actor`` (a system
    administrator); it runs on a worker even when its period is done. Returns the job.

    Raises ``PermissionDenied`` for anyone else, ``RunRefused`` for a job not in the catalogue,
    while a run of the same job is at work, or when the queue does not answer."""
    require(may_operate_platform(actor), "只有系统管理员可以立即运行定时任务")
    job = find_job(name)
    if job is None:
        raise RunRefused("任务不存在：请从任务列表中选择要运行的任务")
    busy = running_run(job.name)
    if busy is not None:
        started = timezone.localtime(busy.started_at)
        raise RunRefused(
            f"“{job.label}”正在运行（{started:%Y-%m-%d %H:%M:%S} 开始），请待其结束后再试"
        )
    kwargs = {"triggered_by": f"{_name_of(actor)} 手动", "force": True}
    try:
        job_send(job.name, kwargs)
    except (KombuError, OSError) as exc:
        raise RunRefused(
            f"消息队列不可用，“{job.label}”未能提交：请检查后台任务服务后重试"
        ) from exc
    audit(actor=actor, action="jobs.run_now", obj=JobRef(job.name, job.label),
          detail=f"立即运行“{job.label}”")  # fmt: skip
    return job


def _name_of(actor: Actor) -> str:
    user = acting_user(actor)
    return user.get_username() if user is not None else "系统"


def job_schedule_change(*, actor: Actor, name: str, enabled: bool, at: str = "") -> Job:
    """Switch the catalogued job ``name`` on or off and, for a daily or monthly job, move it to
    ``at`` ("HH:MM", local time; a monthly job keeps its day). Audited with the schedule before
    and after; the scheduler reads the change within a few seconds. Returns the job.

    Raises ``PermissionDenied`` for anyone but a system administrator, ``RunRefused`` naming
    the field for an unknown job or a time that is not one."""
    require(may_operate_platform(actor), "只有系统管理员可以修改定时任务的执行时间")
    job = find_job(name)
    if job is None:
        raise RunRefused("任务不存在：请从任务列表中选择任务")
    row = periodic_task(job.name)
    if row is None:
        schedule_sync()
        row = periodic_task(job.name)
    assert row is not None  # schedule_sync made it
    before = {"执行时间": schedule_text(effective_schedule(job, row)), "启用": row.enabled}
    schedule = effective_schedule(job, row)
    if at and not isinstance(schedule, Every):
        try:
            hour, minute = clock_time(at, "执行时间")
        except ValueError as exc:
            raise RunRefused(str(exc)) from exc
        moved = Monthly(schedule.day, hour, minute) if isinstance(schedule, Monthly) else Daily(hour, minute)  # fmt: skip
        row.crontab = crontab_row(moved)
    row.enabled = enabled
    row.save()  # save(), not update(): beat learns of a change through PeriodicTasks
    after = {"执行时间": schedule_text(effective_schedule(job, row)), "启用": row.enabled}
    audit(actor=actor, action="jobs.schedule_change", obj=JobRef(job.name, job.label),
          before=before, after=after, detail=f"修改“{job.label}”的执行时间或启用状态")  # fmt: skip
    return job
