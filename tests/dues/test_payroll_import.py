"""Payroll import: mapping saved and offered again, errors by sheet/row/column, all-or-nothing,
and the same file twice changes nothing."""

from __future__ import annotations

import io
from typing import Any, cast

import openpyxl
import pytest
from django.contrib.auth.models import User
from openpyxl.worksheet.worksheet import Worksheet

from dangjian.dues.models import DuesBase, PayrollEntry, PayrollImport
from dangjian.dues.payroll_import import (
    payroll_import,
    payroll_mapping_save,
    read_payroll_sheets,
    saved_mapping,
    suggest_category,
    unmapped_headers,
)
from dangjian.members.excel.report import Outcome
from dangjian.members.models import Member
from dangjian.rules.dates import YearMonth
from tests.dues.conftest import D

pytestmark = pytest.mark.django_db
HEADERS = [
    "序号",
    "姓名",
    "公民身份号码",
    "月份",
    "基本工资",
    "岗位工资",
    "加班费",
    "个人所得税",
    "养老保险个人",
]
MAPPING = {
    "序号": "ignore",
    "基本工资": "basic_wage",
    "岗位工资": "post_wage",
    "加班费": "overtime",
    "个人所得税": "income_tax",
    "养老保险个人": "social_insurance",
}


def workbook(rows: list[list[Any]], headers: list[str] = HEADERS) -> bytes:
    wb = openpyxl.Workbook()
    ws = cast(Worksheet, wb.active)
    ws.title = "2024年1月工资"
    ws.append(headers)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def line(member: Member, basic: Any = 4000, **kw: Any) -> list[Any]:
    values = {"post": 2000, "overtime": 800, "tax": 100, "social": 1000, "month": "2024-01", **kw}
    return [1, member.name, member.id_number, values["month"], basic, values["post"],
            values["overtime"], values["tax"], values["social"]]  # fmt: skip


def test_unmapped_columns_are_asked_for_once_and_remembered(
    member_a: Member, secretary_a: User
) -> None:
    sheets, _ = read_payroll_sheets(workbook([line(member_a)]))
    assert unmapped_headers(sheets, saved_mapping()) == list(MAPPING)
    assert suggest_category("养老保险个人") == "social_insurance"
    payroll_mapping_save(actor=secretary_a, mapping=MAPPING)
    assert unmapped_headers(sheets, saved_mapping()) == []


def test_import_derives_the_base_and_explains_it(member_a: Member, secretary_a: User) -> None:
    """DUES-2: 4000 + 2000 included, overtime excluded, tax and social insurance deducted."""
    payroll_mapping_save(actor=secretary_a, mapping=MAPPING)
    report = payroll_import(
        actor=secretary_a, source=workbook([line(member_a)]), source_name="1月.xlsx"
    )
    assert report.committed and report.counts[Outcome.CREATED] == 1
    base = DuesBase.objects.get(member=member_a, month="2024-01-01")
    assert base.base == D("4900")
    assert any("加班费" in text and "不计入" in text for text in base.lines)


def test_same_file_twice_changes_nothing(
    member_a: Member, member_b: Member, org_admin_general: User
) -> None:
    payroll_mapping_save(actor=org_admin_general, mapping=MAPPING)
    data = workbook([line(member_a), line(member_b, basic=3000)])
    payroll_import(actor=org_admin_general, source=data)
    entries = list(PayrollEntry.objects.values())
    again = payroll_import(actor=org_admin_general, source=data)
    assert again.counts[Outcome.UNCHANGED] == 2 and again.committed
    assert list(PayrollEntry.objects.values()) == entries
    assert PayrollImport.objects.count() == 1


def test_a_changed_amount_updates_the_row(member_a: Member, secretary_a: User) -> None:
    payroll_mapping_save(actor=secretary_a, mapping=MAPPING)
    payroll_import(actor=secretary_a, source=workbook([line(member_a)]))
    report = payroll_import(actor=secretary_a, source=workbook([line(member_a, basic=5000)]))
    assert report.counts[Outcome.UPDATED] == 1
    assert DuesBase.objects.get(member=member_a).base == D("5900")


def test_errors_name_sheet_row_and_column_and_nothing_is_written(
    member_a: Member, member_b: Member, secretary_a: User
) -> None:
    payroll_mapping_save(actor=secretary_a, mapping=MAPPING)
    bad_amount = line(member_a, basic="四千")
    stranger = line(member_b)  # branch B: not hers
    unknown = [3, "无名", "110101199001011234", "2024-01", 1, 1, 1, 1, 1]
    report = payroll_import(actor=secretary_a, source=workbook([bad_amount, stranger, unknown]))
    assert not report.committed and not PayrollEntry.objects.exists()
    where = [str(p) for p in report.problems]
    assert any(
        w.startswith("工作表“2024年1月工资”E2（基本工资）") and "不是有效的金额" in w for w in where
    )
    assert any("C3" in w and "未找到" in w for w in where)  # out of scope reads as not found
    assert any("C4" in w and "未找到" in w for w in where)
    assert "本次未导入任何数据" in report.summary


def test_valid_only_imports_the_rows_that_passed(
    member_a: Member, member_b: Member, secretary_a: User
) -> None:
    payroll_mapping_save(actor=secretary_a, mapping=MAPPING)
    report = payroll_import(
        actor=secretary_a, source=workbook([line(member_a), line(member_b)]), valid_only=True
    )
    assert report.committed and report.counts[Outcome.CREATED] == 1
    assert PayrollEntry.objects.get().member == member_a


def test_name_mismatch_duplicate_and_bad_month(member_a: Member, secretary_a: User) -> None:
    payroll_mapping_save(actor=secretary_a, mapping=MAPPING)
    wrong_name = line(member_a)
    wrong_name[1] = "张三丰"
    rows = [line(member_a), line(member_a), wrong_name, line(member_a, month="2024-13")]
    report = payroll_import(actor=secretary_a, source=workbook(rows))
    where = [str(p) for p in report.problems]
    assert any("第3行" in w and "与工作表“2024年1月工资”第2行重复" in w for w in where)
    assert any("B4" in w and "姓名与档案不一致" in w for w in where)
    assert any("D5" in w and "月份" in w for w in where)


def test_month_from_the_page_when_the_sheet_has_none(member_a: Member, secretary_a: User) -> None:
    payroll_mapping_save(actor=secretary_a, mapping=MAPPING)
    headers = [h for h in HEADERS if h != "月份"]
    row = line(member_a)
    del row[3]
    payroll_import(actor=secretary_a, source=workbook([row], headers), month=YearMonth(2024, 3))
    assert PayrollEntry.objects.get().month.isoformat() == "2024-03-01"


def test_unreadable_file_is_refused_in_chinese(secretary_a: User) -> None:
    from dangjian.members.excel.sheets import ImportFileError

    with pytest.raises(ImportFileError):
        payroll_import(actor=secretary_a, source=b"not a workbook")


def test_a_formula_amount_is_read_as_excel_shows_it(member_a: Any, secretary_a: Any) -> None:
    """Excel stores =3210.6*1.1 as 3531.6600000000003 and shows 3531.66: the 分 check reads the
    15 significant digits Excel shows (DUES-2 base in yuan and 分)."""
    payroll_mapping_save(actor=secretary_a, mapping=MAPPING)
    stored = 3210.6 * 1.1
    assert repr(stored) == "3531.6600000000003"
    report = payroll_import(actor=secretary_a, source=workbook([line(member_a, basic=stored)]))
    assert report.committed, [str(p) for p in report.problems]
    entry = PayrollEntry.objects.get(member=member_a)
    assert {"name": "基本工资", "category": "basic_wage", "amount": "3531.66"} in entry.items


def test_an_amount_with_a_third_decimal_as_shown_is_still_refused(
    member_a: Any, secretary_a: Any
) -> None:
    payroll_mapping_save(actor=secretary_a, mapping=MAPPING)
    report = payroll_import(actor=secretary_a, source=workbook([line(member_a, basic=3531.665)]))
    assert not report.committed and "两位小数" in report.problems[0].reason


def test_a_full_width_id_number_finds_the_member(member_a: Any, secretary_a: Any) -> None:
    """The payroll import reads ID numbers as the member import does: full-width digits, a
    lower-case x and spaces are the same number."""
    payroll_mapping_save(actor=secretary_a, mapping=MAPPING)
    wide = "".join(chr(ord(c) + 0xFEE0) for c in member_a.id_number.lower())
    row = line(member_a)
    row[2] = f" {wide[:6]} {wide[6:]}"
    report = payroll_import(actor=secretary_a, source=workbook([row]))
    assert report.committed, [str(p) for p in report.problems]
    assert PayrollEntry.objects.filter(member=member_a).exists()


def test_the_payroll_template_downloads_and_imports_back(
    client: Any, member_a: Any, secretary_a: Any
) -> None:
    """The template's headers are the importer's: filled in, it imports; its help sheet is
    left out."""
    client.force_login(secretary_a)
    page = client.get("/dues/payroll/")
    assert "下载工资表导入模板" in page.content.decode()
    response = client.get("/dues/payroll/template.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["工资表", "填写说明"]
    sheet = book["工资表"]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["公民身份号码", "姓名", "月份"]
    sheet.append([member_a.id_number, member_a.name, "2024-01", 4000] + [0] * (len(headers) - 4))
    out = io.BytesIO()
    book.save(out)
    sheets, problems = read_payroll_sheets(out.getvalue())
    assert not problems and [s.name for s in sheets] == ["工资表"]
    assert list(sheets[0].items.values()) == headers[3:]


def test_the_payroll_template_is_for_managers_only(client: Any, member_a_user: Any) -> None:
    client.force_login(member_a_user)
    assert client.get("/dues/payroll/template.xlsx").status_code == 403


def test_a_number_outside_the_importers_scope_reads_as_not_found(
    member_a: Any, member_b: Any, secretary_b: Any
) -> None:
    """Out of scope and missing answer alike: secretary B cannot learn from the payroll import
    that an ID number belongs to a member of branch A."""
    from dangjian.rules.idcard import make_id_number

    payroll_mapping_save(actor=secretary_b, mapping=MAPPING)
    unknown = make_id_number("110101", member_a.birth_date, 387, "M")
    stranger = [1, "某某", unknown, "2024-01", 4000, 2000, 800, 100, 1000]
    report = payroll_import(
        actor=secretary_b, source=workbook([line(member_a), stranger, line(member_b)])
    )
    by_row = {p.row: p.reason for p in report.problems}
    assert by_row[2] == by_row[3]
    assert "未找到" in by_row[2] and member_a.name not in by_row[2]
    assert not PayrollEntry.objects.exists()
