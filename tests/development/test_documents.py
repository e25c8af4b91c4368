"""The documents of 发展党员 from the records: 公示, 全程纪实表, the 支部大会's resolution (DEV-24),
the pipeline and annual statistics as .xlsx; each scoped to the branches the user looks after."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import Client
from docx import Document
from pypdf import PdfReader
from pytest_django.fixtures import Settings

from dangjian.development.models import Applicant
from tests.development.support import (
    applicant_input,
    applicant_register,
    record,
    tally_of,
    to_admission_meeting,
    to_candidate,
    voters,
)
from tests.factories import Role, make_user

Login = Callable[[User], Client]


@pytest.fixture(autouse=True)
def _own_template_dir(settings: Settings, tmp_path: Path) -> Path:
    """An empty override folder: the package's templates."""
    folder = tmp_path / "document-templates"
    folder.mkdir()
    settings.DOCUMENT_TEMPLATE_DIR = folder
    return folder


@pytest.fixture
def committee_admin(enterprise: SimpleNamespace) -> User:
    return make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)


@pytest.fixture
def admitted(enterprise: SimpleNamespace, secretary_a: User, committee_admin: User) -> Applicant:
    """A person of 一支部 through the 支部大会 of 2024-09-10 (5 entitled, 4 present, 4 yes)."""
    members = voters(enterprise.branch_a, 5)
    person = applicant_register(
        actor=secretary_a,
        data=applicant_input(enterprise.branch_a, name="林晓梅", work_unit="变电运维班"),
    )
    to_candidate(secretary_a, committee_admin, person, members)
    to_admission_meeting(secretary_a, committee_admin, person, members)
    record(secretary_a, person, "admission_meeting", date(2024, 9, 10),
           tally=tally_of(members, present=4, yes=4))  # fmt: skip
    return person


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _get(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.content.decode()[:500]
    return response.content


def test_the_notice_of_a_candidate_takes_its_recorded_days_and_place(
    admitted: Applicant, secretary_a: User, login: Login
) -> None:
    client = login(secretary_a)
    text = docx_text(_get(client, f"/development/{admitted.pk}/documents/notice.docx"))
    assert "关于拟确定林晓梅为发展对象的公示" in text
    # 2024-05-11 was a 调休 Saturday: six working days.
    assert "公示时间：2024年5月8日至2024年5月14日（6个工作日）" in text
    assert "公示地点：工作、学习单位" in text
    assert "1998年5月" in text and "2023年4月10日" in text and "变电运维班" in text
    assert "向党支部反映情况" in text  # how to give an opinion
    pdf = _get(client, f"/development/{admitted.pk}/documents/notice.pdf")
    assert pdf.startswith(b"%PDF")
    assert "林晓梅" in pdf_text(pdf) and "公示地点" in pdf_text(pdf)


def test_the_notice_of_an_activist_runs_five_working_days_across_the_national_day(
    enterprise: SimpleNamespace, secretary_a: User, login: Login
) -> None:
    """DEV-20: posted on 2026-09-30, the 5th working day is 10-12 (10-10 a 调休 Saturday)."""
    person = applicant_register(actor=secretary_a, data=applicant_input(enterprise.branch_a))
    record(secretary_a, person, "talk", date(2023, 3, 20), talker="王书记")
    record(secretary_a, person, "designate_activist", date(2023, 4, 10),
           recommendation="members", decided_by="branch_assembly")  # fmt: skip
    url = (f"/development/{person.pk}/documents/notice.docx?starts_on=2026-09-30"
           "&contact=王五&contact_phone=0371-12345678")  # fmt: skip
    text = docx_text(_get(login(secretary_a), url))
    assert "公示时间：2026年9月30日至2026年10月12日（5个工作日）" in text
    assert "联系人：王五" in text and "经党支部党员大会研究" in text


def test_no_notice_before_the_person_is_an_activist(
    enterprise: SimpleNamespace, secretary_a: User, login: Login
) -> None:
    person = applicant_register(actor=secretary_a, data=applicant_input(enterprise.branch_a))
    response = login(secretary_a).get(f"/development/{person.pk}/documents/notice.pdf")
    assert response.status_code == 409
    assert "尚未确定为入党积极分子" in response.content.decode()


def test_a_malformed_notice_date_is_a_page_not_a_server_error(
    admitted: Applicant, secretary_a: User, login: Login
) -> None:
    url = f"/development/{admitted.pk}/documents/notice.docx?starts_on=2026-13-40"
    response = login(secretary_a).get(url)
    assert response.status_code == 409
    assert "公示开始日期应写作" in response.content.decode()


def test_the_record_lists_every_step_with_its_people_and_checks(
    admitted: Applicant, secretary_a: User, login: Login
) -> None:
    client = login(secretary_a)
    text = docx_text(_get(client, f"/development/{admitted.pk}/documents/record.docx"))
    assert "发展党员全程纪实表" in text and "林晓梅" in text
    for line in ("递交入党申请书", "2023年3月20日", "谈话人：王书记", "确定为发展对象",
                 "支部大会讨论接收预备党员", "2024年9月10日", "党支部党员大会"):  # fmt: skip
        assert line in text, line
    assert "入党介绍人：" in text and "培养联系人：" in text
    assert "【符合】依据《中国共产党发展党员工作细则》第七条" in text
    assert "{{" not in text
    pdf = _get(client, f"/development/{admitted.pk}/documents/record.pdf")
    assert pdf.startswith(b"%PDF")
    extracted = pdf_text(pdf)
    assert "全程纪实表" in extracted and "林晓梅" in extracted


def test_the_resolution_states_the_count_the_tally_and_the_result(
    admitted: Applicant, secretary_a: User, login: Login
) -> None:
    """DEV-24: performance, entitled and present voting members, the vote, result and date."""
    client = login(secretary_a)
    page = _get(client, f"/development/{admitted.pk}/documents/resolution/").decode()
    expected = ("2024年9月10日", "林晓梅同志工作积极，表现突出", "应到会有表决权的党员5人",
                "实到会有表决权的党员4人", "赞成4票，反对0票，弃权0票",
                "同意接收林晓梅同志为中国共产党预备党员")  # fmt: skip
    for part in expected:
        assert part in page, part
    text = docx_text(_get(client, f"/development/{admitted.pk}/documents/resolution.docx"))
    assert all(part in text for part in expected)


def test_no_resolution_before_the_meeting(
    enterprise: SimpleNamespace, secretary_a: User, login: Login
) -> None:
    person = applicant_register(actor=secretary_a, data=applicant_input(enterprise.branch_a))
    response = login(secretary_a).get(f"/development/{person.pk}/documents/resolution/")
    assert response.status_code == 409
    assert "尚未记录支部大会讨论接收预备党员" in response.content.decode()


def _sheet_rows(data: bytes, sheet: str) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [tuple(r) for r in book[sheet].iter_rows(min_row=4, values_only=True)]


def test_the_pipeline_as_xlsx(
    admitted: Applicant, enterprise: SimpleNamespace, secretary_a: User, login: Login
) -> None:
    data = _get(
        login(secretary_a), f"/development/export/pipeline.xlsx?org={enterprise.branch_a.pk}"
    )
    rows = _sheet_rows(data, "发展党员进度")
    assert len(rows) == 1
    name, _gender, branch, stage, *_rest = rows[0]
    assert (name, branch, stage) == ("林晓梅", "一支部", "发展对象")


def test_the_annual_statistics_count_per_organisation_with_the_lists_behind(
    admitted: Applicant, enterprise: SimpleNamespace, committee_admin: User, login: Login
) -> None:
    client = login(committee_admin)
    data = _get(client, f"/development/export/statistics.xlsx?year=2023&org={enterprise.root.pk}")
    summary = _sheet_rows(data, "统计")
    assert summary[0] == ("一支部", 1, 1, 0, 0, 0)
    assert summary[-1] == ("合计", 1, 1, 0, 0, 0)
    names = _sheet_rows(data, "名单")
    assert names[1][:3] == ("一支部", "确定入党积极分子", "林晓梅")
    data = _get(client, f"/development/export/statistics.xlsx?year=2024&org={enterprise.root.pk}")
    assert _sheet_rows(data, "统计")[0] == ("一支部", 0, 0, 1, 0, 0)


def test_another_branch_secretary_gets_404_for_every_document(
    admitted: Applicant, enterprise: SimpleNamespace, secretary_b: User, login: Login
) -> None:
    client = login(secretary_b)
    for what in ("notice.docx", "notice.pdf", "record.docx", "record.pdf", "resolution/",
                 "resolution.docx"):  # fmt: skip
        assert client.get(f"/development/{admitted.pk}/documents/{what}").status_code == 404, what
    org = enterprise.branch_a.pk
    assert client.get(f"/development/export/pipeline.xlsx?org={org}").status_code == 404
    assert client.get(f"/development/export/statistics.xlsx?org={org}").status_code == 404
    # Without an organisation, the export holds only their own branch: nobody here.
    assert _sheet_rows(_get(client, "/development/export/pipeline.xlsx"), "发展党员进度") == []


def test_an_override_shows_its_article_and_reason_never_a_rule_id(
    enterprise: SimpleNamespace, secretary_a: User, committee_admin: User, login: Login
) -> None:
    """细则第十七条 lets a 党委 pass a candidate trained less than 3 days, with a reason: the
    纪实表 shows the article and the reason (the rule ID is for code, never for the reader)."""
    members = voters(enterprise.branch_a, 5)
    person = applicant_register(actor=secretary_a, data=applicant_input(enterprise.branch_a))
    to_candidate(secretary_a, committee_admin, person, members)
    record(secretary_a, person, "political_review", date(2024, 7, 1), review_passed=True)
    record(committee_admin, person, "training", date(2024, 8, 1), training_days=2,
           overrides={"DEV-10": "驻外项目人员，集中培训两天并线上补学"})  # fmt: skip
    client = login(secretary_a)
    text = docx_text(_get(client, f"/development/{person.pk}/documents/record.docx"))
    expected = (
        "破例通过（《中国共产党发展党员工作细则》第十七条）：驻外项目人员，集中培训两天并线上补学"
    )
    assert expected in text
    assert "DEV-" not in text
    assert "DEV-" not in pdf_text(_get(client, f"/development/{person.pk}/documents/record.pdf"))


def test_a_broken_deployment_template_is_a_page_saying_so(
    admitted: Applicant, secretary_a: User, login: Login, _own_template_dir: Path
) -> None:
    (_own_template_dir / "development_record.docx").write_bytes(b"not a word file")
    response = login(secretary_a).get(f"/development/{admitted.pk}/documents/record.docx")
    assert response.status_code == 503
    assert "文书模板development_record.docx不是有效的Word文档" in response.content.decode()
