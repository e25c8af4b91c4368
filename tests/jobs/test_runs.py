"""Run records: one run of a job at a time, a killed run found and done again, manual runs,
errors naming their record, and quiet sweeps."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from dangjian.jobs.models import JobRun, RunOutcome
from dangjian.jobs.runs import job_run, running_run
from dangjian.jobs.selectors import failing_runs
from dangjian.ops.backup import BackupError

pytestmark = pytest.mark.django_db

JOB = "ops.backup_daily"


def dead_pid() -> int:
    """The id of a process that has ended (a child we started and reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_second_run_while_one_is_at_work_stands_aside_and_says_so() -> None:
    with job_run(JOB, period="2026-11-30") as first:
        assert not first.already_done
        with job_run(JOB, period="2026-11-30", triggered_by="admin 手动", force=True) as second:
            assert second.already_done
        first.counts = {"created": 1}
    runs = list(JobRun.objects.order_by("pk"))
    assert [r.outcome for r in runs] == [RunOutcome.SUCCEEDED, RunOutcome.SKIPPED]
    assert "同一任务正在运行" in runs[1].detail


def test_a_run_whose_process_died_is_marked_interrupted_and_its_period_done_again() -> None:
    killed = JobRun.objects.create(job=JOB, period="2026-11-30", started_at=timezone.now(),
                                   host=socket.gethostname(), pid=dead_pid())  # fmt: skip
    with job_run(JOB, period="2026-11-30") as rerun:
        assert not rerun.already_done  # the killed run did not finish the period
        rerun.counts = {"created": 1}
    killed.refresh_from_db()
    assert killed.outcome == RunOutcome.INTERRUPTED and killed.finished_at is not None
    assert "运行中断" in killed.detail
    assert JobRun.objects.get(pk=rerun.run.pk).outcome == RunOutcome.SUCCEEDED


def test_a_run_on_another_machine_counts_as_running_until_the_time_limit() -> None:
    elsewhere = JobRun.objects.create(job=JOB, started_at=timezone.now() - timedelta(hours=1),
                                      host="另一台服务器", pid=1)  # fmt: skip
    assert running_run(JOB) == elsewhere
    JobRun.objects.filter(pk=elsewhere.pk).update(started_at=timezone.now() - timedelta(hours=7))
    assert running_run(JOB) is None
    elsewhere.refresh_from_db()
    assert elsewhere.outcome == RunOutcome.INTERRUPTED


def test_this_process_own_run_is_alive() -> None:
    mine = JobRun.objects.create(job=JOB, started_at=timezone.now(), host=socket.gethostname(),
                                 pid=os.getpid())  # fmt: skip
    assert running_run(JOB) == mine


def test_a_done_period_is_skipped_unless_the_run_is_forced() -> None:
    for _ in range(2):
        with job_run(JOB, period="2026-11-30") as run:
            if not run.already_done:
                run.counts = {"created": 1}
    with job_run(JOB, period="2026-11-30", force=True) as forced:
        assert not forced.already_done
    outcomes = list(JobRun.objects.order_by("pk").values_list("outcome", flat=True))
    assert outcomes == [RunOutcome.SUCCEEDED, RunOutcome.SKIPPED, RunOutcome.SUCCEEDED]


def test_errors_name_the_record_are_counted_and_fail_the_run() -> None:
    with job_run("notifications.reminder_scan", period="2026-11-30") as run:
        run.counts = {"created": 3}
        run.error("用户 shuji_a", "KeyError: 'x'")
    done = JobRun.objects.get()
    assert done.errors == [{"record": "用户 shuji_a", "message": "KeyError: 'x'"}]
    assert done.counts == {"created": 3, "failed": 1}
    assert done.outcome == RunOutcome.FAILED  # raised on the home page until a run succeeds
    assert list(failing_runs()) == [done]


def test_a_failing_job_is_recorded_failed_with_its_message() -> None:
    with pytest.raises(RuntimeError), job_run(JOB, period="2026-11-30"):
        raise RuntimeError("磁盘已满")
    run = JobRun.objects.get()
    assert run.outcome == RunOutcome.FAILED and "磁盘已满" in run.detail


def test_a_failure_s_message_is_chinese_without_the_exception_s_class() -> None:
    with pytest.raises(BackupError), job_run(JOB, period="2026-11-30"):
        raise BackupError("无法写入备份目录 /srv/备份：不是目录")
    assert JobRun.objects.get().detail == "无法写入备份目录 /srv/备份：不是目录"


def test_an_os_error_that_ends_a_run_is_translated(tmp_path: Path) -> None:
    with pytest.raises(OSError), job_run(JOB, period="2026-11-30"):
        (tmp_path / "无此目录" / "文件").write_text("x")
    assert JobRun.objects.get().detail == f"{tmp_path / '无此目录' / '文件'}：不存在"


def test_a_quiet_sweep_started_by_a_person_is_recorded_even_when_it_found_nothing() -> None:
    with job_run("notifications.deliver_due", triggered_by="sysadmin 手动", quiet=True) as run:
        run.counts = {"created": 0}
    done = JobRun.objects.get()
    assert (done.outcome, done.detail) == (RunOutcome.SUCCEEDED, "没有需要处理的事项")


def test_a_quiet_sweep_that_found_nothing_leaves_no_row_but_one_that_worked_does() -> None:
    with job_run("notifications.deliver_due", quiet=True) as idle:
        idle.counts = {"created": 0}
    assert not JobRun.objects.exists()
    with job_run("notifications.deliver_due", quiet=True) as busy:
        busy.counts = {"created": 2}
    assert JobRun.objects.get().counts == {"created": 2}
