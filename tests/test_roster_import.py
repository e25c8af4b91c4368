"""Rosters as offices send them: title rows, their own headers, .xls and .csv, dates to the
month, value synonyms, columns the archive requires but the file lacks, ambiguous values."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, cast

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import Client
from openpyxl.worksheet.worksheet import Worksheet

from dangjian.core.models import AuditLog
from dangjian.core.workbook import ImportFileError
from dangjian.members.excel import Outcome, import_members
from dangjian.members.excel.cells import CellError, cell_reader
from dangjian.members.excel.mapping import (
    COLUMNS_BY_FIELD,
    ColumnMapping,
    header_key,
    suggest_field,
)
from dangjian.members.excel.report import ImportReport
from dangjian.members.excel.synonyms import HEADER_SYNONYMS, VALUE_SYNONYMS
from dangjian.members.models import ImportMapping, Member
from dangjian.orgs.models import Organization
from dangjian.rules.idcard import make_id_number
from tests.factories import Role, make_org, make_user

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
if not SAMPLES.exists():
    SAMPLES = Path("/work/shared/samples")


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Uploads kept between the upload and the mapping screen go to a folder of this test."""
    settings.DATA_DIR = tmp_path


@dataclass
class Office:
    committee: Organization
    general_office: Organization
    customer_service: Organization
    retirees: Organization
    admin: User


@pytest.fixture
def office(db: None) -> Office:
    """The sender's 机关党委 with the three branches the sample names (not 后勤保障党支部)."""
    committee = make_org("某公司机关党委", "committee")
    return Office(
        committee,
        make_org("综合办公室党支部", "branch", committee),
        make_org("客户服务中心党支部", "branch", committee),
        make_org("离退休第一党支部", "branch", committee, is_retirees_branch=True),
        make_user("jiguan_admin", Role.ORG_ADMIN, committee, may_reveal=True),
    )


def sample_mapping(office: Office, **meanings: str) -> ColumnMapping:
    """What the person importing decides on the mapping screen for the sample roster."""
    return ColumnMapping(
        headers={"序号": "", "说明": ""},
        fixed={"occupation": "manager", "dues_category": "salaried"},
        meanings={"education": dict(meanings)} if meanings else {},
    )


def reasons_of(report: ImportReport, row: int) -> str:
    return "；".join(f"{p.header}：{p.reason}" for p in report.problems if p.row == row)


def outcome_of(report: ImportReport, row: int) -> Outcome:
    (found,) = [r.outcome for r in report.rows if r.row == row]
    return found


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_the_sample_roster_gives_the_outcome_row_by_row(office: Office, suffix: str) -> None:
    """samples/README.md: spreadsheet rows 3 to 13, the blank row skipped silently."""
    source = SAMPLES / f"roster_from_an_office{suffix}"
    report = import_members(
        actor=office.admin,
        source=source,
        valid_only=True,
        mapping=sample_mapping(office, 大学="bachelor"),
        source_name=source.name,
    )
    assert report.committed
    assert [r.row for r in report.rows] == [3, 4, 5, 6, 7, 9, 10, 11, 12, 13]  # 8 is blank
    created = {r.row for r in report.rows if r.outcome is Outcome.CREATED}
    assert created == {3, 5, 6, 7}, [str(p) for p in report.problems]
    assert "末几位已丢失" in reasons_of(report, 4)
    assert "1991" in reasons_of(report, 9) and "不是有效日期" in reasons_of(report, 9)
    assert "入党时未满18周岁" in reasons_of(report, 10)
    assert "《中国共产党章程》第一条" in reasons_of(report, 10)
    assert "与工作表“花名册”第3行的公民身份号码重复" in reasons_of(report, 11)
    assert "预备期满" in reasons_of(report, 12)
    assert "后勤保障党支部" in reasons_of(report, 13)
    assert not report.notices or all("第8行" not in str(n) for n in report.notices)
    for problem in report.problems:
        assert problem.sheet == "花名册" and problem.row in {4, 9, 10, 11, 12, 13}
        assert problem.column and not re.search(r"[A-Z]+-\d+", problem.reason)  # no rule IDs
    assert "《中国共产党章程》第七条" in reasons_of(report, 12)
    members = {m.name: m for m in Member.objects.all()}
    assert set(members) == {"孙明", "郑凯", "冯晓雨", "何建国"}
    sun, zheng, feng, he = (members[n] for n in ("孙明", "郑凯", "冯晓雨", "何建国"))
    assert sun.education == "bachelor" and sun.birth_date == date(1987, 3, 14)
    assert sun.phone == "13712345678" and sun.organization == office.general_office
    assert zheng.id_number == "37010419930805049X" and zheng.education == "postgraduate"
    assert zheng.stage == "full" and zheng.ethnicity == "蒙古族"
    assert feng.id_number == "370102199902200646" and feng.stage == "probationary"
    assert feng.joined_on == date(2025, 10, 15) and feng.confirmed_on is None
    assert he.organization == office.retirees and he.education == "junior_or_below"
    assert he.gender == "M" and sun.occupation == "manager" and he.dues_category == "salaried"


def test_the_sample_without_an_answer_for_daxue_refuses_those_rows_and_says_why(
    office: Office,
) -> None:
    """An ambiguous value is asked about, never guessed: until answered its rows wait."""
    source = SAMPLES / "roster_from_an_office.xlsx"
    report = import_members(
        actor=office.admin, source=source, valid_only=True, mapping=sample_mapping(office)
    )
    assert outcome_of(report, 3) is Outcome.REJECTED
    assert "“大学”可能是“大学本科”还是“大学专科”" in reasons_of(report, 3)
    assert outcome_of(report, 5) is Outcome.CREATED
    assert not Member.objects.filter(name="孙明").exists()


def test_the_sample_says_which_columns_it_needs_when_no_value_is_chosen(office: Office) -> None:
    """Required fields without a column are named, not a refusal before any row is read."""
    source = SAMPLES / "roster_from_an_office.xls"
    report = import_members(actor=office.admin, source=source)
    (problem,) = report.problems
    assert "缺少必填列：工作岗位类别、党费类别" in problem.reason
    assert "为整个文件选择一个值" in problem.reason and problem.row == 2
    assert not report.committed and Member.objects.count() == 0


# --- the synonyms table ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [(text, name) for name, texts in HEADER_SYNONYMS.items() for text in texts],
)
def test_every_header_synonym_suggests_its_field(header: str, field: str) -> None:
    """One table, no header listed under two fields."""
    assert suggest_field(header_key(header)) == field
    assert suggest_field(header_key(f"*{header}（必填）".replace("（必填）", "(必填)"))) == field


@pytest.mark.parametrize(
    ("field", "text", "code"),
    [(f, t, c) for f, values in VALUE_SYNONYMS.items() for t, c in values.items()],
)
def test_every_value_synonym_reads_as_its_code(field: str, text: str, code: str) -> None:
    assert cell_reader(COLUMNS_BY_FIELD[field])(text) == code


def test_an_unknown_value_is_named_with_the_allowed_values() -> None:
    with pytest.raises(CellError) as caught:
        cell_reader(COLUMNS_BY_FIELD["education"])("博士后")
    assert "“博士后”不是有效的学历" in str(caught.value)
    assert "研究生、大学本科、大学专科、中专、高中/中技、初中及以下" in str(caught.value)


def test_an_ambiguous_value_is_asked_about_then_read_as_answered() -> None:
    column = COLUMNS_BY_FIELD["education"]
    with pytest.raises(CellError, match="可能是“大学本科”还是“大学专科”"):
        cell_reader(column)("大学")
    assert cell_reader(column, {"大学": "college"})("大学") == "college"


@pytest.mark.parametrize(("text", "code"), [("男性", "M"), ("M", "M"), ("女性", "F"), ("f", "F")])
def test_gender_as_offices_write_it(text: str, code: str) -> None:
    assert cell_reader(COLUMNS_BY_FIELD["gender"])(text) == code


# --- generated rosters ----------------------------------------------------------------------

ROSTER_HEADERS = ["序号", "姓名", "性别", "民族", "身份证号", "出生年月", "文化程度", "入党日期",
                  "转正日期", "人员类别", "所在支部", "联系电话"]  # fmt: skip
_seq = iter(range(1, 900))


def roster_row(branch: Organization, **overrides: Any) -> dict[str, Any]:
    n = next(_seq)
    birth = date(1980, 1 + n % 12, 1 + n % 27)
    row = {
        "序号": n, "姓名": f"花名册{n}号", "性别": "男性", "民族": "汉",
        "身份证号": make_id_number("370102", birth, n, "M"), "出生年月": f"{birth:%Y.%m}",
        "文化程度": "本科", "入党日期": "2010/7/1", "转正日期": "2011年7月1日", "人员类别": "正式",
        "所在支部": branch.name, "联系电话": f"137 {n:04d} 5678",
    }  # fmt: skip
    row.update(overrides)
    return row


def roster(
    rows: list[dict[str, Any]], headers: list[str] = ROSTER_HEADERS, title: bool = True
) -> bytes:
    """An .xlsx as offices make them: a merged title row above the header."""
    book = openpyxl.Workbook()
    sheet = cast(Worksheet, book.active)
    sheet.title = "花名册"
    if title:
        sheet.append(["某单位党员花名册"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


FIXED = ColumnMapping(fixed={"occupation": "worker", "dues_category": "salaried"})


def run_roster(actor: User, data: bytes, mapping: ColumnMapping = FIXED) -> ImportReport:
    return import_members(actor=actor, source=data, valid_only=True, mapping=mapping)


def test_a_roster_with_a_title_row_and_its_own_headers_imports(office: Office) -> None:
    row = roster_row(office.general_office)
    report = run_roster(office.admin, roster([row]))
    assert report.counts[Outcome.CREATED] == 1, [str(p) for p in report.problems]
    member = Member.objects.get()
    assert member.name == row["姓名"] and member.gender == "M" and member.education == "bachelor"
    assert member.birth_date.strftime("%Y.%m") == row["出生年月"]
    assert member.joined_on == date(2010, 7, 1) and member.confirmed_on == date(2011, 7, 1)
    assert member.occupation == "worker" and member.dues_category == "salaried"
    assert report.rows[0].row == 3


def test_a_birth_month_that_disagrees_with_the_id_number_is_named(office: Office) -> None:
    row = roster_row(office.general_office, 出生年月="1979.03")
    report = run_roster(office.admin, roster([row]))
    (problem,) = report.problems
    assert problem.column == "F" and problem.header == "出生年月"
    assert "“1979年3月”与公民身份号码中的出生日期" in problem.reason and "不一致" in problem.reason


@pytest.mark.parametrize("field", ["入党日期", "转正日期"])
def test_a_party_date_to_the_month_only_asks_for_the_day(office: Office, field: str) -> None:
    report = run_roster(
        office.admin, roster([roster_row(office.general_office, **{field: "2012.06"})])
    )
    (problem,) = report.problems
    assert problem.header == field and "“2012年6月”只填写到月份" in problem.reason
    assert "请补充" in problem.reason and not Member.objects.exists()


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2012/6/28", date(2012, 6, 28)),
        ("2012年6月28日", date(2012, 6, 28)),
        ("2012.6.28", date(2012, 6, 28)),
        (date(2012, 6, 28), date(2012, 6, 28)),
        (41088, date(2012, 6, 28)),  # an Excel day number in a General cell
    ],
)
def test_join_dates_in_every_form(office: Office, written: Any, expected: date) -> None:
    row = roster_row(office.general_office, 入党日期=written, 转正日期=None, 人员类别="预备党员")
    report = run_roster(office.admin, roster([row]))
    assert report.counts[Outcome.CREATED] == 1, [str(p) for p in report.problems]
    assert Member.objects.get().joined_on == expected


def test_a_birth_date_serial_in_a_general_cell(office: Office) -> None:
    birth = date(1990, 5, 18)
    row = roster_row(
        office.general_office, 出生年月=33011, 身份证号=make_id_number("370102", birth, 7, "M")
    )
    report = run_roster(office.admin, roster([row]))
    assert report.counts[Outcome.CREATED] == 1, [str(p) for p in report.problems]
    assert Member.objects.get().birth_date == birth


def test_an_impossible_date_is_named(office: Office) -> None:
    row = roster_row(office.general_office, 入党日期="2011-02-29")
    report = run_roster(office.admin, roster([row]))
    assert "日期2011年2月29日不存在" in report.problems[0].reason


def test_without_birth_and_gender_columns_they_come_from_the_id_number(office: Office) -> None:
    headers = [h for h in ROSTER_HEADERS if h not in ("性别", "出生年月")]
    birth = date(1988, 8, 8)
    row = roster_row(office.general_office, 身份证号=make_id_number("370102", birth, 4, "F"))
    report = run_roster(office.admin, roster([row], headers))
    assert report.counts[Outcome.CREATED] == 1, [str(p) for p in report.problems]
    member = Member.objects.get()
    assert member.birth_date == birth and member.gender == "F"


def test_one_branch_chosen_for_a_whole_file_without_a_branch_column(office: Office) -> None:
    headers = [h for h in ROSTER_HEADERS if h != "所在支部"]
    mapping = ColumnMapping(fixed={**FIXED.fixed, "organization_id": office.retirees.code})
    report = run_roster(
        office.admin, roster([roster_row(office.general_office)] * 1, headers), mapping
    )
    assert report.counts[Outcome.CREATED] == 1
    assert Member.objects.get().organization == office.retirees


def test_a_secretary_cannot_choose_another_branch_for_a_whole_file(office: Office) -> None:
    secretary = make_user("shuji_zh", Role.SECRETARY, office.general_office)
    headers = [h for h in ROSTER_HEADERS if h != "所在支部"]
    mapping = ColumnMapping(fixed={**FIXED.fixed, "organization_id": office.retirees.code})
    report = run_roster(secretary, roster([roster_row(office.general_office)], headers), mapping)
    assert "找不到您可管理的" in report.problems[0].reason and not Member.objects.exists()


def test_a_column_mapped_by_hand_and_an_ignored_one(office: Office) -> None:
    headers = [*ROSTER_HEADERS, "政治面貌备注"]
    row = roster_row(office.general_office, 政治面貌备注="x")
    headers[headers.index("人员类别")] = "类型"  # no synonym: the person maps it
    row["类型"] = row.pop("人员类别")
    mapping = ColumnMapping(headers={"类型": "stage"}, fixed=FIXED.fixed)
    report = run_roster(office.admin, roster([row], headers), mapping)
    assert report.counts[Outcome.CREATED] == 1, [str(p) for p in report.problems]
    (notice,) = report.notices
    assert "3列无法识别或未选择对应字段" not in notice.reason
    assert "序号" in str(notice) and "政治面貌备注" in str(notice)


def test_a_required_field_without_column_or_value_is_named_before_rows(office: Office) -> None:
    report = run_roster(office.admin, roster([roster_row(office.general_office)]), ColumnMapping())
    (problem,) = report.problems
    assert "缺少必填列：工作岗位类别、党费类别" in problem.reason and problem.row == 2


def test_a_duplicate_in_the_file_is_refused_naming_the_first_row(office: Office) -> None:
    row = roster_row(office.general_office)
    report = run_roster(office.admin, roster([row, dict(row)]))
    assert [r.outcome for r in report.rows] == [Outcome.CREATED, Outcome.REJECTED]
    assert "与工作表“花名册”第3行的公民身份号码重复" in report.problems[0].reason
    assert Member.objects.count() == 1


# --- CSV ------------------------------------------------------------------------------------


def csv_text(rows: list[dict[str, Any]]) -> str:
    lines = [",".join(ROSTER_HEADERS)]
    lines += [",".join(str(r[h]) for h in ROSTER_HEADERS) for r in rows]
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: t.encode("gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "gb18030"],
)
def test_a_csv_roster_in_each_encoding(office: Office, encode: Any) -> None:
    row = roster_row(office.customer_service, 姓名="张靓雯")
    report = run_roster(office.admin, encode(csv_text([row])))
    assert report.counts[Outcome.CREATED] == 1, [str(p) for p in report.problems]
    member = Member.objects.get()
    assert member.name == "张靓雯" and member.organization == office.customer_service


def test_a_csv_in_neither_encoding_is_refused_with_a_clear_message(office: Office) -> None:
    data = "姓名,身份证号\r\n".encode("gb18030") + b"\x81\x20\xff\xfe,1\r\n"
    with pytest.raises(ImportFileError, match="CSV文件的编码无法识别"):
        run_roster(office.admin, data)


def test_a_sheet_with_20000_columns_gives_one_message(office: Office) -> None:
    data = (",".join(f"列{i}" for i in range(20_000)) + "\r\n").encode()
    with pytest.raises(ImportFileError) as caught:
        run_roster(office.admin, data)
    assert "第20000列，超过上限500列" in str(caught.value)


def test_thousands_of_unknown_columns_are_one_notice(office: Office, settings: Any) -> None:
    """Within raised bounds, 19,988 columns nobody maps are one notice with a count."""
    settings.WORKBOOK_LIMITS = {"max_columns": 20_000}
    extra = [f"备用{i}" for i in range(20_000 - len(ROSTER_HEADERS))]
    row = roster_row(office.general_office)
    text = csv_text([row]).split("\r\n")
    lines = [text[0] + "," + ",".join(extra), text[1] + "," * len(extra)]
    report = run_roster(office.admin, "\r\n".join(lines).encode())
    assert report.counts[Outcome.CREATED] == 1
    (notice,) = report.notices
    assert f"{len(extra) + 1}列无法识别或未选择对应字段" in notice.reason
    assert "A列（序号）" in notice.reason and len(notice.reason) < 300


# --- the import page: mapping screen, saved mapping, secretaries ----------------------------


def upload(client: Client, data: bytes, name: str, **extra: str) -> Any:
    """The test client's response (it carries ``context``)."""
    handle = io.BytesIO(data)
    handle.name = name
    return client.post("/members/import/", {"file": handle, "kind": "members", **extra})


def mapping_post(page: Any, **choices: str) -> dict[str, str]:
    """What the mapping screen sends when the person keeps the suggestions except ``choices``
    (given by field label, e.g. ``{"党费类别（…": "salaried"}``)."""
    form = page.context["mapping_form"]
    data = {name: str(form[name].value() or "") for name in form.fields}
    for name, field in form.fields.items():
        for label, value in choices.items():
            if str(field.label).startswith(label):
                data[name] = value
    data.update(token=page.context["token"], file_name=page.context["file_name"])
    data["valid_only"] = str(page.context["valid_only"])
    return data


def test_the_sample_through_the_page_asks_maps_and_is_offered_again(
    office: Office, client: Client
) -> None:
    client.force_login(office.admin)
    data = (SAMPLES / "roster_from_an_office.xls").read_bytes()
    page = upload(client, data, "roster.xls", valid_only="on")
    form = page.context["mapping_form"]
    assert form is not None and page.context.get("report") is None
    labels = {str(f.label): f.initial for f in form.fields.values()}
    assert labels["文件中的“身份证号”列"] == "id_number"
    assert labels["文件中的“党员身份”列"] == "stage"
    assert labels["文件中的“文化程度”列"] == "education"
    assert labels["文件中的“序号”列"] == "" and labels["文件中的“说明”列"] == ""
    assert "文化程度中的“大学”（2行）是指" in labels
    assert "工作岗位类别（文件中没有此列时，整个文件统一为）" in labels
    assert "党费类别（文件中没有此列时，整个文件统一为）" in labels
    post = mapping_post(page, 文化程度中的="bachelor", 工作岗位类别="manager", 党费类别="salaried")
    result = client.post("/members/import/", post)
    report = result.context["report"]
    assert report.committed and report.counts[Outcome.CREATED] == 4
    assert ImportMapping.objects.get(organization=office.committee).fixed == {
        "occupation": "manager",
        "dues_category": "salaried",
    }
    html = result.content.decode()
    assert "后勤保障党支部" in html and "末几位已丢失" in html
    again = upload(client, data, "roster.xls")
    offered = {str(f.label): f.initial for f in again.context["mapping_form"].fields.values()}
    assert offered["文化程度中的“大学”（2行）是指"] == "bachelor"
    assert offered["工作岗位类别（文件中没有此列时，整个文件统一为）"] == "manager"


def test_the_mapping_is_audited_and_saved_per_organisation(office: Office, client: Client) -> None:
    client.force_login(office.admin)
    page = upload(client, roster([roster_row(office.general_office)]), "r.xlsx")
    client.post("/members/import/", mapping_post(page, 工作岗位类别="worker", 党费类别="salaried"))
    assert AuditLog.objects.filter(action="member.import_mapping").count() == 1
    other = make_org("另一党委", "committee")
    stranger = make_user("other_admin", Role.ORG_ADMIN, other)
    client.force_login(stranger)
    page = upload(client, roster([roster_row(office.general_office)]), "r.xlsx")
    offered = {str(f.label): f.initial for f in page.context["mapping_form"].fields.values()}
    assert offered["工作岗位类别（文件中没有此列时，整个文件统一为）"] == ""


def test_a_template_shaped_file_imports_without_the_mapping_screen(
    enterprise: Any, org_admin_general: User, client: Client
) -> None:
    from tests.test_excel_import import member_row, workbook

    client.force_login(org_admin_general)
    page = upload(client, workbook([member_row(enterprise.branch_a)]).getvalue(), "m.xlsx")
    assert page.context.get("mapping_form") is None
    assert page.context["report"].counts[Outcome.CREATED] == 1


def test_an_expired_token_is_a_message_not_a_500(office: Office, client: Client) -> None:
    client.force_login(office.admin)
    page = client.post("/members/import/", {"token": "0" * 64, "file_name": "x.xlsx"})
    assert page.status_code == 200 and "上传的文件已失效" in page.content.decode()


def test_a_secretary_is_not_offered_the_organisation_import(
    enterprise: Any, secretary_a: User, org_admin_general: User, client: Client
) -> None:
    client.force_login(secretary_a)
    html = client.get("/members/import/").content.decode()
    assert "下载党员导入模板" in html and "下载党组织导入模板" not in html
    assert 'value="orgs"' not in html
    assert client.get("/members/import/template.xlsx?kind=orgs").status_code == 403
    client.force_login(org_admin_general)
    html = client.get("/members/import/").content.decode()
    assert "下载党组织导入模板" in html and 'value="orgs"' in html


def test_the_org_template_instructions_speak_of_organisations(
    enterprise: Any, org_admin_general: User, client: Client
) -> None:
    client.force_login(org_admin_general)
    response: Any = client.get("/members/import/template.xlsx?kind=orgs")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    notes = " ".join(
        str(c.value) for row in book["填写说明"].iter_rows(max_row=6) for c in row if c.value
    )
    assert "组织代码" in notes and "身份证" not in notes and "公民身份号码" not in notes


def test_hidden_rows_and_merged_cells_are_one_notice_each(office: Office) -> None:
    """However many there are: a count and the first few places, not a notice per row."""
    rows = [roster_row(office.general_office) for _ in range(30)]
    book = openpyxl.load_workbook(io.BytesIO(roster(rows)))
    sheet = cast(Worksheet, book.active)
    for number in range(5, 25):
        sheet.row_dimensions[number].hidden = True
    for number in range(3, 33, 2):  # 序号 merged over pairs of rows, as offices do
        sheet.merge_cells(start_row=number, start_column=1, end_row=number + 1, end_column=1)
    buffer = io.BytesIO()
    book.save(buffer)
    report = run_roster(office.admin, buffer.getvalue())
    assert report.counts[Outcome.CREATED] == 30, [str(p) for p in report.problems]
    texts = sorted(n.reason for n in report.notices)
    assert len(texts) == 3, texts
    assert any(
        t.startswith("有20行是隐藏行，已照常读取：第5行、第6行") and "等20处" in t for t in texts
    )
    assert any(t.startswith("有15处合并单元格") and "A3:A4、A5:A6" in t for t in texts)


def test_a_gb18030_csv_through_the_page_reaches_the_mapping_screen(
    office: Office, client: Client
) -> None:
    client.force_login(office.admin)
    data = csv_text([roster_row(office.general_office)]).encode("gb18030")
    page = upload(client, data, "花名册.csv")
    assert page.status_code == 200 and page.context["mapping_form"] is not None
    post = mapping_post(page, 工作岗位类别="worker", 党费类别="salaried")
    report = client.post("/members/import/", post).context["report"]
    assert report.committed and report.counts[Outcome.CREATED] == 1
