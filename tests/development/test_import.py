"""Importing people already in the process from a spreadsheet: each row through the same
services in date order, refused whole (cell named, article cited) or imported with its
warnings."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dangjian.core.workbook import ImportFileError
from dangjian.development.excel_import import (
    COLUMNS,
    DevelopmentImport,
    import_development,
    write_template,
)
from dangjian.development.models import Applicant, DevelopmentStep, FormNumberRange
from dangjian.members.excel.report import Outcome
from dangjian.members.excel.sheets import column_letter
from dangjian.members.models import Member
from dangjian.rules.idcard import make_id_number
from tests.development.support import voters
from tests.factories import Role, make_user

Login = Callable[[User], Client]
HEADERS = [c.header for c in COLUMNS]


@pytest.fixture
def committee_admin(enterprise: SimpleNamespace) -> User:
    """The 党委's administrator: records the branch's and the 党委's steps alike."""
    return make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)


@pytest.fixture
def members(enterprise: SimpleNamespace) -> list[Member]:
    FormNumberRange.objects.create(organization=enterprise.root, first=37000001, last=37000500)
    return voters(enterprise.branch_a, 5)


def person(n: int, name: str, **steps: Any) -> dict[str, Any]:
    birth = date(1998, 5, n)
    return {
        "姓名": name, "性别": "女", "民族": "汉族", "出生日期": birth,
        "公民身份号码": make_id_number("110102", birth, 100 + n, "F"), "学历": "大学本科",
        "工作岗位类别": "专业技术人员", "工作单位": "变电运维班", "手机号码": f"1370000{n:04d}",
        "入党申请书日期": date(2023, 3, 1), "收到入党申请日期": date(2023, 3, 3), **steps,
    }  # fmt: skip


def activist_steps(**more: Any) -> dict[str, Any]:
    return {"谈话日期": date(2023, 3, 20), "谈话人": "王书记",
            "确定为入党积极分子日期": date(2023, 4, 10), "推荐方式": "党员推荐",
            "确定入党积极分子的机构": "党支部党员大会", **more}  # fmt: skip


def candidate_steps(members: list[Member], **more: Any) -> dict[str, Any]:
    contacts = f"{members[0].name}、{members[1].name}"
    values = activist_steps(
        **{
            "入党积极分子备案日期": date(2023, 4, 12),
            "指定培养联系人日期": date(2023, 4, 15),
            "培养联系人": contacts,
            "培养考察日期": "2023-10-01、2024.3.20",
            "上级党委同意日期": date(2024, 5, 6),
            "公示开始日期": date(2024, 5, 8),
            "公示结束日期": date(2024, 5, 14),
            "已听取党小组、培养联系人、党员和群众意见": "是",
            "确定为发展对象日期": date(2024, 5, 20),
        }
    )
    values.update(more)
    return values


def admitted_steps(members: list[Member]) -> dict[str, Any]:
    names = "、".join(m.name for m in members[:4])
    return candidate_steps(
        members,
        **{
            "发展对象备案日期": date(2024, 5, 22),
            "确定入党介绍人日期": date(2024, 5, 25),
            "入党介绍人": f"{members[0].name}、{members[1].name}",
            "政治审查日期": date(2024, 7, 1),
            "政治审查结论": "合格",
            "集中培训结业日期": date(2024, 8, 1),
            "培训天数": 3,
            "支部委员会审查日期": date(2024, 8, 15),
            "党委预审日期": date(2024, 8, 20),
            "填写入党志愿书日期": date(2024, 8, 25),
            "入党志愿书编号": "0037000101",
            "支部大会日期": date(2024, 9, 10),
            "应到会有表决权党员人数": 5,
            "到会有表决权党员": names,
            "赞成票": 4,
            "反对票": 0,
            "弃权票": 0,
            "主要表现": "工作积极，表现突出",
            "党委谈话日期": date(2024, 9, 20),
            "党委谈话人": "组织员李",
            "党委审批日期": date(2024, 10, 8),
            "入党宣誓日期": date(2024, 10, 20),
            "提出转正申请日期": date(2025, 8, 20),
        },
    )


LATE_TALK = {"谈话日期": date(2023, 5, 10), "确定为入党积极分子日期": date(2023, 5, 20)}


def workbook(rows: list[dict[str, Any]]) -> bytes:
    """A real .xlsx: the template's headers on row 1, one person per row from row 2."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "发展党员"
    sheet.append(HEADERS)
    for values in rows:
        sheet.append([values.get(h, None) for h in HEADERS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def letter(header: str) -> str:
    return column_letter(HEADERS.index(header))


def run(actor: User, branch: Any, rows: list[dict[str, Any]]) -> DevelopmentImport:
    return import_development(actor=actor, branch=branch, source=workbook(rows))


def test_good_rows_are_imported_with_their_steps(
    enterprise: SimpleNamespace, committee_admin: User, members: list[Member]
) -> None:
    result = run(committee_admin, enterprise.branch_a,
                 [person(1, "林晓梅", **admitted_steps(members)),
                  person(2, "赵一鸣", **activist_steps())])  # fmt: skip
    assert [r.outcome for r in result.report.rows] == [Outcome.CREATED, Outcome.CREATED]
    admitted = Applicant.objects.get(name="林晓梅")
    assert admitted.stage == "probationary" and admitted.form_number == "0037000101"
    assert admitted.member is not None
    member = admitted.member
    assert member.joined_on == date(2024, 9, 10)  # DEV-15: the 支部大会's day
    codes = list(DevelopmentStep.objects.filter(applicant=admitted).values_list("code", flat=True))
    assert codes[:4] == ["apply", "talk", "designate_activist", "file_activist"]
    assert codes.count("assess") == 2 and codes[-3:] == ["approve_admission", "oath", "apply_full"]
    meeting = DevelopmentStep.objects.get(applicant=admitted, code="admission_meeting")
    assert meeting.details["tally"]["present"] == 4 and meeting.details["tally"]["entitled"] == 5
    contacts = DevelopmentStep.objects.get(applicant=admitted, code="assign_contacts")
    assert {p.member_id for p in contacts.people.all()} == {members[0].pk, members[1].pk}
    assert Applicant.objects.get(name="赵一鸣").stage == "activist"


def test_an_activist_year_short_of_twelve_months_refuses_the_row_whole(
    enterprise: SimpleNamespace, committee_admin: User, members: list[Member]
) -> None:
    """DEV-7 (细则第十三条): activist on 2023-06-01, candidate on 2024-05-20."""
    short = candidate_steps(members, **{"确定为入党积极分子日期": date(2023, 6, 1),
                                        "入党积极分子备案日期": date(2023, 6, 3),
                                        "指定培养联系人日期": date(2023, 6, 5)})  # fmt: skip
    result = run(committee_admin, enterprise.branch_a, [person(3, "钱小芳", **short)])
    (row,) = result.report.rows
    assert row.outcome is Outcome.REJECTED and row.row == 2
    problems = [p for p in row.problems if p.column == letter("确定为发展对象日期")]
    assert problems, row.problems
    reason = problems[0].reason
    assert "《中国共产党发展党员工作细则》第十三条" in reason
    assert "2024年6月1日方满一年" in reason
    assert "工作表“发展党员”" in str(problems[0]) and f"{letter('确定为发展对象日期')}2" in str(
        problems[0]
    )
    # Nothing of the row is kept: not the person, not the steps before the refused one.
    assert not Applicant.objects.filter(name="钱小芳").exists()
    assert not DevelopmentStep.objects.filter(applicant__name="钱小芳").exists()


def test_a_late_talk_is_imported_with_its_warning(
    enterprise: SimpleNamespace, committee_admin: User, members: list[Member]
) -> None:
    """DEV-2 (细则第七条): received 2023-03-03, talked 2023-05-10: kept, with the warning."""
    late = activist_steps(**LATE_TALK)
    result = run(committee_admin, enterprise.branch_a, [person(4, "孙立新", **late)])
    assert [r.outcome for r in result.report.rows] == [Outcome.CREATED]
    (warning,) = result.warnings
    assert (warning.row, warning.column) == (2, letter("谈话日期"))
    assert "第七条" in warning.reason and "超期" in warning.reason
    talk = DevelopmentStep.objects.get(applicant__name="孙立新", code="talk")
    assert [v["outcome"] for v in talk.verdicts] == ["warn"]


def test_a_malformed_date_and_an_unknown_contact_name_the_cell(
    enterprise: SimpleNamespace, committee_admin: User, members: list[Member]
) -> None:
    bad_date = activist_steps(**{"谈话日期": "2023-02-30"})
    unknown = candidate_steps(members, **{"培养联系人": f"{members[0].name}、查无此人"})
    result = run(committee_admin, enterprise.branch_a,
                 [person(5, "周一", **bad_date), person(6, "吴二", **unknown)])  # fmt: skip
    first, second = result.report.rows
    assert first.outcome is second.outcome is Outcome.REJECTED
    assert [(p.row, p.column) for p in first.problems] == [(2, letter("谈话日期"))]
    assert "2023年2月30日不存在" in first.problems[0].reason
    assert [(p.row, p.column) for p in second.problems] == [(3, letter("培养联系人"))]
    assert "查无此人" in second.problems[0].reason
    assert not Applicant.objects.exists()


def test_a_secretary_cannot_import_the_committees_steps(
    enterprise: SimpleNamespace, secretary_a: User, members: list[Member]
) -> None:
    """细则第二十二条: the training is the 党委's step; the row is refused at its column."""
    steps = candidate_steps(members, **{"集中培训结业日期": date(2024, 8, 1), "培训天数": 3})
    result = run(secretary_a, enterprise.branch_a, [person(7, "郑三", **steps)])
    (row,) = result.report.rows
    assert row.outcome is Outcome.REJECTED
    assert [p.column for p in row.problems] == [letter("集中培训结业日期")]
    assert "党委" in row.problems[0].reason


def test_a_file_that_is_not_excel_is_refused_cleanly(
    enterprise: SimpleNamespace, secretary_a: User, login: Login
) -> None:
    with pytest.raises(ImportFileError):
        import_development(actor=secretary_a, branch=enterprise.branch_a,
                           source=b"\x89PNG\r\n\x1a\n" + bytes(200))  # fmt: skip
    client = login(secretary_a)
    upload = SimpleUploadedFile("名单.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(200))
    response = client.post("/development/import/",
                           {"branch": enterprise.branch_a.pk, "file": upload})  # fmt: skip
    assert response.status_code == 200
    assert 'data-field="file"' in response.content.decode()
    assert not Applicant.objects.exists()


def test_the_page_imports_and_reports_row_by_row(
    enterprise: SimpleNamespace, secretary_a: User, members: list[Member], login: Login
) -> None:
    client = login(secretary_a)
    form = client.get("/development/import/").content.decode()
    assert f'<option value="{enterprise.branch_a.pk}">一支部</option>' in form
    assert "二支部" not in form  # only the branches the secretary looks after
    template = client.get("/development/import/template.xlsx")
    assert template.status_code == 200
    headers = next(openpyxl.load_workbook(io.BytesIO(template.content))["发展党员"].iter_rows(
        max_row=1, values_only=True))  # fmt: skip
    assert list(headers) == HEADERS
    data = workbook([person(8, "冯四", **activist_steps(**LATE_TALK)),
                     person(9, "陈五", **activist_steps(**{"谈话日期": "2023-02-30"}))])  # fmt: skip
    upload = SimpleUploadedFile("发展党员.xlsx", data)
    response = client.post("/development/import/",
                           {"branch": enterprise.branch_a.pk, "file": upload})  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="warning-table"' in page and "超期" in page
    assert "2023年2月30日不存在" in page
    assert "导入完成：导入1人（其中1人有提醒事项），1行未导入" in page
    assert Applicant.objects.filter(name="冯四").exists()
    assert not Applicant.objects.filter(name="陈五").exists()


def test_a_secretary_cannot_import_into_another_branch(
    enterprise: SimpleNamespace, secretary_b: User, login: Login
) -> None:
    upload = SimpleUploadedFile("发展党员.xlsx", workbook([person(10, "褚六", **activist_steps())]))
    response = login(secretary_b).post("/development/import/",
                                       {"branch": enterprise.branch_a.pk, "file": upload})  # fmt: skip
    assert response.status_code == 200
    assert 'data-field="branch"' in response.content.decode()
    assert not Applicant.objects.exists()


def test_the_template_is_what_the_import_reads() -> None:
    book = openpyxl.load_workbook(io.BytesIO(write_template()))
    assert book.sheetnames == ["发展党员", "填写说明"]


def test_a_step_dated_before_the_stage_it_needs_names_its_cell(
    enterprise: SimpleNamespace, committee_admin: User, members: list[Member]
) -> None:
    """A filing dated before the designation it files: the service refuses it in date order."""
    early = activist_steps(**{"入党积极分子备案日期": date(2023, 4, 1)})
    result = run(committee_admin, enterprise.branch_a, [person(11, "卫七", **early)])
    (row,) = result.report.rows
    assert [p.column for p in row.problems] == [letter("入党积极分子备案日期")]
    assert "请核对日期" in row.problems[0].reason
    assert not Applicant.objects.exists()


def test_the_same_person_twice_in_a_file_keeps_the_first_and_names_the_second(
    enterprise: SimpleNamespace, committee_admin: User, members: list[Member]
) -> None:
    row = person(12, "蒋八", **activist_steps())
    result = run(committee_admin, enterprise.branch_a, [row, row])
    first, second = result.report.rows
    assert first.outcome is Outcome.CREATED and second.outcome is Outcome.REJECTED
    assert [(p.row, p.column) for p in second.problems] == [(3, letter("公民身份号码"))]
    assert "不能重复登记" in second.problems[0].reason
    assert Applicant.objects.filter(name="蒋八").count() == 1


def test_a_mobile_person_needs_the_notice_at_both_ends(
    enterprise: SimpleNamespace, committee_admin: User, members: list[Member]
) -> None:
    """DEV-20 (细则第十三条): a mobile person's notice at the 流出地 and the 流入地 together."""
    one_end = candidate_steps(members, **{"流动人员": "是"})
    both = candidate_steps(
        members,
        **{
            "流动人员": "是",
            "流入地公示开始日期": date(2024, 5, 8),
            "流入地公示结束日期": date(2024, 5, 14),
        },
    )
    result = run(committee_admin, enterprise.branch_a,
                 [person(13, "沈九", **one_end), person(14, "韩十", **both)])  # fmt: skip
    refused, imported = result.report.rows
    assert refused.outcome is Outcome.REJECTED and imported.outcome is Outcome.CREATED
    (problem,) = refused.problems
    assert problem.column == letter("确定为发展对象日期")
    assert "第十三条" in problem.reason and "缺流入地的公示" in problem.reason
    mobile = Applicant.objects.get(name="韩十")
    assert mobile.is_mobile and mobile.stage == "candidate"
    notice = DevelopmentStep.objects.get(applicant=mobile, code="designate_candidate")
    assert [n["place"] for n in notice.details["notices"]] == ["outflow", "inflow"]
