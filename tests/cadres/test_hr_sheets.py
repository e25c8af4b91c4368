"""The HR workbook's other sheets (培训记录, 奖惩情况, 后备干部), filled into the downloaded
template: previewed, all rows or none, the same file twice changing nothing, each refusal naming
the sheet, row and column."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from io import BytesIO
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from dangjian.cadres.hr_import import LABELS, hr_import_apply, hr_import_preview
from dangjian.cadres.hr_template import write_hr_template
from dangjian.cadres.models import (
    Cadre,
    CadreChange,
    ReserveCadre,
    RewardSanction,
    TrainingRecord,
)
from dangjian.core.models import AuditLog
from tests.cadres.conftest import HEADER, hr_row, person_number

Login = Callable[[User], Client]
Rows = dict[str, list[list[Any]]]

NEW = person_number(1)
TRAINING = ["赵六", NEW, "中青年干部培训班", "省委党校", "2025-03-01", "2025-03-20", 96]
REWARD = ["赵六", NEW, "奖励", "公司优秀共产党员", "2025-06-28", "公司党委"]
RESERVE = ["赵六", NEW, "运检部", "主任", "2024-01-01", ""]


def filled(rows: Rows) -> bytes:
    """The downloaded template with ``rows`` appended to the sheets named."""
    book = load_workbook(BytesIO(write_hr_template()))
    for sheet, lines in rows.items():
        for line in lines:
            book[sheet].append(_in_template_order(line) if sheet == "干部信息" else line)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _in_template_order(line: list[Any]) -> list[Any]:
    """A row made by ``hr_row`` (the columns of ``HEADER``) in the template's column order."""
    by_header = dict(zip(HEADER, line, strict=True))
    return [by_header.get(header, "") for header in LABELS.values()]


def _state() -> tuple[int, ...]:
    return (Cadre.objects.count(), TrainingRecord.objects.count(),
            RewardSanction.objects.count(), ReserveCadre.objects.count(),
            CadreChange.objects.count(), AuditLog.objects.count())  # fmt: skip


@pytest.fixture
def whole() -> bytes:
    """A new cadre on 干部信息 and a record of each kind for them on the other sheets."""
    return filled({"干部信息": [hr_row("赵六", NEW, "一支部", new="是")],
                   "培训记录": [TRAINING], "奖惩情况": [REWARD], "后备干部": [RESERVE]})  # fmt: skip


def test_the_template_has_every_sheet_and_its_instructions(
    enterprise: SimpleNamespace, cadre_admin: User, plain_admin: User, login: Login
) -> None:
    response = login(cadre_admin).get(reverse("cadres:import_template"))
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["干部信息", "培训记录", "奖惩情况", "后备干部", "填写说明"]
    training = [c.value for c in book["培训记录"][1]]
    assert training == [
        "姓名",
        "公民身份号码",
        "培训项目",
        "培训机构",
        "开始日期",
        "结束日期",
        "学时",
    ]
    assert "下载导入模板" in login(cadre_admin).get(reverse("cadres:import")).content.decode()
    assert login(plain_admin).get(reverse("cadres:import_template")).status_code == 403


def test_the_record_sheets_are_previewed_then_written_once(
    enterprise: SimpleNamespace, cadre_admin: User, whole: bytes
) -> None:
    before = _state()
    preview = hr_import_preview(actor=cadre_admin, source=whole)
    assert not preview.refused, preview.report.problems
    assert _state() == before  # the preview wrote nothing
    shown = {(r.sheet, r.row): r.changes for r in preview.rows}
    assert shown[("培训记录", 2)] == ["新增培训记录"]
    assert shown[("奖惩情况", 2)] == ["新增奖惩记录"]
    assert shown[("后备干部", 2)] == ["新增后备干部"]
    done = hr_import_apply(actor=cadre_admin, source=whole)
    assert done.report.committed
    cadre = Cadre.objects.get(name="赵六")
    course = cadre.trainings.get()
    assert (course.organiser, course.started_on, course.ended_on, course.hours) == (
        "省委党校", date(2025, 3, 1), date(2025, 3, 20), 96)  # fmt: skip
    assert cadre.rewards.get().kind == "reward" and cadre.reserve_for.get().until is None
    after = _state()
    again = hr_import_apply(actor=cadre_admin, source=whole)
    assert _state() == after and again.change_count == 0  # the same file twice: nothing


def test_a_changed_record_is_corrected_not_added(
    enterprise: SimpleNamespace, cadre_admin: User, whole: bytes
) -> None:
    hr_import_apply(actor=cadre_admin, source=whole)
    ended = [*RESERVE[:5], "2026-06-30"]
    longer = [*TRAINING[:6], 100]
    result = hr_import_apply(
        actor=cadre_admin, source=filled({"培训记录": [longer], "后备干部": [ended]})
    )
    assert not result.refused, result.report.problems
    assert TrainingRecord.objects.get().hours == 100
    assert ReserveCadre.objects.get().until == date(2026, 6, 30)


def test_each_bad_row_is_named_by_sheet_row_and_column_and_nothing_is_written(
    enterprise: SimpleNamespace, cadre_admin: User, whole: bytes
) -> None:
    hr_import_apply(actor=cadre_admin, source=whole)
    before = _state()
    rows: Rows = {
        "培训记录": [
            [*TRAINING[:4], "2025-05-01", "2025-04-01", 8],  # ends before it starts
            [*TRAINING[:2], "党史学习", "", "2025-05-01", "2025-05-02", "很多"],
            ["赵七", *TRAINING[1:3], "", "2025-07-01", "2025-07-02", 8],  # not the cadre's name
        ],
        "奖惩情况": [[*REWARD[:2], "表扬", *REWARD[3:]]],
        "后备干部": [
            [RESERVE[0], person_number(9), *RESERVE[2:]],  # not a cadre
            [*RESERVE[:4], "2024-01-01", "2023-01-01"],
        ],
    }
    result = hr_import_apply(actor=cadre_admin, source=filled(rows))
    assert result.refused and _state() == before
    found = {(p.sheet, p.row, p.column, p.header) for p in result.report.problems}
    assert ("培训记录", 2, "F", "结束日期") in found
    assert ("培训记录", 3, "G", "学时") in found
    assert ("培训记录", 4, "A", "姓名") in found
    assert ("奖惩情况", 2, "C", "奖惩类别") in found
    assert ("后备干部", 2, "B", "公民身份号码") in found
    assert ("后备干部", 3, "F", "调整出后备时间") in found
    reasons = " ".join(p.reason for p in result.report.problems)
    assert "干部信息库中没有这个公民身份号码" in reasons and "不一致" in reasons


def test_the_same_record_twice_in_a_file_is_refused_on_its_second_row(
    enterprise: SimpleNamespace, cadre_admin: User
) -> None:
    twice = filled({"干部信息": [hr_row("赵六", NEW, "一支部", new="是")],
                    "培训记录": [TRAINING, [*TRAINING[:6], 40]]})  # fmt: skip
    result = hr_import_apply(actor=cadre_admin, source=twice)
    assert result.refused and Cadre.objects.count() == 0
    problem = result.report.problems[0]
    assert (problem.sheet, problem.row, problem.column) == ("培训记录", 3, "B")
    assert "与第2行是同一条培训记录" in problem.reason


def test_a_sheet_is_known_by_its_header_whatever_its_name(
    enterprise: SimpleNamespace, cadre_admin: User, whole: bytes
) -> None:
    """An HR system's own export: one sheet named 导出数据 holding training rows."""
    hr_import_apply(actor=cadre_admin, source=whole)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "导出数据"
    sheet.append(["姓名", "公民身份号码", "培训项目", "培训机构", "开始日期", "结束日期", "学时"])
    sheet.append(["赵六", NEW, "安全生产培训", "公司", "2025-09-01", "2025-09-02", 16])
    out = BytesIO()
    book.save(out)
    result = hr_import_apply(actor=cadre_admin, source=out.getvalue())
    assert not result.refused, result.report.problems
    assert TrainingRecord.objects.filter(name="安全生产培训").exists()


def test_the_import_page_previews_and_confirms_the_record_sheets(
    enterprise: SimpleNamespace, cadre_admin: User, whole: bytes, login: Login
) -> None:
    client = login(cadre_admin)
    upload = BytesIO(whole)
    upload.name = "干部信息月度更新.xlsx"
    preview = client.post(reverse("cadres:import"), {"file": upload})
    text = preview.content.decode()
    assert "培训记录第2行" in text and "新增培训记录" in text and "后备干部第2行" in text
    assert TrainingRecord.objects.count() == 0
    done = client.post(reverse("cadres:import"), {"token": preview.context["token"]})
    assert "已导入" in done.content.decode()
    assert Cadre.objects.get().trainings.get().hours == 96


def test_a_cadre_outside_the_grant_is_not_found_and_not_named(
    enterprise: SimpleNamespace, cadre_admin: User, cadre_admin_general: User
) -> None:
    """赵六 is filed under 三支部, outside 第一党总支's cadre scope: its administrator's training
    row for him is refused as for an unknown number, without his name."""
    hr_import_apply(actor=cadre_admin, source=filled({
        "干部信息": [hr_row("赵六", NEW, "三支部", new="是")]}))  # fmt: skip
    before = _state()
    other = [*TRAINING]
    other[0] = "钱七"
    result = hr_import_apply(actor=cadre_admin_general, source=filled({"培训记录": [other]}))
    assert result.refused and _state() == before
    problem = result.report.problems[0]
    assert (problem.sheet, problem.column) == ("培训记录", "B")
    assert "干部信息库中没有" in problem.reason and "赵六" not in problem.reason
