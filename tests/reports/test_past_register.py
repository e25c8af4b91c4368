"""A past year's tables count the register of that day (STAT-5), whoever looks after the
organisation asks: a member who has left the branch since still belongs to its past tables,
cell lists included, for the branch's secretary and the 党总支's administrator alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from dangjian.members.models import Member
from dangjian.members.services import member_change
from dangjian.orgs.models import Organization
from dangjian.reports.selectors import annual_report
from dangjian.reports.tables import MEMBER, AnnualReport, report_of
from tests.reports.support import YEAR, history, reviews_and_applicants

Login = Callable[[User], Client]


@pytest.fixture
def people(enterprise: SimpleNamespace, sysadmin: User) -> dict[str, Member]:
    """``support.history`` with reviews and applications, then in the next year 李四 (一支部)
    and 王五 (二支部, confirmed in 2024) move to 三支部, outside the 党总支."""
    found = history(enterprise)
    reviews_and_applicants(enterprise, found, sysadmin)
    for name, day in (("李四", date(YEAR + 1, 3, 1)), ("王五", date(YEAR + 1, 4, 1))):
        member_change(actor=None, member_id=found[name].pk,
                      changes={"organization_id": enterprise.branch_c.pk}, effective_on=day,
                      reason="工作调动", transfer_accepted=True)  # fmt: skip
    return found


def _asker(request: pytest.FixtureRequest, who: str) -> tuple[User, Organization]:
    enterprise: SimpleNamespace = request.getfixturevalue("enterprise")
    org = enterprise.branch_a if who == "secretary_a" else enterprise.general
    user: User = request.getfixturevalue(who)
    return user, org


def _ids(report: AnnualReport, number: str, row: str, col: str) -> tuple[int, ...]:
    table = report.table(number)
    cell = table.cell(row, col) if table is not None else None
    assert cell is not None, (number, row, col)
    return cell.ids


@pytest.mark.parametrize("who", ["secretary_a", "org_admin_general"])
def test_a_member_who_left_since_is_in_the_past_years_tables(
    people: dict[str, Member], request: pytest.FixtureRequest, who: str
) -> None:
    """STAT-5/STAT-6: 李四 was in 一支部 on 2024-12-31; he is in tables 1 to 4 of 2024 and
    表1 本年末 equals 表2 总计; for the 党总支, 王五's 转正 is in table 13."""
    user, org = _asker(request, who)
    report = annual_report(user, org.pk, YEAR)
    gone = people["李四"].pk
    closing = _ids(report, "1", "closing", "total")
    assert gone in closing
    for number in ("2", "3", "4"):
        assert _ids(report, number, "total", "total") == closing, number
    assert report.reconciliation.closing == len(closing) and report.reconciliation.balanced
    if who == "org_admin_general":
        assert _ids(report, "13", "total", "confirmed") == (people["王五"].pk,)


@pytest.mark.parametrize("who", ["secretary_a", "org_admin_general"])
def test_the_asker_counts_what_the_system_counts(
    people: dict[str, Member], request: pytest.FixtureRequest, who: str
) -> None:
    """A day's tables are the same whoever looks after the organisation asks: the secretary's
    and the administrator's equal the system's (a snapshot's), every cell and its ids."""
    user, org = _asker(request, who)
    asked = annual_report(user, org.pk, YEAR)
    system = report_of(org, date(YEAR, 12, 31))
    assert asked.tables == system.tables
    assert asked.reconciliation == system.reconciliation


@pytest.mark.parametrize("who", ["secretary_a", "org_admin_general"])
def test_every_cell_list_holding_him_names_him(
    people: dict[str, Member], request: pytest.FixtureRequest, who: str, login: Login
) -> None:
    """Each cell of 2024 whose number counts 李四 opens a list naming him (without where he
    went: that is no longer the asker's to see)."""
    user, org = _asker(request, who)
    client: Client = login(user)
    report = annual_report(user, org.pk, YEAR)
    gone = people["李四"]
    opened = 0
    for table in report.tables:
        for row, pairs in table.grid():
            for column, cell in pairs:
                if cell.of != MEMBER or gone.pk not in cell.ids:
                    continue
                query = urlencode({"organization_id": org.pk, "year": YEAR,
                                   "table": table.number, "row": row.key, "col": column.key})  # fmt: skip
                page = client.get(f"{reverse('reports:cell')}?{query}")
                html = page.content.decode()
                assert page.status_code == 200, (table.number, row.key, column.key)
                assert f'id="cell-count">{cell.value}<' in html
                assert html.count("<tr><td>") == cell.value
                assert gone.name in html and "三支部" not in html
                opened += 1
    assert opened >= 10  # tables 1, 2, 3, 4 and 8 at least
