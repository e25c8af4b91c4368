"""The beat schedule made from the catalogue, and the catch-up on start: a missed day is run
once, never twice, even when two schedulers start at once."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from dangjian.jobs.catalogue import catalogue, find_job
from dangjian.jobs.lock import LockHeld
from dangjian.jobs.models import JobRun, RunOutcome
from dangjian.jobs.schedule import CaughtUp, catch_up, job_period, schedule_sync
from dangjian.jobs.scheduler import LockedScheduler

SCAN = "notifications.reminder_scan"
LEDGER = "dues.ledger_monthly"


def test_the_catalogue_holds_every_scheduled_job() -> None:
    names = {job.name for job in catalogue()}
    assert names >= {"ops.backup_daily", SCAN, "notifications.deliver_due",
                     "assistant.index_pending", LEDGER}  # fmt: skip
    from dangjian.celery import app

    app.loader.import_default_modules()  # as a worker does when it starts
    for job in catalogue():
        assert job.name in app.tasks, f"{job.label} has no Celery task"


@pytest.mark.django_db
def test_the_schedule_is_made_once_and_keeps_an_administrators_change() -> None:
    assert schedule_sync() == len(catalogue())
    scan = PeriodicTask.objects.get(task=SCAN)
    assert (scan.name, scan.crontab.hour, scan.crontab.minute) == ("每日提醒扫描", "7", "30")
    # The administrator moves the scan to 06:15 and switches the backup off.
    scan.crontab = CrontabSchedule.objects.create(hour="6", minute="15", timezone="Asia/Shanghai")
    scan.save()
    PeriodicTask.objects.filter(task="ops.backup_daily").update(enabled=False)

    assert schedule_sync() == 0
    assert PeriodicTask.objects.filter(task__in=[j.name for j in catalogue()]).count() == len(
        catalogue()
    )
    scan.refresh_from_db()
    assert (scan.crontab.hour, scan.crontab.minute) == ("6", "15")
    assert not PeriodicTask.objects.get(task="ops.backup_daily").enabled
    at = timezone.localtime().replace(hour=6, minute=20)
    assert job_period(SCAN, at) == at.date().isoformat()  # the beat's time, not the default


@pytest.mark.django_db
def test_an_old_schedule_row_of_a_job_is_adopted_not_doubled() -> None:
    """Rows an earlier version made from CELERY_BEAT_SCHEDULE (named 每日备份) stay the job's."""
    old = CrontabSchedule.objects.create(hour="3", minute="0", timezone="Asia/Shanghai")
    PeriodicTask.objects.create(name="每日备份", task="ops.backup_daily", crontab=old)
    schedule_sync()
    assert list(PeriodicTask.objects.filter(task="ops.backup_daily").values_list("name", flat=True)) == ["每日备份"]  # fmt: skip


def succeeded(job: str, period: str) -> JobRun:
    now = timezone.now()
    return JobRun.objects.create(job=job, period=period, started_at=now, finished_at=now,
                                 outcome=RunOutcome.SUCCEEDED)  # fmt: skip


@pytest.mark.django_db
def test_a_missed_day_is_caught_up_once(people: SimpleNamespace) -> None:
    schedule_sync()
    now = timezone.localtime()
    today = job_period(SCAN, now)
    succeeded(SCAN, job_period(SCAN, now - timedelta(days=2)))  # down for the day before

    assert catch_up(now) == [CaughtUp(SCAN, today)]
    run = JobRun.objects.get(job=SCAN, period=today)
    assert (run.outcome, run.triggered_by) == (RunOutcome.SUCCEEDED, "启动补做")
    assert run.counts["created"] > 0

    assert catch_up(now) == []  # the next start finds the day done
    assert JobRun.objects.filter(job=SCAN, period=today).count() == 1


@pytest.mark.django_db
def test_a_switched_off_job_is_not_caught_up(people: SimpleNamespace) -> None:
    schedule_sync()
    now = timezone.localtime()
    succeeded(SCAN, job_period(SCAN, now - timedelta(days=2)))
    PeriodicTask.objects.filter(task=SCAN).update(enabled=False)
    assert catch_up(now) == []


@pytest.mark.django_db
def test_each_missed_month_of_the_ledger_is_generated_once() -> None:
    schedule_sync()
    now = timezone.localtime()
    job = find_job(LEDGER)
    assert job is not None
    this_month = job_period(LEDGER, now)
    year, month = map(int, this_month.split("-"))
    back3 = f"{year - (month <= 3):04d}-{(month - 4) % 12 + 1:02d}"
    succeeded(LEDGER, back3)
    sent = catch_up(now)
    assert [c.period for c in sent if c.job == LEDGER][-1] == this_month
    assert len([c for c in sent if c.job == LEDGER]) == 3
    ran = JobRun.objects.filter(job=LEDGER, outcome=RunOutcome.SUCCEEDED).exclude(period=back3)
    assert ran.count() == 3
    assert catch_up(now) == []


@pytest.mark.django_db(transaction=True)  # the scheduler reconnects, as a long-running beat does
def test_two_schedulers_starting_at_once_catch_up_once(people: SimpleNamespace) -> None:
    from dangjian.celery import app

    now = timezone.localtime()
    succeeded(SCAN, job_period(SCAN, now - timedelta(days=2)))
    first = LockedScheduler(app=app)
    with pytest.raises(LockHeld):
        LockedScheduler(app=app)
    first.close()
    runs = JobRun.objects.filter(job=SCAN, period=job_period(SCAN, now))
    assert list(runs.values_list("outcome", flat=True)) == [RunOutcome.SUCCEEDED]
    # Beat's own "due since the last firing" is held back: the catch-up is the only one.
    assert PeriodicTask.objects.get(task=SCAN).last_run_at >= now - timedelta(seconds=5)
