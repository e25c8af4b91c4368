"""The 定时任务 page: the catalogue and the runs with their filters for system administrators
only, a run's detail with its errors, a manual run (audited, refused while the job runs), and
the failing job on the administrator's home page."""

from __future__ import annotations

import socket
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from dangjian.core.due import due_items
from dangjian.core.models import AuditLog
from dangjian.jobs.models import JobRun, RunOutcome

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]


def finished(job: str, outcome: str, *, days_ago: int = 0, **fields: object) -> JobRun:
    started = timezone.now() - timedelta(days=days_ago)
    return JobRun.objects.create(job=job, started_at=started, finished_at=started,
                                 outcome=outcome, **fields)  # fmt: skip


def test_only_system_administrators_see_or_run_jobs(
    login: Login, secretary_a: User, org_admin_general: User, audit_admin: User
) -> None:
    run = finished("ops.backup_daily", RunOutcome.SUCCEEDED)
    for user in (secretary_a, org_admin_general, audit_admin):
        client = login(user)
        assert client.get("/jobs/").status_code == 403
        assert client.get(f"/jobs/{run.pk}/").status_code == 403
        assert client.post("/jobs/run/", {"job": "ops.backup_daily"}).status_code == 403
    assert JobRun.objects.count() == 1
    assert not AuditLog.objects.filter(action="jobs.run_now").exists()


def test_the_runs_are_filtered_by_job_outcome_and_days(login: Login, sysadmin: User) -> None:
    finished("ops.backup_daily", RunOutcome.SUCCEEDED, days_ago=3, detail="备份甲")
    finished("ops.backup_daily", RunOutcome.FAILED, detail="备份乙")
    finished("notifications.reminder_scan", RunOutcome.SUCCEEDED, detail="扫描丙")
    client = login(sysadmin)
    page = client.get("/jobs/").content.decode()
    assert all(text in page for text in ("备份甲", "备份乙", "扫描丙", "每日提醒扫描", "数据备份"))

    by_job = client.get("/jobs/", {"job": "ops.backup_daily"}).content.decode()
    assert "备份甲" in by_job and "备份乙" in by_job and "扫描丙" not in by_job
    failed = client.get("/jobs/", {"outcome": "failed"}).content.decode()
    assert "备份乙" in failed and "备份甲" not in failed
    today = timezone.localdate().isoformat()
    recent = client.get("/jobs/", {"start": today, "end": today}).content.decode()
    assert "备份乙" in recent and "备份甲" not in recent


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"start": "2026-13-01"}, "start", "开始日期格式不正确"),
        ({"start": "2026-11-30", "end": "2026-11-01"}, "end", "结束日期不能早于开始日期"),
        ({"outcome": "boom"}, "outcome", "结果不是有效的选项"),
        ({"job": "nope"}, "job", "任务不是有效的选项"),
    ],
)
def test_a_wrong_filter_is_refused_naming_the_field(
    login: Login, sysadmin: User, query: dict[str, str], field: str, message: str
) -> None:
    response = login(sysadmin).get("/jobs/", query)
    assert response.status_code == 400
    assert f'data-field="{field}">{message}' in response.content.decode()


def test_the_runs_are_paginated(login: Login, sysadmin: User) -> None:
    for n in range(55):
        finished("notifications.deliver_due", RunOutcome.SUCCEEDED, detail=f"第{n}次")
    client = login(sysadmin)
    first = client.get("/jobs/").content.decode()
    assert "第 1 / 2 页，共 55 条" in first
    assert "第54次" in first and "第0次" not in first
    assert "第0次" in client.get("/jobs/", {"page": "2"}).content.decode()


def test_a_run_s_detail_names_the_records_its_errors_concern(login: Login, sysadmin: User) -> None:
    run = finished("notifications.reminder_scan", RunOutcome.SUCCEEDED, counts={"failed": 1},
                   errors=[{"record": "用户 shuji_b", "message": "KeyError: 'org'"}])  # fmt: skip
    page = login(sysadmin).get(f"/jobs/{run.pk}/").content.decode()
    assert "用户 shuji_b" in page and "KeyError" in page and "出错 1" in page
    assert login(sysadmin).get("/jobs/999999/").status_code == 404
    assert login(sysadmin).get("/jobs/99999999999999999999/").status_code == 404


@pytest.mark.django_db(
    transaction=True
)  # the backup copies the database from a connection of its own
def test_run_now_runs_the_job_and_is_audited(
    login: Login, sysadmin: User, settings: Settings, tmp_path: Path
) -> None:
    settings.BACKUP_DIR = tmp_path
    finished("ops.backup_daily", RunOutcome.SUCCEEDED, period=timezone.localdate().isoformat())
    response = login(sysadmin).post("/jobs/run/", {"job": "ops.backup_daily"}, follow=True)
    assert "已提交“数据备份”" in response.content.decode()
    run = JobRun.objects.filter(triggered_by="sysadmin 手动").get()
    assert run.outcome == RunOutcome.SUCCEEDED  # a manual run works even when the day is done
    assert list(tmp_path.glob("dangjian-backup-*.tar.gz"))
    log = AuditLog.objects.get(action="jobs.run_now")
    assert log.actor == sysadmin and "数据备份" in log.detail


def test_run_now_is_refused_while_the_same_job_runs(login: Login, sysadmin: User) -> None:
    JobRun.objects.create(
        job="ops.backup_daily", started_at=timezone.now(), host=socket.gethostname(), pid=1
    )  # fmt: skip  (pid 1 is alive)
    response = login(sysadmin).post("/jobs/run/", {"job": "ops.backup_daily"}, follow=True)
    assert "“数据备份”正在运行" in response.content.decode()
    assert JobRun.objects.count() == 1
    assert not AuditLog.objects.filter(action="jobs.run_now").exists()


def test_run_now_of_an_unknown_job_says_so(login: Login, sysadmin: User) -> None:
    response = login(sysadmin).post("/jobs/run/", {"job": "nope"}, follow=True)
    assert "任务不存在" in response.content.decode()
    assert not JobRun.objects.exists()


def test_a_failing_job_is_on_the_administrator_s_home_page_until_it_succeeds(
    login: Login, sysadmin: User, secretary_a: User
) -> None:
    finished("ops.backup_daily", RunOutcome.FAILED, days_ago=1, detail="磁盘已满")
    finished("notifications.reminder_scan", RunOutcome.INTERRUPTED)
    finished("notifications.reminder_scan", RunOutcome.SKIPPED)  # a skip does not end it
    today = timezone.localdate()
    card = [i for i in due_items(sysadmin, today) if i.key == "jobs.failed"]
    assert [(c.title, c.count) for c in card] == [("定时任务运行失败", 2)]
    assert not [i for i in due_items(secretary_a, today) if i.key == "jobs.failed"]
    client = login(sysadmin)
    assert "定时任务运行失败" in client.get("/").content.decode()
    listed = client.get(card[0].url).content.decode()
    assert listed.count('href="/jobs/') - listed.count('href="/jobs/?') >= 2
    assert "共 2 条" in listed  # the card's count is its list's

    finished("ops.backup_daily", RunOutcome.SUCCEEDED)
    card = [i for i in due_items(sysadmin, today) if i.key == "jobs.failed"]
    assert [c.count for c in card] == [1]


def test_an_administrator_moves_a_job_and_switches_one_off(login: Login, sysadmin: User) -> None:
    from django_celery_beat.models import PeriodicTask

    client = login(sysadmin)
    client.post("/jobs/schedule/", {"job": "notifications.reminder_scan", "at": "06:15",
                                    "enabled": "on"})  # fmt: skip
    client.post("/jobs/schedule/", {"job": "dues.ledger_monthly", "at": "03:05"})
    scan = PeriodicTask.objects.get(task="notifications.reminder_scan")
    assert (scan.crontab.hour, scan.crontab.minute, scan.enabled) == ("6", "15", True)
    ledger = PeriodicTask.objects.get(task="dues.ledger_monthly")
    assert (ledger.crontab.day_of_month, ledger.crontab.hour, ledger.enabled) == ("1", "3", False)
    page = client.get("/jobs/").content.decode()
    assert "每天 06:15" in page and "每月1日 03:05" in page and "已停用" in page
    log = AuditLog.objects.filter(action="jobs.schedule_change").order_by("pk").first()
    assert log is not None and log.actor == sysadmin
    assert "07:30" in str(log.before) and "06:15" in str(log.after)


def test_a_wrong_time_or_a_stranger_changes_no_schedule(
    login: Login, sysadmin: User, secretary_a: User
) -> None:
    from django_celery_beat.models import PeriodicTask

    response = login(sysadmin).post(
        "/jobs/schedule/", {"job": "ops.backup_daily", "at": "25:00", "enabled": "on"}, follow=True
    )
    assert "执行时间 应为一天中的时刻" in response.content.decode()
    denied = login(secretary_a).post("/jobs/schedule/", {"job": "ops.backup_daily", "at": "03:00"})
    assert denied.status_code == 403
    backup = PeriodicTask.objects.filter(task="ops.backup_daily").first()
    assert backup is None or (backup.crontab.hour, backup.enabled) == ("2", True)
    assert not AuditLog.objects.filter(action="jobs.schedule_change").exists()
