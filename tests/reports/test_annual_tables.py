"""党内统计年报 (STAT-5..STAT-7): each table's cells against the hand-counted year of
``support.history`` (a transfer, a confirmation, an exit, an admission), the cross-year
reconciliation (STAT-6), scoping, and each number equal to the list behind it."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404

from dangjian.members.models import Member
from dangjian.reports.selectors import annual_report
from dangjian.reports.tables import AnnualReport, Table, report_of
from tests.factories import Role, make_user
from tests.reports.support import YEAR, history, reviews_and_applicants, second_year

P2, P3, P4 = "1949年10月1日至1978年12月17日", "1978年12月18日至2012年11月7日", "2012年11月8日以来"


@pytest.fixture
def people(enterprise: SimpleNamespace) -> dict[str, Member]:
    return history(enterprise)


@pytest.fixture
def root_admin(enterprise: SimpleNamespace) -> User:
    return make_user("dangwei_tj", Role.ORG_ADMIN, enterprise.root)


def _report(user: User, org_id: int, year: int = YEAR) -> AnnualReport:
    return annual_report(user, org_id, year)


def _table(report: AnnualReport, number: str) -> Table:
    table = report.table(number)
    assert table is not None, number
    return table


def _row(table: Table, row: str) -> dict[str, int | None]:
    found = [r for r in table.rows if r.key == row]
    assert found, row
    return {c.key: cell.value for c, cell in zip(table.columns, found[0].cells, strict=True)}


def _names(table: Table, row: str, col: str) -> list[str]:
    cell = table.cell(row, col)
    assert cell is not None
    return sorted(Member.objects.filter(pk__in=cell.ids).values_list("name", flat=True))


def test_table_1_reconciles_the_year(
    enterprise: SimpleNamespace, people: dict[str, Member], root_admin: User
) -> None:
    """STAT-6: 上年末 5 + 发展 1 − 出党 1 = 本年末 5; the transfer inside the 党委 is neither."""
    t1 = _table(_report(root_admin, enterprise.root.pk), "1")
    values = {row.key: row.cells[0].value for row in t1.rows}
    assert (values["opening"], values["developed"], values["left_party"]) == (5, 1, 1)
    assert (values["increases"], values["decreases"], values["closing"]) == (1, 1, 5)
    assert values["difference"] == 0 and values["transfer_in"] == values["transfer_out"] == 0
    assert _names(t1, "developed", "total") == ["孙八"]
    assert _names(t1, "left_party", "total") == ["钱七"]
    assert _names(t1, "closing", "total") == ["孙八", "张三", "李四", "王五", "赵六"]


def test_table_1_for_the_branches_of_a_transfer(
    enterprise: SimpleNamespace, people: dict[str, Member], root_admin: User
) -> None:
    """MEM-2/STAT-5: the sender's 转出 and the receiver's 转入, on the day of acceptance."""
    b = {
        r.key: r.cells[0].value
        for r in _table(_report(root_admin, enterprise.branch_b.pk), "1").rows
    }
    c = {
        r.key: r.cells[0].value
        for r in _table(_report(root_admin, enterprise.branch_c.pk), "1").rows
    }
    assert (b["opening"], b["transfer_out"], b["closing"]) == (2, 1, 1)
    assert (c["opening"], c["transfer_in"], c["left_party"], c["closing"]) == (1, 1, 1, 1)


def test_table_2_basic_composition(
    enterprise: SimpleNamespace, people: dict[str, Member], root_admin: User
) -> None:
    """STAT-1 bands on 12-31 and STAT-3 occupations; 王五 counts as full (confirmed in the year)."""
    t2 = _table(_report(root_admin, enterprise.root.pk), "2")
    total = _row(t2, "total")
    assert (total["total"], total["female"], total["minority"]) == (5, 2, 1)
    assert (total["probationary"], total["college"]) == (1, 4)
    assert total["age:30岁及以下"] == 2 and total["age:31-35岁"] == 1
    assert total["age:41-45岁"] == 1 and total["age:61岁及以上"] == 1
    assert total["age:36-40岁"] == total["age:56-60岁"] == 0
    assert _row(t2, "worker")["total"] == 2 and _row(t2, "retired")["minority"] == 1
    assert _row(t2, "manager")["age:41-45岁"] == 1 and _row(t2, "farmer")["total"] == 0
    assert _names(t2, "worker", "female") == ["孙八", "张三"]
    assert _names(t2, "total", "probationary") == ["孙八"]


def test_tables_3_and_4_joining_period_and_education(
    enterprise: SimpleNamespace, people: dict[str, Member], root_admin: User
) -> None:
    """STAT-2 periods (default cuts) and STAT-3 education levels."""
    report = _report(root_admin, enterprise.root.pk)
    t3, t4 = _row(_table(report, "3"), "total"), _row(_table(report, "4"), "total")
    assert (t3[f"period:{P2}"], t3[f"period:{P3}"], t3[f"period:{P4}"]) == (1, 2, 2)
    assert t3["period:1949年10月1日以前"] == 0
    assert (t4["edu:postgraduate"], t4["edu:bachelor"], t4["edu:college"]) == (1, 2, 1)
    assert (t4["edu:high_school"], t4["edu:secondary_vocational"], t4["college"]) == (1, 0, 4)


def test_tables_10_11_13_14_exits_confirmations_admissions(
    enterprise: SimpleNamespace, people: dict[str, Member], root_admin: User
) -> None:
    """出党 on its decision, 转正 on its approval, 发展 for the approving organisation (STAT-5)."""
    report = _report(root_admin, enterprise.root.pk)
    assert _row(_table(report, "10"), "total") | {} == {
        "total": 1, "开除党籍": 0, "自行脱党除名": 0, "除名": 1, "劝退": 0, "退党": 0,
        "取消预备党员资格": 0, "出党（未注明方式）": 0,
    }  # fmt: skip
    t11 = _table(report, "11")
    assert _row(t11, "除名")["total"] == 1 and _row(t11, "除名")["female"] == 1
    assert _row(t11, "退党")["total"] == 0
    assert _row(_table(report, "13"), "total") == {"confirmed": 1, "extended": 0, "cancelled": 0}
    assert _names(_table(report, "13"), "total", "confirmed") == ["王五"]
    t14 = _row(_table(report, "14"), "worker")
    assert (t14["total"], t14["female"], t14["young"], t14["college"]) == (1, 1, 1, 1)


def test_table_8_reviews_and_table_15_development(
    enterprise: SimpleNamespace, people: dict[str, Member], root_admin: User, sysadmin: User
) -> None:
    """8 民主评议 for the organisation that held it; 15 the pipeline on 12-31."""
    reviews_and_applicants(enterprise, people, sysadmin)
    report = _report(root_admin, enterprise.root.pk)
    t8 = _table(report, "8")
    total = _row(t8, "total")
    assert (total["took_part"], total["excellent"], total["qualified"]) == (2, 1, 1)
    assert total["unfinished"] == 1
    assert _row(t8, str(enterprise.branch_a.pk))["took_part"] == 2
    assert _names(t8, "total", "unfinished") == ["王五"]
    t15 = _row(_table(report, "15"), "total")
    assert (t15["applicant"], t15["activist"], t15["received"]) == (3, 0, 2)


def test_organisation_tables(
    enterprise: SimpleNamespace, people: dict[str, Member], root_admin: User
) -> None:
    """基层党组织 by kind on 12-31 (党小组 not counted); 应换届 is a human's figure."""
    report = _report(root_admin, enterprise.root.pk)
    orgs = _row(_table(report, "组织1"), "total")
    assert (orgs["total"], orgs["committee"], orgs["general_branch"], orgs["branches"]) == (
        5,
        1,
        1,
        3,
    )
    assert _row(_table(report, "组织2"), "total")["due"] is None


def test_every_number_is_the_length_of_its_list(
    enterprise: SimpleNamespace, people: dict[str, Member], root_admin: User
) -> None:
    for table in _report(root_admin, enterprise.root.pk).tables:
        for row in table.rows:
            for cell in row.cells:
                if cell.value is not None and row.key != "difference":
                    assert cell.value == len(cell.ids), (table.number, row.key)


def test_years_join_across_two_years(
    enterprise: SimpleNamespace, people: dict[str, Member], root_admin: User
) -> None:
    """STAT-6: 2024's closing is 2025's opening, and 2025 reconciles (张三 died)."""
    second_year(people)
    first = _table(_report(root_admin, enterprise.root.pk, 2024), "1")
    second = _table(_report(root_admin, enterprise.root.pk, 2025), "1")
    closing = first.cell("closing", "total")
    opening = second.cell("opening", "total")
    assert closing is not None and opening is not None and closing.ids == opening.ids
    values = {row.key: row.cells[0].value for row in second.rows}
    assert (values["opening"], values["died"], values["closing"], values["difference"]) == (
        5,
        1,
        4,
        0,
    )


def test_a_difference_is_shown_not_hidden(
    enterprise: SimpleNamespace, people: dict[str, Member], root_admin: User
) -> None:
    """A period written around the services (overlapping another) shows as a difference."""
    from dangjian.members.models import MemberPeriod
    from dangjian.members.services import member_change

    MemberPeriod.objects.create(member=people["李四"], organization=enterprise.branch_b,
                                stage="full", status="normal", valid_from=date(2020, 1, 1),
                                valid_to=date(2024, 5, 1))  # fmt: skip
    member_change(actor=None, member_id=people["李四"].pk,
                  changes={"organization_id": enterprise.branch_c.pk},
                  effective_on=date(2024, 5, 1), reason="调动", transfer_accepted=True)  # fmt: skip
    report = _report(root_admin, enterprise.root.pk)
    assert report.reconciliation.difference == -1
    t1 = _row(_table(report, "1"), "difference")
    assert t1["total"] == -1
    values = {row.key: row.cells[0].value or 0 for row in _table(report, "1").rows}
    assert values["opening"] + values["increases"] - values["decreases"] - values["closing"] == 1


def test_a_secretary_sees_only_their_branch(
    enterprise: SimpleNamespace, people: dict[str, Member], secretary_a: User
) -> None:
    report = _report(secretary_a, enterprise.branch_a.pk)
    assert _row(_table(report, "2"), "total")["total"] == 3  # 张三, 李四, 孙八
    for other in (enterprise.branch_b.pk, enterprise.root.pk, enterprise.general.pk):
        with pytest.raises((Http404, PermissionDenied)):
            _report(secretary_a, other)


def test_a_member_may_not_open_the_tables(
    enterprise: SimpleNamespace, people: dict[str, Member]
) -> None:
    user = make_user("dangyuan_zs", member=people["张三"])
    with pytest.raises((Http404, PermissionDenied)):
        _report(user, enterprise.branch_a.pk)


def test_the_system_count_equals_the_root_administrators(
    enterprise: SimpleNamespace, people: dict[str, Member], root_admin: User
) -> None:
    """``report_of`` without a scope (snapshots, the benchmark) gives the same tables."""
    scoped = _report(root_admin, enterprise.root.pk)
    system = report_of(enterprise.root, date(YEAR, 12, 31))
    assert scoped.tables == system.tables
