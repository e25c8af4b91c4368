"""Every uploaded workbook is bounded before it is read, and read where a crash harms nothing.

Each hostile file goes through the real pages of every import (党员, 党组织, 工资表): the answer is
the page with a Chinese message naming the bound, never a 500, and nothing is written.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.test import Client
from pytest_django import Settings

from dangjian.core.models import AuditLog
from dangjian.core.workbook import ImportFileError, WorkbookLimits, read_workbook
from dangjian.dues.models import PayrollEntry, PayrollImport
from dangjian.members.models import Member, MemberEvent
from dangjian.orgs.models import Organization
from tests import hostile_workbooks as hostile
from tests.hostile_workbooks import HOSTILE

SAMPLES = Path(django_settings.REPO_DIR).parent / "shared" / "samples"
IDS = [case[0] for case in HOSTILE]


def _written() -> dict[str, int]:
    models = (Member, MemberEvent, Organization, AuditLog, PayrollEntry, PayrollImport)
    return {model.__name__: model.objects.count() for model in models}


def _post(client: Any, url: str, content: bytes, name: str, **data: Any) -> Any:
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(url, {"file": upload, **data})


def _assert_refused(page: Any, message: str, before: dict[str, int]) -> None:
    assert page.status_code == 200
    assert message in page.content.decode()
    assert _written() == before


# --- through the pages of every import -----------------------------------------------------------


@pytest.mark.parametrize(("label", "name", "content", "message"), HOSTILE, ids=IDS)
def test_member_import_refuses_hostile_files(
    login: Callable[[User], Client],
    org_admin_general: User,
    label: str,
    name: str,
    content: bytes,
    message: str,
) -> None:
    client, before = login(org_admin_general), _written()
    page = _post(client, "/members/import/", content, name, kind="members")
    _assert_refused(page, message, before)


@pytest.mark.parametrize(("label", "name", "content", "message"), HOSTILE, ids=IDS)
def test_org_import_refuses_hostile_files(
    login: Callable[[User], Client],
    org_admin_general: User,
    label: str,
    name: str,
    content: bytes,
    message: str,
) -> None:
    client, before = login(org_admin_general), _written()
    page = _post(client, "/members/import/", content, name, kind="orgs")
    _assert_refused(page, message, before)


@pytest.mark.parametrize(("label", "name", "content", "message"), HOSTILE, ids=IDS)
def test_payroll_import_refuses_hostile_files(
    login: Callable[[User], Client],
    secretary_a: User,
    member_a: Member,
    settings: Settings,
    tmp_path: Path,
    label: str,
    name: str,
    content: bytes,
    message: str,
) -> None:
    settings.DATA_DIR = tmp_path
    client, before = login(secretary_a), _written()
    page = _post(client, "/dues/payroll/", content, name)
    _assert_refused(page, message, before)
    assert not list(tmp_path.rglob("*.xlsx"))  # nothing kept for the mapping step either


def test_file_over_the_size_bound_is_refused_before_it_is_read(
    login: Callable[[User], Client], org_admin_general: User, secretary_a: User, settings: Settings
) -> None:
    settings.WORKBOOK_LIMITS = {"max_bytes": 2048}
    content = hostile.real_workbook(50)
    client = login(org_admin_general)  # a login is itself an audit row: count after it
    before = _written()
    page = _post(client, "/members/import/", content, "a.xlsx", kind="members")
    _assert_refused(page, "超过上限2 KB", before)
    client = login(secretary_a)
    before = _written()
    page = _post(client, "/dues/payroll/", content, "a.xlsx")
    _assert_refused(page, "超过上限2 KB", before)


def _cells(count: int) -> str:
    """A worksheet of ``count`` numbers in column A."""
    return hostile.sheet(
        "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, count + 1))
    )


# --- the reader and its bounds ----------------------------------------------------------------


def test_rows_come_back_with_their_excel_numbers_and_types() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["B2"] = "党员"
    sheet["C2"] = date(2024, 7, 1)
    sheet["D4"] = datetime(2024, 7, 1, 8, 30)
    sheet["E4"] = -12.5
    hidden = book.create_sheet("隐藏")
    hidden["A1"] = "x"
    hidden.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    sheets = read_workbook(out.getvalue(), visible_only=True)
    assert [s.name for s in sheets] == ["Sheet"]
    assert sheets[0].rows == [
        (2, ["", "党员", date(2024, 7, 1), "", ""]),
        (4, ["", "", "", datetime(2024, 7, 1, 8, 30), -12.5]),
    ]


def test_a_reader_that_crashes_becomes_a_message(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """The tester's file with the range checks lifted: calamine aborts allocating the range,
    in the reader process; this process gets the message and carries on."""
    settings.WORKBOOK_LIMITS = {
        "max_rows": 1_048_576, "max_columns": 16_384, "max_cells": 10**12,
        "reader_memory_mb": 512,
    }  # fmt: skip
    with pytest.raises(ImportFileError, match="读取该文件超出内存上限512 MB"):
        read_workbook(hostile.huge_range(declared=False))
    assert "返回码" in caplog.text  # the operator sees how the reader ended
    assert read_workbook(hostile.real_workbook(2))[0].rows[1][1] == ["党员0", "11010119850701000X"]


@pytest.mark.parametrize(
    ("limits", "content", "message"),
    [
        ({"max_sheets": 2}, hostile.xlsx([hostile.sheet("")] * 3), "有3张工作表，超过上限2张"),
        ({"max_rows": 10}, hostile.real_workbook(20), "数据范围为A1:B21，超过上限（最多10行"),
        ({"max_cells": 30}, hostile.real_workbook(20), "A1:B21，超过上限（.*共30个单元格"),
        ({"max_cells": 30}, hostile.xlsx([_cells(20), _cells(20)]), "工作表“表2”处的单元格累计40个"),
        ({"max_shared_strings_bytes": 100}, hostile.shared_strings_workbook(), "共享字符串表解压后为"),
        ({"max_cells": 10}, hostile.many_strings(20), "共享字符串表有20项，超过上限10项"),
        ({"max_entries": 3}, hostile.real_workbook(1), "超过上限3个"),
        ({"max_uncompressed_bytes": 1000}, hostile.real_workbook(1), "超过上限1000字节"),
    ],
)  # fmt: skip
def test_each_bound_is_a_setting_and_named_when_exceeded(
    settings: Settings, limits: dict[str, int], content: bytes, message: str
) -> None:
    settings.WORKBOOK_LIMITS = limits
    with pytest.raises(ImportFileError, match=message):
        read_workbook(content)


def test_a_sparse_sheet_is_judged_by_the_rectangle_calamine_would_allocate() -> None:
    """Two cells, each within the row and column bounds, spanning 400,000 x 500 cells."""
    rows = (
        f'<row r="1">{hostile.text_cell("A1", "姓名")}</row>'
        '<row r="400000"><c r="SF400000"><v>1</v></c></row>'
    )
    with pytest.raises(ImportFileError, match="数据范围达400000行×500列，超过上限10000000个"):
        read_workbook(hostile.xlsx([hostile.sheet(rows)]))
    declared = hostile.sheet(rows, before='<dimension ref="A1:SF400000"/>')
    with pytest.raises(ImportFileError, match=r"A1:SF400000，超过上限（.*共10000000个单元格"):
        read_workbook(hostile.xlsx([declared]))


def test_a_reader_over_its_cpu_time_is_stopped_with_a_message(settings: Settings) -> None:
    """Checking 100 parts of 250,000 elements takes seconds of CPU; the bound is 1 second."""
    settings.WORKBOOK_LIMITS = {"reader_seconds": 1}
    with pytest.raises(ImportFileError, match="读取该文件超过时间上限1秒"):
        read_workbook(hostile.slow_to_check())


def test_unknown_bound_in_settings_fails_loudly(settings: Settings) -> None:
    settings.WORKBOOK_LIMITS = {"max_rowz": 1}
    with pytest.raises(ValueError, match="max_rowz"):
        WorkbookLimits.from_settings()


def test_xls_is_read_through_the_same_bounds(settings: Settings) -> None:
    """An .xls (BIFF8) from an office: read in the limited process, its range checked."""
    content = (SAMPLES / "roster_from_an_office.xls").read_bytes()
    (sheet,) = read_workbook(content)
    assert sheet.name == "花名册" and sheet.rows[1][1][:2] == ["序号", "姓名"]
    settings.WORKBOOK_LIMITS = {"max_rows": 5}
    with pytest.raises(ImportFileError, match=r"工作表“花名册”的数据行达到第\d+行，超过上限5行"):
        read_workbook(content)


def test_xls_upload_goes_through_the_import_page(
    login: Callable[[User], Client], org_admin_general: User
) -> None:
    content = (SAMPLES / "roster_from_an_office.xls").read_bytes()
    page = _post(
        login(org_admin_general), "/members/import/", content, "花名册.xls", kind="members"
    )
    # A roster with its own headers goes to the mapping screen first.
    assert page.status_code == 200 and page.context["mapping_form"] is not None
    assert "确认列的对应关系" in page.content.decode()


@pytest.mark.parametrize(
    ("content", "what"),
    [(b"%PDF-1.7\n", "PDF文档"), (b"MZ\x90\x00", "Windows程序"), ("姓名,身份证号\n".encode(), "文本文件"),
     (b"\x01\x02\x03\x04\x05", "无法识别的文件")],
)  # fmt: skip
def test_a_renamed_file_is_named_by_what_it_is(content: bytes, what: str) -> None:
    with pytest.raises(ImportFileError, match=f"不是Excel工作簿（{what}"):
        read_workbook(content)
