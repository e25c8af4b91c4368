"""The 运行维护 page: system administrators see the scheduler, runs and backups, and may ask for
a backup; nobody else sees or asks anything."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django import Settings

from dangjian.core.models import AuditLog
from dangjian.jobs.models import JobRun, RunOutcome


@pytest.mark.django_db
def test_others_may_neither_see_nor_ask(
    login: Callable[[User], Client], secretary_a: User, org_admin_general: User
) -> None:
    for user in (secretary_a, org_admin_general):
        client = login(user)
        assert client.get("/ops/").status_code == 403
        assert client.post("/ops/backup/").status_code == 403
    assert not JobRun.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_backup_asked_for_on_the_page_runs_and_is_recorded(
    login: Callable[[User], Client], sysadmin: User, settings: Settings, tmp_path: Path
) -> None:
    settings.BACKUP_DIR = tmp_path
    client = login(sysadmin)
    page = client.get("/ops/")
    assert page.status_code == 200
    assert "未运行" in page.content.decode()  # no scheduler beats in the test

    response = client.post("/ops/backup/", follow=True)

    run = JobRun.objects.get()
    assert (run.outcome, run.triggered_by, run.counts["created"]) == (
        RunOutcome.SUCCEEDED, "sysadmin 手动", 1)  # fmt: skip
    archive = next(tmp_path.glob("dangjian-backup-*.tar.gz"))
    text = response.content.decode()
    assert "已提交备份任务" in text
    assert archive.name in text and "成功" in text
    assert AuditLog.objects.filter(action="ops.backup_request", actor=sysadmin).exists()


@pytest.mark.django_db
def test_a_failed_backup_says_why_in_chinese(
    login: Callable[[User], Client], sysadmin: User, settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "一个文件").write_text("x")
    settings.BACKUP_DIR = tmp_path / "一个文件" / "备份"
    client = login(sysadmin)
    client.post("/ops/backup/")
    run = JobRun.objects.get()
    expected = f"无法写入备份目录 {settings.BACKUP_DIR}：不是目录"
    assert (run.outcome, run.detail) == (RunOutcome.FAILED, expected)
    for page in (client.get("/ops/"), client.get(f"/jobs/{run.pk}/")):
        text = page.content.decode()
        assert expected in text and "BackupError" not in text and "Not a directory" not in text


@pytest.mark.django_db(transaction=True)
def test_a_backup_asked_for_while_the_broker_is_down_says_so(
    login: Callable[[User], Client], sysadmin: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kombu.exceptions import OperationalError

    from dangjian.ops.tasks import backup_daily

    def refused(**kwargs: Any) -> None:  # what kombu raises when Redis does not answer
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(backup_daily, "delay", refused)
    response = login(sysadmin).post("/ops/backup/", follow=True)
    text = response.content.decode()
    assert response.status_code == 200
    assert "消息队列不可用，备份未能提交" in text
    assert "已提交备份任务" not in text
    assert not AuditLog.objects.filter(action="ops.backup_request").exists()
