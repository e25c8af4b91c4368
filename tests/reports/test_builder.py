"""The report builder: rows of organisations of a level, columns by an attribute, a date;
.xlsx; saved definitions per user; scoping."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.http import Http404
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.errors import InvalidInput
from dangjian.members.models import Member
from dangjian.members.services import member_change
from dangjian.reports.builder import build_report, saved_report_create, saved_report_delete
from dangjian.reports.models import SavedReport
from dangjian.reports.tables import Table
from tests.factories import Role, make_user
from tests.reports.support import history

Login = Callable[[User], Client]
DAY = date(2024, 12, 31)


@pytest.fixture
def people(enterprise: SimpleNamespace) -> dict[str, Member]:
    return history(enterprise)


@pytest.fixture
def root_admin(enterprise: SimpleNamespace) -> User:
    return make_user("dangwei_bld", Role.ORG_ADMIN, enterprise.root)


def _values(table: Table, row: str) -> dict[str, int | None]:
    [found] = [r for r in table.rows if r.key == row]
    return {c.key: cell.value for c, cell in zip(table.columns, found.cells, strict=True)}


def test_branches_by_gender_on_a_day(
    enterprise: SimpleNamespace, people: dict[str, Member], root_admin: User
) -> None:
    table = build_report(root_admin, enterprise.root.pk, "branch", "gender", DAY)
    assert _values(table, "total") == {"total": 5, "M": 3, "F": 2}
    assert _values(table, str(enterprise.branch_a.pk)) == {"total": 3, "M": 1, "F": 2}
    assert _values(table, str(enterprise.branch_c.pk)) == {"total": 1, "M": 1, "F": 0}
    before_transfer = build_report(
        root_admin, enterprise.root.pk, "branch", "gender", date(2024, 6, 9)
    )
    assert _values(before_transfer, str(enterprise.branch_b.pk))["total"] == 2


def test_general_branches_by_stage_and_the_status_column(
    enterprise: SimpleNamespace, people: dict[str, Member], root_admin: User
) -> None:
    table = build_report(
        root_admin, enterprise.root.pk, "general_branch", "stage", date(2024, 7, 1)
    )
    assert _values(table, str(enterprise.general.pk)) == {"total": 4, "probationary": 2, "full": 2}
    member_change(actor=None, member_id=people["李四"].pk, changes={"status": "suspended"},
                  effective_on=date(2024, 11, 1), reason="停止党籍")  # fmt: skip
    status = build_report(root_admin, enterprise.root.pk, "committee", "status", DAY)
    assert _values(status, "total") == {"total": 5, "normal": 4, "suspended": 1}


def test_a_secretary_builds_for_their_branch_only(
    enterprise: SimpleNamespace, people: dict[str, Member], secretary_a: User
) -> None:
    table = build_report(secretary_a, enterprise.branch_a.pk, "branch", "age_band", DAY)
    assert [r.key for r in table.rows] == ["total", str(enterprise.branch_a.pk)]
    with pytest.raises(Http404):
        build_report(secretary_a, enterprise.root.pk, "branch", "age_band", DAY)


def test_an_unknown_attribute_names_the_field(
    enterprise: SimpleNamespace, root_admin: User
) -> None:
    with pytest.raises(InvalidInput) as refused:
        build_report(root_admin, enterprise.root.pk, "branch", "salary", DAY)
    assert "attribute" in refused.value.errors


def test_definitions_are_saved_per_user(
    enterprise: SimpleNamespace, root_admin: User, secretary_a: User
) -> None:
    saved = saved_report_create(actor=root_admin, name="各支部年龄", root_id=enterprise.root.pk,
                                row_kind="branch", attribute="age_band", on=None)  # fmt: skip
    with pytest.raises(InvalidInput) as twice:
        saved_report_create(actor=root_admin, name="各支部年龄", root_id=enterprise.root.pk,
                            row_kind="branch", attribute="gender", on=None)  # fmt: skip
    assert "已有名为" in twice.value.errors["name"][0]
    with pytest.raises(InvalidInput):
        saved_report_delete(actor=secretary_a, report_id=saved.pk)
    saved_report_delete(actor=root_admin, report_id=saved.pk)
    assert not SavedReport.objects.exists()


def test_the_builder_page_exports_and_saves(
    enterprise: SimpleNamespace, people: dict[str, Member], root_admin: User, login: Login
) -> None:
    client = login(root_admin)
    query = {"root_id": enterprise.root.pk, "row_kind": "branch", "attribute": "education",
             "on": DAY.isoformat()}  # fmt: skip
    page = client.get(f"{reverse('reports:builder')}?{urlencode(query)}")
    assert page.status_code == 200 and "按党支部" in page.content.decode()
    export = client.get(f"{reverse('reports:builder_xlsx')}?{urlencode(query)}")
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    assert sheet["A7"].value == "合计" and sheet["B7"].value == 5
    assert "C5:H5" in {str(r) for r in sheet.merged_cells.ranges}  # 学历 over six levels
    saved = client.post(reverse("reports:builder_save"), {**query, "name": "学历分布"})
    assert saved.status_code == 302 and SavedReport.objects.get().name == "学历分布"
    listed = client.get(reverse("reports:builder")).content.decode()
    assert "学历分布" in listed and "党支部（含联合、临时党支部）" in listed
    bad = client.get(f"{reverse('reports:builder')}?{urlencode({**query, 'on': '2999-01-01'})}")
    assert bad.status_code == 400 and "统计日期不能晚于今天" in bad.content.decode()


def test_a_member_who_left_since_counts_on_the_past_day(
    enterprise: SimpleNamespace, people: dict[str, Member], secretary_a: User
) -> None:
    """The builder counts a past day's register like the tables: 李四, in 一支部 on 2024-12-31
    and in 三支部 since 2025, counts in the secretary's 2024 figures."""
    member_change(actor=None, member_id=people["李四"].pk,
                  changes={"organization_id": enterprise.branch_c.pk},
                  effective_on=date(2025, 3, 1), reason="工作调动", transfer_accepted=True)  # fmt: skip
    table = build_report(secretary_a, enterprise.branch_a.pk, "branch", "gender", DAY)
    total = table.cell("total", "total")
    assert total is not None and people["李四"].pk in total.ids
    assert total.value == 3  # 张三, 李四, 孙八
    assert _values(table, str(enterprise.branch_a.pk))["total"] == 3


@pytest.mark.parametrize("name", ["a\u202eb", "a\u202eb\u200b", "甲\u200b乙"])
def test_a_name_with_invisible_or_direction_characters_is_refused(
    enterprise: SimpleNamespace, root_admin: User, name: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        saved_report_create(actor=root_admin, name=name, root_id=enterprise.root.pk,
                            row_kind="branch", attribute="gender", on=None)  # fmt: skip
    assert refused.value.errors["name"][0].startswith("报表名称")
    assert not SavedReport.objects.exists()


def test_branches_of_one_name_name_their_parents(
    enterprise: SimpleNamespace, root_admin: User
) -> None:
    """Every unit has its 机关党支部: a name met twice among the rows names its parent, in
    the builder and in table 8 (both through ``org_labels_told_apart``)."""
    from dangjian.dynamics.display import org_labels_told_apart
    from tests.factories import make_org

    first = make_org("机关党支部", "branch", enterprise.general)
    second = make_org("机关党支部", "branch", enterprise.root)
    table = build_report(root_admin, enterprise.root.pk, "branch", "gender", date.today())
    labels = {r.key: r.label for r in table.rows}
    assert labels[str(first.pk)] == "机关党支部（第一党总支）"
    assert labels[str(second.pk)] == "机关党支部（测试公司党委）"
    assert labels[str(enterprise.branch_a.pk)] == "一支部"
    named = org_labels_told_apart([(first.pk, "机关党支部"), (second.pk, "机关党支部"),
                                   (enterprise.branch_a.pk, "一支部")])  # fmt: skip
    assert (
        named[first.pk] == "机关党支部（第一党总支）" and named[enterprise.branch_a.pk] == "一支部"
    )
