"""Excel of the 党员动态 registers: the exports (scoped, overdue 回执 marked, 流出 and 流入
sheets) and the import of the 流动党员 register from a real .xlsx (preview, errors by sheet,
row and column in Chinese, all or nothing, the same file twice changes nothing)."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from dangjian.dynamics.excel_import import import_floating
from dangjian.dynamics.floating import FloatingInput, floating_record
from dangjian.dynamics.models import ContactRecord, FloatingRecord
from dangjian.dynamics.services import letter_issue, member_transfer_start
from dangjian.members.models import Member
from tests.factories import Role, make_member, make_user

HEADERS = ["方向", "姓名", "流动去向（流入来源）", "流动起始日期", "联系方式", "流动党员活动证编号",
           "出国（境）学习研究", "最近联系日期", "最近联系途径", "联系情况", "返回日期"]  # fmt: skip


def _sheets(content: bytes) -> dict[str, list[list[Any]]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def _xlsx(rows: Sequence[Sequence[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "流动党员"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def registers(enterprise: SimpleNamespace, secretary_a: User, member_a: Member) -> None:
    """Branch A: a transfer to B, an expired letter without 回执, one member out, one in."""
    member_transfer_start(actor=secretary_a, member_id=member_a.pk, to_org_id=enterprise.branch_b.pk,
                          effective_on=timezone.localdate(), reason="工作调动")  # fmt: skip
    leaver = make_member(enterprise.branch_a, name="郑外调")
    letter_issue(actor=secretary_a, member_id=leaver.pk, destination="某省某市党委组织部",
                 reason="调出", issued_on=timezone.localdate() - timedelta(days=200))  # fmt: skip
    away = make_member(enterprise.branch_a, name="孙留学")
    since = timezone.localdate() - timedelta(days=300)
    floating_record(actor=secretary_a, data=FloatingInput(direction="out", place="英国某大学",
                    since=since, member_id=away.pk, abroad_study=True))  # fmt: skip
    floating_record(actor=secretary_a, data=FloatingInput(direction="in", place="外省某县",
                    since=since, organization_id=enterprise.branch_a.pk, name="周流入"))  # fmt: skip


def test_the_registers_export_with_overdue_marks(
    registers: None, secretary_a: User, login: Callable[[User], Client]
) -> None:
    client = login(secretary_a)
    transfers = _sheets(client.get("/dynamics/transfers/export.xlsx").content)["组织关系转接"]
    assert transfers[2][:3] == ["姓名", "转出组织", "转入组织"]
    assert transfers[3][:3] == ["张三", "一支部", "二支部"] and transfers[3][7] == "审批中"
    letters = _sheets(client.get("/dynamics/letters/export.xlsx").content)["介绍信"]
    assert letters[3][1] == "郑外调" and letters[3][11] == "逾期未回执"
    floating = _sheets(client.get("/dynamics/floating/export.xlsx").content)
    assert [r[0] for r in floating["流出党员"][3:]] == ["孙留学"]
    assert floating["流出党员"][3][9] == "逾期未联系"
    assert [r[0] for r in floating["流入党员"][3:]] == ["周流入"]


def test_another_branchs_secretary_exports_empty_registers(
    registers: None, enterprise: SimpleNamespace, login: Callable[[User], Client]
) -> None:
    client = login(make_user("shuji_c", Role.SECRETARY, enterprise.branch_c))
    for url in ("/dynamics/transfers/export.xlsx", "/dynamics/letters/export.xlsx"):
        assert all(len(rows) == 3 for rows in _sheets(client.get(url).content).values()), url
    floating = _sheets(client.get("/dynamics/floating/export.xlsx").content)
    assert all(len(rows) == 3 for rows in floating.values())


def test_a_member_may_not_export(member_a_user: User, login: Callable[[User], Client]) -> None:
    assert login(member_a_user).get("/dynamics/letters/export.xlsx").status_code == 403


def _good_rows() -> list[list[Any]]:
    return [
        ["流出", "张三", "深圳某公司", "2025-03-01", "13800000000", "LD001", "否",
         "2025-09-01", "电话", "工作正常", None],
        ["流入", "周流入", "外省某县", "2025/4/1", "", "", "否", None, None, None, None],
        ["流出", "王留学", "英国某大学", "2025年1月5日", "", "", "是", None, None, None,
         "2025-12-01"],
    ]  # fmt: skip


def test_preview_writes_nothing_and_import_writes_all(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    make_member(enterprise.branch_a, name="王留学")
    data = _xlsx(_good_rows())
    preview = import_floating(actor=secretary_a, branch=enterprise.branch_a, source=data,
                              commit=False)  # fmt: skip
    assert not preview.report.rejected and not preview.report.committed
    assert "预览" in preview.summary
    assert not FloatingRecord.objects.exists()
    done = import_floating(actor=secretary_a, branch=enterprise.branch_a, source=data, commit=True)
    assert done.report.committed, [str(p) for p in done.report.problems]
    assert FloatingRecord.objects.count() == 3
    assert ContactRecord.objects.get().way == "电话"
    returned = FloatingRecord.objects.get(name="王留学")
    assert returned.returned_on == date(2025, 12, 1) and returned.abroad_study


def test_the_same_file_twice_changes_nothing(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    make_member(enterprise.branch_a, name="王留学")
    data = _xlsx(_good_rows())
    import_floating(actor=secretary_a, branch=enterprise.branch_a, source=data, commit=True)
    again = import_floating(actor=secretary_a, branch=enterprise.branch_a, source=data, commit=True)
    assert {r.outcome.value for r in again.report.rows} == {"unchanged"}
    assert FloatingRecord.objects.count() == 3 and ContactRecord.objects.count() == 1


def test_one_bad_row_refuses_the_file_naming_sheet_row_and_column(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member, member_b: Member
) -> None:
    """李四 is of 二支部: not found among 一支部's members, and said so without more."""
    rows = [
        *_good_rows()[:2],
        ["流出", "李四", "上海", "2025-02-01", "", "", "否", None, None, None, None],
        ["流入", "吴某", "外省", "2025-02-30", "", "", "否", None, None, None, None],
        ["流入", "郑某", "外省", "2025-02-01", "", "", "否", None, "电话", None, None],
    ]  # fmt: skip
    result = import_floating(actor=secretary_a, branch=enterprise.branch_a, source=_xlsx(rows),
                             commit=True)  # fmt: skip
    assert not result.report.committed and "未导入任何数据" in result.summary
    problems = {(p.sheet, p.row, p.column): p.reason for p in result.report.problems}
    assert "本支部党员中找到“李四”" in problems[("流动党员", 4, "B")]
    assert "流动起始日期" in str(result.report.problems[1]) and ("流动党员", 5, "D") in problems
    assert "最近联系日期" in problems[("流动党员", 6, "H")]
    assert not FloatingRecord.objects.exists()


def test_the_import_page_previews_then_imports(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    client = login(secretary_a)
    assert client.get("/dynamics/floating/import/").status_code == 200
    data = _xlsx(_good_rows()[:2])

    def upload(button: str) -> str:
        file = io.BytesIO(data)
        file.name = "流动党员.xlsx"
        page = client.post("/dynamics/floating/import/",
                           {"branch": enterprise.branch_a.pk, "file": file, button: "1"})  # fmt: skip
        assert page.status_code == 200
        return page.content.decode()

    assert "预览结果（未保存）" in upload("preview") and not FloatingRecord.objects.exists()
    assert "导入完成" in upload("commit") and FloatingRecord.objects.count() == 2
    template = client.get("/dynamics/floating/import/template.xlsx")
    assert _sheets(template.content)["流动党员"][0][:3] == ["方向", "姓名", "流动去向(流入来源)"]
    other = login(make_user("shuji_c", Role.SECRETARY, enterprise.branch_c))
    refused = other.post("/dynamics/floating/import/", {"branch": enterprise.branch_a.pk,
                                                         "file": io.BytesIO(data), "commit": "1"})  # fmt: skip
    assert "请选择您负责的党支部" in refused.content.decode()
