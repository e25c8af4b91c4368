"""The beat schedule in the database, made from the catalogue, and the catch-up on start.

``schedule_sync`` gives every catalogued job its ``PeriodicTask`` (django-celery-beat) when it
has none, with the catalogue's default schedule; a row that exists keeps the schedule and the
switch an administrator set, so a restart never undoes a change. It is idempotent and runs on
every start of the scheduler, under the scheduler lock.

``catch_up`` runs, once, what a stopped platform missed (see ``periods.missed_periods``). Beat's
own habit of firing a crontab entry at once when its last firing is older than the latest
scheduled moment is switched off by setting ``last_run_at`` to the start: otherwise a missed
day would be run twice, once by beat and once by the catch-up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from dangjian.jobs.catalogue import Job, catalogue, find_job
from dangjian.jobs.models import JobRun, RunOutcome
from dangjian.jobs.periods import Daily, Every, Monthly, Schedule, missed_periods, period_at
from dangjian.jobs.runs import CATCH_UP


@dataclass(frozen=True)
class CaughtUp:
    """One run sent by the catch-up: the job and the period it works on."""

    job: str
    period: str


def schedule_sync(now: datetime | None = None) -> int:
    """Create the missing ``PeriodicTask`` rows and hold back beat's own catch-up; returns the
    number of rows created."""
    now = now or timezone.now()
    created = 0
    for job in catalogue():
        row = PeriodicTask.objects.filter(task=job.name).order_by("pk").first()
        if row is None:
            _create_row(job, now)
            created += 1
        elif row.description != job.description:
            row.description = job.description
            row.save(update_fields=["description"])
    names = [job.name for job in catalogue()]
    PeriodicTask.objects.filter(task__in=names, crontab__isnull=False).update(last_run_at=now)
    return created


def _create_row(job: Job, now: datetime) -> PeriodicTask:
    fields: dict[str, object] = {"task": job.name, "description": job.description,
                                 "kwargs": json.dumps({}), "last_run_at": now}  # fmt: skip
    if isinstance(job.schedule, Every):
        fields["interval"], _ = IntervalSchedule.objects.get_or_create(
            every=job.schedule.seconds, period=IntervalSchedule.SECONDS
        )
    else:
        fields["crontab"] = crontab_row(job.schedule)
    name = job.label if not PeriodicTask.objects.filter(name=job.label).exists() else job.name
    return PeriodicTask.objects.create(name=name, **fields)


def crontab_row(schedule: Daily | Monthly) -> CrontabSchedule:
    day = str(schedule.day) if isinstance(schedule, Monthly) else "*"
    row, _ = CrontabSchedule.objects.get_or_create(
        minute=str(schedule.minute), hour=str(schedule.hour), day_of_month=day,
        month_of_year="*", day_of_week="*", timezone=timezone.get_default_timezone_name(),
    )  # fmt: skip
    return row


def periodic_task(job: str) -> PeriodicTask | None:
    return PeriodicTask.objects.filter(task=job).select_related("crontab", "interval").first()


def effective_schedule(job: Job, row: PeriodicTask | None = None) -> Schedule:
    """The schedule the beat follows for ``job``: its row's, when it is a plain daily or
    monthly time or an interval; the catalogue's otherwise (no row, or an expression such as
    "*/5" that has no single time)."""
    row = row if row is not None else periodic_task(job.name)
    if row is None:
        return job.schedule
    if row.interval is not None and row.interval.period == IntervalSchedule.SECONDS:
        return Every(row.interval.every)
    cron = row.crontab
    if cron is None or not (cron.hour.isdigit() and cron.minute.isdigit()):
        return job.schedule
    if cron.day_of_month.isdigit():
        return Monthly(int(cron.day_of_month), int(cron.hour), int(cron.minute))
    return Daily(int(cron.hour), int(cron.minute)) if cron.day_of_month == "*" else job.schedule


def job_period(name: str, now: datetime | None = None) -> str:
    """The period a run of ``name`` started ``now`` works on, by its effective schedule."""
    job = find_job(name)
    if job is None:
        return ""
    return period_at(effective_schedule(job), timezone.localtime(now or timezone.now()))


def last_success_period(job: str) -> str | None:
    """The latest period a run of ``job`` succeeded for; "" when it ran but never succeeded;
    None when it never ran at all."""
    runs = JobRun.objects.filter(job=job).exclude(period="")
    done = runs.filter(outcome=RunOutcome.SUCCEEDED).order_by("-period").first()
    if done is not None:
        return done.period
    return "" if runs.filter(~Q(outcome=RunOutcome.SKIPPED)).exists() else None


def catch_up(now: datetime | None = None) -> list[CaughtUp]:
    """Send, once, a run for every period a stopped platform missed (enabled jobs only)."""
    now = timezone.localtime(now or timezone.now())
    sent: list[CaughtUp] = []
    for job in catalogue():
        row = periodic_task(job.name)
        if row is not None and not row.enabled:
            continue
        schedule = effective_schedule(job, row)
        for period in missed_periods(schedule, job.catch_up, last_success_period(job.name), now):
            job_send(job.name, {"triggered_by": CATCH_UP, "period": period})
            sent.append(CaughtUp(job.name, period))
    return sent


def job_send(name: str, kwargs: dict[str, object]) -> None:
    """Queue the task ``name`` (run at once when tasks are eager). Raises kombu's errors when
    the broker does not answer."""
    from dangjian.celery import app

    if name not in app.tasks:  # the tasks modules load when a worker starts; here, on demand
        app.loader.import_default_modules()
    app.tasks[name].apply_async(kwargs=kwargs)
