"""The watched folder (ops/pickup.py): HR and payroll files dropped there go through their
imports as the configured account, are moved with a report, and a bad file writes nothing."""

from __future__ import annotations

import errno
import io
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from pytest_django.fixtures import Settings

from dangjian.cadres.models import Cadre
from dangjian.core.due import due_items
from dangjian.dues.models import DuesBase
from dangjian.dues.payroll_import import payroll_mapping_save
from dangjian.jobs.models import JobRun, RunOutcome
from dangjian.jobs.selectors import failing_runs
from dangjian.members.models import Member
from dangjian.ops.pickup import DONE_FOLDER, REFUSED_FOLDER, Pickup, pickup_file
from dangjian.ops.tasks import pickup
from tests.cadres.conftest import grant_cadre_access, hr_row, person_number, workbook
from tests.factories import Role, make_user


@pytest.fixture
def folder(tmp_path: Path, settings: Settings, enterprise: SimpleNamespace) -> Path:
    user = make_user("renshi", Role.ORG_ADMIN, enterprise.root, may_reveal=True)
    grant_cadre_access(user)
    settings.PICKUP_DIR = tmp_path / "pickup"
    settings.PICKUP_USER = "renshi"
    settings.PICKUP_SETTLE_SECONDS = 60
    return tmp_path / "pickup"


def _drop(folder: Path, kind: str, name: str, data: bytes, age: int = 120) -> Path:
    path = folder / kind / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def _report(folder: Path, where: str) -> str:
    (report,) = (folder / where).glob("*.结果.txt")
    return report.read_text(encoding="utf-8")


def test_an_hr_file_is_imported_as_the_account_then_again_as_unchanged(folder: Path) -> None:
    data = workbook([hr_row("赵六", person_number(1), "一支部", new="是")])
    _drop(folder, "干部信息", "10月干部.xlsx", data)
    assert pickup(triggered_by="测试") == 1
    assert Cadre.objects.get().name == "赵六"
    assert not list((folder / "干部信息").iterdir())
    moved = [p.name for p in (folder / DONE_FOLDER).iterdir()]
    assert any(n.endswith("-干部信息-10月干部.xlsx") for n in moved)
    assert "由账号 renshi 导入" in _report(folder, DONE_FOLDER)
    run = JobRun.objects.get(job="ops.pickup")
    assert run.counts == {"imported": 1, "unchanged": 0, "failed": 0}
    _drop(folder, "干部信息", "10月干部(1).xlsx", data)  # the same file dropped twice
    pickup(triggered_by="测试")
    assert Cadre.objects.count() == 1
    assert JobRun.objects.filter(job="ops.pickup").latest("started_at").counts["unchanged"] == 1


def test_a_bad_row_writes_nothing_and_the_report_names_the_cell(folder: Path) -> None:
    rows = [hr_row("赵六", person_number(1), "一支部", new="是"),
            hr_row("钱七", person_number(2), "一支部", new="是", since="2020-13-45")]  # fmt: skip
    _drop(folder, "干部信息", "坏文件.xlsx", workbook(rows))
    pickup(triggered_by="测试")
    assert not Cadre.objects.exists()
    text = _report(folder, REFUSED_FOLDER)
    assert "本次未写入任何数据" in text and "I3" in text and "任职时间" in text
    run = JobRun.objects.get(job="ops.pickup")
    assert run.counts["failed"] == 1 and "坏文件.xlsx" in run.errors[0]["record"]


def test_a_renamed_file_and_an_office_lock_file(folder: Path) -> None:
    _drop(folder, "干部信息", "不是表格.xlsx", b"just some text, not a workbook")
    _drop(folder, "干部信息", "~$锁定.xlsx", b"lock")
    _drop(folder, "干部信息", "说明.txt", b"notes")
    pickup(triggered_by="测试")
    assert "不是Excel工作簿" in _report(folder, REFUSED_FOLDER)
    left = sorted(p.name for p in (folder / "干部信息").iterdir())
    assert left == ["~$锁定.xlsx", "说明.txt"]


def test_a_file_still_being_written_waits(folder: Path) -> None:
    data = workbook([hr_row("赵六", person_number(1), "一支部", new="是")])
    path = _drop(folder, "干部信息", "正在复制.xlsx", data, age=5)
    assert pickup() == 0
    assert path.exists() and not Cadre.objects.exists()
    assert not JobRun.objects.filter(job="ops.pickup").exists()  # a scheduled tick: no row


def test_a_manual_run_without_an_account_or_a_file_is_recorded_saying_so(
    folder: Path, settings: Settings
) -> None:
    settings.PICKUP_USER = ""
    assert pickup(triggered_by="sysadmin 手动") == 0
    run = JobRun.objects.get(job="ops.pickup")
    assert run.outcome == RunOutcome.SUCCEEDED and run.triggered_by == "sysadmin 手动"
    assert "没有等待导入的文件" in run.detail and "DANGJIAN_PICKUP_USER" in run.detail


def test_without_an_account_waiting_files_fail_the_run_each_named(
    folder: Path, settings: Settings, sysadmin: User
) -> None:
    settings.PICKUP_USER = ""
    first = _drop(folder, "干部信息", "10月.xlsx", workbook([hr_row("赵六", person_number(1))]))
    second = _drop(folder, "工资", "10月工资.xlsx", _payroll([]))
    pickup(triggered_by="测试")
    assert first.exists() and second.exists() and not Cadre.objects.exists()
    run = JobRun.objects.get(job="ops.pickup")
    assert run.outcome == RunOutcome.FAILED
    assert run.counts == {"imported": 0, "unchanged": 0, "failed": 2}
    assert [e["record"] for e in run.errors] == ["干部信息文件 10月.xlsx", "工资文件 10月工资.xlsx"]
    assert all("DANGJIAN_PICKUP_USER" in e["message"] for e in run.errors)
    _raised_as_failing(run, sysadmin)


def test_refused_files_fail_the_run(folder: Path, sysadmin: User) -> None:
    _drop(folder, "干部信息", "不是表格.xlsx", b"just some text, not a workbook")
    _drop(folder, "干部信息", "也不是.xlsx", b"nor this one")
    pickup(triggered_by="测试")
    assert len(list((folder / REFUSED_FOLDER).glob("*.xlsx"))) == 2
    run = JobRun.objects.get(job="ops.pickup")
    assert run.outcome == RunOutcome.FAILED
    assert run.counts == {"imported": 0, "unchanged": 0, "failed": 2}
    assert all(f"已移入“{REFUSED_FOLDER}”" in e["message"] for e in run.errors)
    _raised_as_failing(run, sysadmin)


def _raised_as_failing(run: JobRun, sysadmin: User) -> None:
    assert list(failing_runs()) == [run]
    card = [i for i in due_items(sysadmin, timezone.localdate()) if i.key == "jobs.failed"]
    assert [(c.title, c.count) for c in card] == [("定时任务运行失败", 1)]


def test_a_file_in_place_of_a_folder_fails_the_run_in_chinese(folder: Path) -> None:
    data = workbook([hr_row("赵六", person_number(1), "一支部", new="是")])
    path = _drop(folder, "干部信息", "10月干部.xlsx", data)
    (folder / DONE_FOLDER).write_text("一个文件占了文件夹的名字")
    with pytest.raises(FileExistsError):
        pickup(triggered_by="测试")
    assert path.exists()
    run = JobRun.objects.get(job="ops.pickup")
    assert run.outcome == RunOutcome.FAILED
    assert run.detail == f"{folder / DONE_FOLDER}：已存在同名的文件或目录"


def test_a_file_the_disk_refuses_stays_and_the_others_are_picked_up(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = _drop(folder, "干部信息", "1.xlsx", b"not a workbook", age=200)
    _drop(folder, "干部信息", "2.xlsx", b"nor this", age=100)

    def disk_full(user: User, kind: str, path: Path, now: datetime) -> Pickup:
        if path == full:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return pickup_file(user, kind, path, now)

    monkeypatch.setattr("dangjian.ops.tasks.pickup_file", disk_full)
    pickup(triggered_by="测试")
    assert full.exists()
    run = JobRun.objects.get(job="ops.pickup")
    assert run.outcome == RunOutcome.FAILED and run.counts["failed"] == 2
    assert run.errors[0] == {
        "record": "干部信息文件 1.xlsx",
        "message": f"文件未能处理，留在原处：{full}：磁盘空间不足",
    }
    assert run.errors[1]["record"] == "干部信息文件 2.xlsx"


def test_names_and_reports_carry_beijing_time(folder: Path) -> None:
    user = User.objects.get(username="renshi")
    path = _drop(folder, "干部信息", "坏.xlsx", b"not a workbook")
    at = datetime(2026, 12, 1, 2, 38, 5, tzinfo=UTC)  # 10:38:05 in Beijing
    item = pickup_file(user, "干部信息", path, at)
    assert item.moved_to is not None and item.moved_to.name == "20261201-103805-干部信息-坏.xlsx"
    assert "2026-12-01 10:38:05 由账号 renshi 导入" in _report(folder, REFUSED_FOLDER)


def test_an_account_without_the_cadre_permission_is_refused(
    folder: Path, settings: Settings, enterprise: SimpleNamespace
) -> None:
    make_user("caiwu", Role.ORG_ADMIN, enterprise.root)
    settings.PICKUP_USER = "caiwu"
    _drop(
        folder,
        "干部信息",
        "10月.xlsx",
        workbook([hr_row("赵六", person_number(1), "一支部", new="是")]),
    )
    pickup(triggered_by="测试")
    assert not Cadre.objects.exists()
    assert "无权" in _report(folder, REFUSED_FOLDER)


def _payroll(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "公民身份号码", "月份", "基本工资"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_payroll_file_sets_the_dues_base(folder: Path, member_a: Member) -> None:
    user = User.objects.get(username="renshi")
    payroll_mapping_save(actor=user, mapping={"基本工资": "basic_wage"})
    _drop(folder, "工资", "1月工资.xlsx", _payroll([["张三", member_a.id_number, "2024-01", 4000]]))
    pickup(triggered_by="测试")
    assert DuesBase.objects.filter(member=member_a, month="2024-01-01").exists()
    assert "导入完成" in _report(folder, DONE_FOLDER)
