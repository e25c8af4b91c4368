"""Excel import of members and organisations: parse at the boundary, same services, one transaction."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any, cast

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import Client
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dangjian.core.models import AuditLog
from dangjian.members.bench_import import run_import_benchmark
from dangjian.members.excel import ImportFileError, Outcome, import_members, import_orgs
from dangjian.members.excel.cells import CellError, read_bool, read_cell, read_date
from dangjian.members.excel.columns import (
    EXAMPLE_BIRTH,
    EXAMPLE_ID_NUMBER,
    EXAMPLE_MEMBER_NAME,
    MEMBER_COLUMNS,
    ORG_COLUMNS,
)
from dangjian.members.models import EventKind, Member, MemberEvent
from dangjian.orgs.models import Organization
from dangjian.rules.idcard import EXCEL_MESSAGE, make_id_number

HEADERS = [c.header for c in MEMBER_COLUMNS]
COLUMN = {c.header: c for c in MEMBER_COLUMNS}
_seq = iter(range(1, 400))


def letter(header: str) -> str:
    return get_column_letter(HEADERS.index(header) + 1)


def member_row(org: Organization, **overrides: Any) -> dict[str, Any]:
    n = next(_seq)
    birth = date(1980, 1 + n % 12, 1 + n % 27)
    row = {
        "姓名": f"导入{n}号", "性别": "男", "民族": "汉族", "出生日期": birth,
        "公民身份号码": make_id_number("110101", birth, n, "M"), "手机号码": f"137{n:08d}",
        "学历": "大学本科", "工作岗位类别": "专业技术人员", "工作单位": "一分公司",
        "入党时间": date(2010, 7, 1), "转正时间": date(2011, 7, 1), "党员类别": "正式党员",
        "党费类别": "在职（按月领取工资）", "所在党组织": org.code, "流动党员": "否",
    }  # fmt: skip
    row.update(overrides)
    return row


def workbook(rows: list[dict[str, Any]], headers: list[str] | None = None) -> io.BytesIO:
    """An .xlsx built the way a person would: openpyxl, header in row 1, one member a row."""
    headers = headers or HEADERS
    book = openpyxl.Workbook()
    sheet = cast(Worksheet, book.active)
    sheet.title = "党员信息"
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def run(actor: Any, rows: list[dict[str, Any]], **kwargs: Any) -> Any:
    return import_members(actor=actor, source=workbook(rows), source_name="test.xlsx", **kwargs)


def reasons(report: Any, row: int) -> list[tuple[str, str, str]]:
    return [(p.column, p.header, p.reason) for p in report.problems if p.row == row]


# --- cells, without a database ----------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["2024-07-01", "2024/7/1", "2024.7.1", "2024年7月1日", "20240701", " 2024-07-01 ",
     date(2024, 7, 1), datetime(2024, 7, 1, 0, 0), 20240701.0],
)  # fmt: skip
def test_dates_in_every_accepted_form(value: Any) -> None:
    assert read_date(value) == date(2024, 7, 1)


@pytest.mark.parametrize("value", ["2024-13-01", "明年", "2024-02-30", "45474"])
def test_bad_dates_are_rejected_in_chinese(value: str) -> None:
    with pytest.raises(CellError, match="日期"):
        read_date(value)


@pytest.mark.parametrize(("value", "expected"), [("是", True), ("Y", True), ("√", True),
                         (" 否 ", False), ("N", False), ("", False), (True, True)])  # fmt: skip
def test_yes_no_cells(value: Any, expected: bool) -> None:
    assert read_bool(value) is expected


def test_choice_labels_tolerate_spaces_and_short_forms() -> None:
    assert read_cell(" 大学本科 ", COLUMN["学历"]) == "bachelor"
    assert read_cell("工人", COLUMN["工作岗位类别"]) == "worker"
    assert read_cell("工人(工勤技能人员)", COLUMN["工作岗位类别"]) == "worker"
    with pytest.raises(CellError, match="不是有效的学历"):
        read_cell("博士后", COLUMN["学历"])


def test_id_number_that_excel_made_a_number_is_rejected() -> None:
    """ID-1: a numeric cell has lost its last digits; the reason tells how to fix it."""
    with pytest.raises(CellError, match=EXCEL_MESSAGE):
        read_cell(1.10101199003074e17, COLUMN["公民身份号码"])


# --- member import ----------------------------------------------------------------------------


def test_valid_file_creates_members_with_history(
    enterprise: SimpleNamespace, org_admin_general: User
) -> None:
    rows = [member_row(enterprise.branch_a), member_row(enterprise.branch_b, 党小组="")]
    report = run(org_admin_general, rows)
    assert report.committed and report.counts[Outcome.CREATED] == 2
    member = Member.objects.get(name=rows[0]["姓名"])
    assert member.organization == enterprise.branch_a and member.education == "bachelor"
    assert member.id_number == rows[0]["公民身份号码"]
    assert member.events.get().kind == EventKind.CREATED
    assert member.periods.get().valid_from == date(2010, 7, 1)
    assert member.name_pinyin.startswith("dao")
    assert AuditLog.objects.filter(action="member.import").count() == 1


def test_messy_spreadsheet_reports_row_column_and_reason(
    enterprise: SimpleNamespace, org_admin_general: User
) -> None:
    """Each bad cell is reported with the row and column Excel shows and a Chinese reason."""
    good = member_row(enterprise.branch_a)
    wrong_check = member_row(enterprise.branch_a)
    # Never "0": a number ending in "000" is reported as one Excel turned into a number.
    wrong_check["公民身份号码"] = wrong_check["公民身份号码"][:17] + (
        "1" if wrong_check["公民身份号码"][17] != "1" else "2"
    )
    mangled = member_row(enterprise.branch_a, 公民身份号码=1.10101199003074e17)
    bad_date = member_row(enterprise.branch_a, 入党时间="2010-13-45")
    unknown_choice = member_row(enterprise.branch_a, 学历="博士后")
    out_of_scope = member_row(enterprise.branch_c)  # 三支部 is outside 第一党总支
    rows = [good, wrong_check, mangled, bad_date, unknown_choice, out_of_scope]
    report = run(org_admin_general, rows)

    assert [r.outcome for r in report.rows] == [Outcome.CREATED] + [Outcome.REJECTED] * 5
    (check,) = reasons(report, 3)
    assert check[:2] == (letter("公民身份号码"), "公民身份号码") and "校验码" in check[2]
    assert reasons(report, 4) == [(letter("公民身份号码"), "公民身份号码", EXCEL_MESSAGE)]
    ((column, header, reason),) = reasons(report, 5)
    assert (column, header) == (letter("入党时间"), "入党时间") and "2010年13月不存在" in reason
    ((column, header, reason),) = reasons(report, 6)
    assert (column, header) == (letter("学历"), "学历") and "“博士后”不是有效的学历" in reason
    not_found = f"找不到您可管理的、组织代码或名称为“{enterprise.branch_c.code}”的党组织"
    assert reasons(report, 7) == [(letter("所在党组织"), "所在党组织", not_found)]
    assert all(p.sheet == "党员信息" for p in report.problems)


def test_any_rejected_row_imports_nothing_by_default(
    enterprise: SimpleNamespace, org_admin_general: User
) -> None:
    before = (Member.objects.count(), MemberEvent.objects.count(), AuditLog.objects.count())
    rows = [member_row(enterprise.branch_a), member_row(enterprise.branch_a, 学历="博士后")]
    report = run(org_admin_general, rows)
    assert not report.committed
    assert report.rows[0].outcome is Outcome.CREATED  # what it would have done
    assert "未导入任何数据" in report.summary
    after = (Member.objects.count(), MemberEvent.objects.count(), AuditLog.objects.count())
    assert after == before


def test_valid_rows_only_imports_the_rest(
    enterprise: SimpleNamespace, org_admin_general: User
) -> None:
    rows = [member_row(enterprise.branch_a), member_row(enterprise.branch_a, 学历="博士后")]
    report = run(org_admin_general, rows, valid_only=True)
    assert report.committed
    assert Member.objects.filter(name=rows[0]["姓名"]).exists()
    assert not Member.objects.filter(name=rows[1]["姓名"]).exists()


def test_importing_the_same_file_twice_changes_nothing(
    enterprise: SimpleNamespace, org_admin_general: User
) -> None:
    rows = [member_row(enterprise.branch_a), member_row(enterprise.branch_b)]
    run(org_admin_general, rows)
    before = (Member.objects.count(), MemberEvent.objects.count(), AuditLog.objects.count())
    report = run(org_admin_general, rows)
    assert [r.outcome for r in report.rows] == [Outcome.UNCHANGED] * 2
    after = (Member.objects.count(), MemberEvent.objects.count(), AuditLog.objects.count())
    assert after == before


def test_changed_field_on_reimport_is_one_history_event(
    enterprise: SimpleNamespace, org_admin_general: User
) -> None:
    row = member_row(enterprise.branch_a)
    run(org_admin_general, [row])
    member = Member.objects.get(name=row["姓名"])
    report = run(org_admin_general, [{**row, "工作单位": "二分公司"}])
    assert [r.outcome for r in report.rows] == [Outcome.UPDATED]
    event = member.events.exclude(kind=EventKind.CREATED).get()
    assert event.kind == EventKind.UPDATED and event.changes == {
        "work_unit": ["一分公司", "二分公司"]
    }
    member.refresh_from_db()
    assert member.work_unit == "二分公司"


@pytest.mark.parametrize(
    "joined", ["2010-07-01", "2010/7/1", "2010.7.1", "2010年7月1日", "20100701"]
)
def test_text_dates_import(
    enterprise: SimpleNamespace, org_admin_general: User, joined: str
) -> None:
    row = member_row(enterprise.branch_a, 入党时间=joined)
    assert run(org_admin_general, [row]).committed
    assert Member.objects.get(name=row["姓名"]).joined_on == date(2010, 7, 1)


def test_service_rules_are_reported_on_their_column(
    enterprise: SimpleNamespace, org_admin_general: User
) -> None:
    """DEV-15/DEV-19: a confirmation before probation ends is rejected on 转正时间."""
    row = member_row(enterprise.branch_a, 转正时间=date(2010, 12, 1))
    report = run(org_admin_general, [row])
    ((column, header, reason),) = reasons(report, 2)
    assert (column, header) == (letter("转正时间"), "转正时间")
    assert "《中国共产党发展党员工作细则》第三十一条" in reason and "DEV-" not in reason


def test_existing_member_is_matched_by_id_number(
    enterprise: SimpleNamespace, org_admin_general: User, member_a: Member
) -> None:
    row = member_row(enterprise.branch_a, 公民身份号码=member_a.id_number, 姓名=member_a.name,
                     出生日期=member_a.birth_date, 性别=member_a.get_gender_display())  # fmt: skip
    report = run(org_admin_general, [row])
    assert [r.outcome for r in report.rows] == [Outcome.UPDATED]
    assert Member.objects.filter(pk=member_a.pk, work_unit="一分公司").exists()


def test_secretary_cannot_import_into_another_branch(
    enterprise: SimpleNamespace, secretary_a: User
) -> None:
    """Another branch's code reads exactly as a code that does not exist."""
    theirs = run(secretary_a, [member_row(enterprise.branch_b)])
    missing = run(secretary_a, [member_row(enterprise.branch_b, 所在党组织="NO-SUCH")])
    ((_c, _h, reason),) = reasons(theirs, 2)
    ((_c, _h, missing_reason),) = reasons(missing, 2)
    assert reason == missing_reason.replace("NO-SUCH", enterprise.branch_b.code)
    assert reason.startswith("找不到您可管理的")


def test_secretary_cannot_overwrite_another_branchs_member(
    enterprise: SimpleNamespace, secretary_a: User, member_b: Member
) -> None:
    """The duplicate is reported without saying where the number is registered."""
    row = member_row(enterprise.branch_a, 公民身份号码=member_b.id_number)
    report = run(secretary_a, [row])
    ((column, _header, reason),) = reasons(report, 2)
    assert column == letter("公民身份号码")
    assert reason == "该公民身份号码已登记在其他党员档案中"
    member_b.refresh_from_db()
    assert member_b.organization == enterprise.branch_b


def test_same_id_twice_in_one_file(enterprise: SimpleNamespace, org_admin_general: User) -> None:
    first = member_row(enterprise.branch_a)
    report = run(org_admin_general, [first, {**first, "姓名": "重复"}])
    assert "与工作表“党员信息”第2行的公民身份号码重复" in reasons(report, 3)[0][2]


def test_party_group_resolves_inside_the_branch(
    enterprise: SimpleNamespace, org_admin_general: User
) -> None:
    row = member_row(enterprise.branch_a, 党小组=enterprise.group_a.name)
    assert run(org_admin_general, [row]).committed
    assert Member.objects.get(name=row["姓名"]).party_group == enterprise.group_a
    other = member_row(enterprise.branch_b, 党小组=enterprise.group_a.name)
    assert "不是“二支部”下的党小组" in reasons(run(org_admin_general, [other]), 2)[0][2]


def test_missing_required_header_rejects_the_sheet(
    enterprise: SimpleNamespace, org_admin_general: User
) -> None:
    headers = [h for h in HEADERS if h != "公民身份号码"]
    source = workbook([member_row(enterprise.branch_a)], headers)
    report = import_members(actor=org_admin_general, source=source)
    assert not report.committed
    assert "缺少必填列：公民身份号码" in report.problems[0].reason


def test_unknown_headers_are_reported_and_empty_rows_skipped(
    enterprise: SimpleNamespace, org_admin_general: User
) -> None:
    rows = [member_row(enterprise.branch_a), {}, member_row(enterprise.branch_a)]
    source = workbook(rows, [*HEADERS, "备注"])
    report = import_members(actor=org_admin_general, source=source)
    assert report.counts[Outcome.CREATED] == 2
    assert [r.row for r in report.rows] == [2, 4]
    (notice,) = report.notices
    assert notice.header == "备注" and "无法识别" in notice.reason


def test_files_that_are_not_workbooks_raise_a_chinese_error(org_admin_general: User) -> None:
    cases = [
        (b"", "上传的文件是空的"),
        (b"\x01\x02" + os.urandom(2048), "不是Excel工作簿"),
        (b"PK\x03\x04broken zip", "不完整或已损坏"),
    ]
    for content, message in cases:
        with pytest.raises(ImportFileError, match=message):
            import_members(actor=org_admin_general, source=io.BytesIO(content))
    with pytest.raises(ImportFileError, match="没有找到可导入的数据"):
        import_members(actor=org_admin_general, source=workbook([], [""]))
    report = import_members(actor=org_admin_general, source=workbook([], ["备注"]))
    assert "未找到表头" in report.problems[0].reason and not report.committed


# --- organisation import ----------------------------------------------------------------------


def org_workbook(rows: list[dict[str, Any]]) -> io.BytesIO:
    headers = [c.header for c in ORG_COLUMNS]
    book = openpyxl.Workbook()
    sheet = cast(Worksheet, book.active)
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_org_import_with_parent_earlier_in_the_same_file(
    enterprise: SimpleNamespace, org_admin_general: User
) -> None:
    rows = [
        {"名称": "四支部", "组织代码": "ZB-4", "组织类别": "党支部", "上级组织代码": enterprise.general.code,
         "成立日期": "2020年7月1日", "离退休党支部": "是"},
        {"名称": "四支部第一党小组", "组织代码": "XZ-4-1", "组织类别": "党小组", "上级组织代码": "ZB-4"},
    ]  # fmt: skip
    report = import_orgs(actor=org_admin_general, source=org_workbook(rows))
    assert report.committed and report.counts[Outcome.CREATED] == 2
    branch = Organization.objects.get(code="ZB-4")
    group = Organization.objects.get(code="XZ-4-1")
    assert Organization.objects.get_parent(group) == branch
    assert Organization.objects.get_parent(branch) == enterprise.general
    assert branch.founded_on == date(2020, 7, 1) and branch.is_retirees_branch
    again = import_orgs(actor=org_admin_general, source=org_workbook(rows))
    assert [r.outcome for r in again.rows] == [Outcome.UNCHANGED] * 2


def test_org_import_rejects_parents_out_of_scope(
    enterprise: SimpleNamespace, org_admin_general: User
) -> None:
    rows = [
        {
            "名称": "五支部",
            "组织代码": "ZB-5",
            "组织类别": "党支部",
            "上级组织代码": enterprise.root.code,
        }
    ]
    report = import_orgs(actor=org_admin_general, source=org_workbook(rows))
    assert not report.committed and "无权" in report.problems[0].reason
    assert report.problems[0].header == "上级组织代码"
    assert not Organization.objects.filter(code="ZB-5").exists()


def test_org_import_updates_a_changed_field(
    enterprise: SimpleNamespace, org_admin_general: User
) -> None:
    row = {"名称": enterprise.branch_a.name, "组织代码": enterprise.branch_a.code, "组织类别": "党支部",
           "上级组织代码": enterprise.general.code, "批准文号": "组〔2024〕9号"}  # fmt: skip
    report = import_orgs(actor=org_admin_general, source=org_workbook([row]))
    assert [r.outcome for r in report.rows] == [Outcome.UPDATED]
    enterprise.branch_a.refresh_from_db()
    assert enterprise.branch_a.approval_document == "组〔2024〕9号"


# --- pages ------------------------------------------------------------------------------------


def _upload(client: Any, content: bytes, name: str, **data: Any) -> Any:
    upload = io.BytesIO(content)
    upload.name = name
    return client.post("/members/import/", {"file": upload, "kind": "members", **data})


def test_member_template_downloads_and_its_example_row_is_skipped(
    login: Callable[[User], Client], org_admin_general: User
) -> None:
    client = login(org_admin_general)
    response = client.get("/members/import/template.xlsx")
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]  # streamed; the client type omits it
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["党员信息", "填写说明", "选项"]
    sheet = book["党员信息"]
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet[f"{letter('公民身份号码')}2"].number_format == "@"
    assert len(sheet.data_validations.dataValidation) >= 8
    assert sheet[f"{letter('姓名')}2"].font.i  # the example row is shaded as an example
    page = _upload(client, content, "党员导入模板.xlsx")
    assert page.status_code == 200
    report = page.context["report"]
    assert report.counts[Outcome.CREATED] == 0 and report.counts[Outcome.SKIPPED] == 1
    assert "示例行（示例党员），已跳过" in page.content.decode()
    assert not Member.objects.filter(name="示例党员").exists()


def test_example_row_is_skipped_beside_real_rows(
    enterprise: SimpleNamespace, org_admin_general: User
) -> None:
    """Only the unchanged example (its name and ID number together) is skipped."""
    example = member_row(
        enterprise.branch_a, 姓名=EXAMPLE_MEMBER_NAME, 公民身份号码=EXAMPLE_ID_NUMBER,
        出生日期=EXAMPLE_BIRTH, 性别="男",
    )  # fmt: skip
    real = member_row(enterprise.branch_a)
    report = run(org_admin_general, [example, real])
    assert [(r.row, r.outcome) for r in report.rows] == [(2, Outcome.SKIPPED), (3, Outcome.CREATED)]
    assert report.committed and "已跳过1行" in report.summary
    assert [n.row for n in report.notices] == [2]
    assert not Member.objects.filter(name=EXAMPLE_MEMBER_NAME).exists()


def test_the_example_rows_id_number_under_another_name_is_refused(
    enterprise: SimpleNamespace, org_admin_general: User
) -> None:
    """The example row with only its name changed would make the example's number a member's."""
    edited = member_row(
        enterprise.branch_a, 姓名="张示例", 公民身份号码=EXAMPLE_ID_NUMBER,
        出生日期=EXAMPLE_BIRTH, 性别="男",
    )  # fmt: skip
    report = run(org_admin_general, [edited])
    assert [r.outcome for r in report.rows] == [Outcome.REJECTED]
    assert "模板示例行的身份证号" in report.problems[0].reason
    assert report.problems[0].column == letter("公民身份号码")
    assert not Member.objects.exists()


def test_org_template_example_row_is_skipped(
    login: Callable[[User], Client], org_admin_general: User
) -> None:
    client = login(org_admin_general)
    content = b"".join(client.get("/members/import/template.xlsx?kind=orgs").streaming_content)  # type: ignore[attr-defined]  # streamed; the client type omits it
    assert openpyxl.load_workbook(io.BytesIO(content)).sheetnames[1] == "填写说明"
    upload = io.BytesIO(content)
    upload.name = "orgs.xlsx"
    page = client.post("/members/import/", {"file": upload, "kind": "orgs"})
    report = page.context["report"]
    assert report.counts[Outcome.SKIPPED] == 1 and report.counts[Outcome.CREATED] == 0
    assert "示例行（示例党支部），已跳过" in page.content.decode()
    assert not Organization.objects.filter(code="SL-0001").exists()


def test_import_page_shows_the_report(
    login: Callable[[User], Client], enterprise: SimpleNamespace, org_admin_general: User
) -> None:
    client = login(org_admin_general)
    assert "下载党员导入模板" in client.get("/members/import/").content.decode()
    rows = [member_row(enterprise.branch_a), member_row(enterprise.branch_c)]
    page = _upload(client, workbook(rows).getvalue(), "members.xlsx")
    html = page.content.decode()
    assert page.status_code == 200 and "找不到您可管理的" in html and "未导入任何数据" in html
    assert Member.objects.filter(name=rows[0]["姓名"]).count() == 0
    page = _upload(client, workbook(rows).getvalue(), "members.xlsx", valid_only="on")
    assert Member.objects.filter(name=rows[0]["姓名"]).count() == 1


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [(b"\x01" + os.urandom(4096), "random.xlsx", "不是Excel工作簿"), (b"", "empty.xlsx", "上传的文件是空的"),
     (b"a,b\n1,2", "members.txt", "请上传.xlsx、.xls或.csv格式")],
)  # fmt: skip
def test_bad_uploads_get_a_message_never_a_500(
    login: Callable[[User], Client],
    org_admin_general: User,
    content: bytes,
    name: str,
    message: str,
) -> None:
    page = _upload(login(org_admin_general), content, name)
    assert page.status_code == 200 and message in page.content.decode()


def test_import_is_for_managers_only(login: Callable[[User], Client], member_a_user: User) -> None:
    client = login(member_a_user)
    assert client.get("/members/import/").status_code == 403
    assert client.get("/members/import/template.xlsx").status_code == 403


def test_secretary_cannot_import_organisations(
    login: Callable[[User], Client], secretary_a: User
) -> None:
    client = login(secretary_a)
    upload = io.BytesIO(org_workbook([]).getvalue())
    upload.name = "orgs.xlsx"
    page = client.post("/members/import/", {"file": upload, "kind": "orgs"})
    assert "只有组织管理员可以导入党组织" in page.content.decode()


def test_benchmark_runs_and_keeps_nothing(db: None) -> None:
    before = Member.objects.count(), Organization.objects.count()
    result = run_import_benchmark(rows=200)
    assert set(result) == {"rows", "calamine_seconds", "import_seconds", "ratio"}
    assert result["rows"] == 200 and result["ratio"] > 0
    assert (Member.objects.count(), Organization.objects.count()) == before


def test_bulk_checks_give_what_check_member_input_gives(enterprise: SimpleNamespace) -> None:
    """The bulk path runs the same checks; only the placement check is shared between rows."""
    from dataclasses import replace

    from dangjian.members.excel.bulk import _RowChecker
    from dangjian.members.validation import check_member_input
    from tests.factories import member_input

    base = member_input(enterprise.branch_a)
    cases = [
        base,
        replace(base, id_number=base.id_number[:17] + "Y", education="phd"),
        replace(base, organization_id=enterprise.general.pk, gender="F"),
        replace(base, is_floating=True, floating_to=" "),
        replace(base, party_group_id=enterprise.group_a.pk),
        replace(base, organization_id=enterprise.branch_b.pk, party_group_id=enterprise.group_a.pk),
        replace(base, stage="probationary", joined_on=date(2030, 1, 1)),
    ]
    today = date(2026, 1, 1)
    check = _RowChecker(today)
    for data in cases + cases:
        assert check(data) == check_member_input(data, today)


def test_bulk_create_writes_what_member_create_writes(enterprise: SimpleNamespace) -> None:
    """Members, their first period and 建档 event, as one-at-a-time creation gives them."""
    from dataclasses import replace

    from dangjian.core.crypto import lookup_hash
    from dangjian.members.excel import ImportBatch, NewMember, member_bulk_create
    from dangjian.members.models import MemberEvent, MemberPeriod
    from tests.factories import member_input

    first = member_input(enterprise.branch_a, name="曾国藩", phone="139 0000 1234")
    second = replace(member_input(enterprise.branch_b), joined_on=date(2026, 3, 1),
                     stage="probationary", confirmed_on=None)  # fmt: skip
    items = [NewMember(d, lookup_hash(d.id_number)) for d in (first, second)]
    batch = ImportBatch(pk="t", label="测试批次")
    ids = member_bulk_create(actor=None, items=items, reason="批量建档", batch=batch)

    members = [Member.objects.get(pk=pk) for pk in ids]
    assert [m.name for m in members] == ["曾国藩", second.name]
    assert members[0].id_number == first.id_number and members[0].phone == "13900001234"
    assert members[0].phone_hash == lookup_hash("13900001234")
    assert (members[0].name_pinyin, members[0].name_initials) == ("zengguofan", "zgf")
    periods = MemberPeriod.objects.filter(member_id__in=ids).order_by("member_id")
    assert [(p.organization_id, p.valid_from, p.valid_to) for p in periods] == [
        (enterprise.branch_a.pk, first.joined_on, None),
        (enterprise.branch_b.pk, date(2026, 3, 1), None),
    ]
    events = MemberEvent.objects.filter(member_id__in=ids).order_by("member_id")
    assert [(e.kind, e.actor_id, e.reason, e.changes) for e in events] == [
        ("created", None, "批量建档", {}), ("created", None, "批量建档", {}),
    ]  # fmt: skip


def test_the_benchmark_never_generates_the_templates_example_number() -> None:
    """The import refuses the template's example ID number under another name; the 100,000
    generated rows of the import benchmark must not contain it (they did at row 11,141)."""
    from dangjian.members.bench_import import _row
    from dangjian.members.excel.columns import EXAMPLE_ID_NUMBER

    numbers = {_row(i, "B1")[4] for i in range(100_000)}
    assert len(numbers) == 100_000
    assert EXAMPLE_ID_NUMBER not in numbers
