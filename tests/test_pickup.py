"""The watched folder (ops/pickup.py): HR and payroll files dropped there go through their
imports as the configured account, are moved with a report, and a bad file writes nothing."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from pytest_django.fixtures import Settings

from dangjian.cadres.models import Cadre
from dangjian.dues.models import DuesBase
from dangjian.dues.payroll_import import payroll_mapping_save
from dangjian.jobs.models import JobRun
from dangjian.members.models import Member
from dangjian.ops.pickup import DONE_FOLDER, REFUSED_FOLDER
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
    assert pickup(triggered_by="测试") == 0
    assert path.exists() and not Cadre.objects.exists()
    assert not JobRun.objects.filter(job="ops.pickup").exists()  # nothing to do: no row


def test_without_an_account_nothing_is_imported_and_the_run_says_why(
    folder: Path, settings: Settings
) -> None:
    settings.PICKUP_USER = ""
    path = _drop(folder, "干部信息", "10月.xlsx", workbook([hr_row("赵六", person_number(1))]))
    pickup(triggered_by="测试")
    assert path.exists() and not Cadre.objects.exists()
    run = JobRun.objects.get(job="ops.pickup")
    assert "DANGJIAN_PICKUP_USER" in run.errors[0]["message"]


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
