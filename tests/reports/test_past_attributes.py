"""The annual tables and the report builder of a past day count each member by the attributes
the archive held that day (STAT-5: the statistical day's facts): an edit today of education,
occupation or ethnicity changes the figures of today only, and a cell's list stays its number."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from dangjian.members.models import Member
from dangjian.reports.builder import build_report
from dangjian.reports.tables import AnnualReport, Cell, report_of
from dangjian.rules.annual_tables import TOTAL
from tests.factories import Role, make_member, make_user
from tests.screen.test_past_attributes import edit_today


@pytest.fixture
def pair(enterprise: SimpleNamespace) -> tuple[Member, Member]:
    """一支部: 甲 (大学本科, 管理人员, 汉族) and 乙 (研究生, 专业技术人员), members since 2010."""
    first = make_member(enterprise.branch_a, name="甲", education="bachelor", occupation="manager")
    second = make_member(enterprise.branch_a, name="乙", education="postgraduate",
                         occupation="professional")  # fmt: skip
    return first, second


@pytest.fixture
def root_admin(enterprise: SimpleNamespace) -> User:
    return make_user("dangwei_asof", Role.ORG_ADMIN, enterprise.root)


def _cell(report: AnnualReport, table: str, row: str, column: str) -> Cell:
    found = report.table(table)
    assert found is not None
    cell = found.cell(row, column)
    assert cell is not None
    return cell


def _counted(report: AnnualReport, table: str, row: str, column: str) -> tuple[int | None, int]:
    """A cell's number and the length of its list (the two must agree)."""
    cell = _cell(report, table, row, column)
    return cell.value, len(cell.ids)


def test_tables_of_a_past_year_read_that_years_attributes(
    enterprise: SimpleNamespace, pair: tuple[Member, Member], root_admin: User
) -> None:
    today = timezone.localdate()
    day = date(today.year - 1, 12, 31)
    edit_today(pair[0], education="postgraduate", occupation="professional", ethnicity="回族")
    past = report_of(enterprise.root, day, counted_by=root_admin)
    assert _counted(past, "4", TOTAL, "edu:postgraduate") == (1, 1)
    assert _cell(past, "4", TOTAL, "edu:bachelor").ids == (pair[0].pk,)
    assert _counted(past, "4", "manager", TOTAL) == (1, 1)
    assert _counted(past, "4", "professional", "edu:postgraduate") == (1, 1)
    assert _counted(past, "2", TOTAL, "minority") == (0, 0)
    assert _counted(past, "2", "manager", TOTAL) == (1, 1)
    assert _counted(past, "3", "manager", TOTAL) == (1, 1)
    now = report_of(enterprise.root, today, counted_by=root_admin)
    assert _counted(now, "4", TOTAL, "edu:postgraduate") == (2, 2)
    assert _counted(now, "4", "manager", TOTAL) == (0, 0)
    assert _cell(now, "2", TOTAL, "minority").ids == (pair[0].pk,)


def test_the_builder_of_a_past_day_reads_that_days_attributes(
    enterprise: SimpleNamespace, pair: tuple[Member, Member], root_admin: User
) -> None:
    today = timezone.localdate()
    day = date(today.year - 1, 12, 31)
    edit_today(pair[0], education="postgraduate", occupation="professional")
    branch = str(enterprise.branch_a.pk)
    for attribute, wanted in (("education", {"postgraduate": 1, "bachelor": 1}),
                              ("occupation", {"manager": 1, "professional": 1})):  # fmt: skip
        table = build_report(root_admin, enterprise.root.pk, "branch", attribute, day)
        cells = {c.key: cell for c, cell in zip(table.columns, table.rows[1].cells, strict=True)}
        assert table.rows[1].key == branch
        assert {k: c.value for k, c in cells.items() if c.value and k != TOTAL} == wanted
    table = build_report(root_admin, enterprise.root.pk, "branch", "education", day)
    assert table.cell(branch, "bachelor") is not None
    assert table.cell(branch, "bachelor").ids == (pair[0].pk,)  # type: ignore[union-attr]
    table = build_report(root_admin, enterprise.root.pk, "branch", "education", today)
    assert table.cell(branch, "postgraduate").value == 2  # type: ignore[union-attr]


def test_the_doors_keep_a_past_day_after_an_edit_through_the_api(
    enterprise: SimpleNamespace,
    pair: tuple[Member, Member],
    secretary_a: User,
    login: Callable[[User], Client],
) -> None:
    """The report as received: the screen's panels and table 4 of last year, then PATCH of a
    member's education and occupation, then the same calls give the same figures."""
    client = login(secretary_a)
    year = timezone.localdate().year - 1
    day = {"date": f"{year}-12-31"}

    def figures() -> tuple[dict[str, int], dict[str, int], Any]:
        panels = client.get("/api/screen/panels", day).json()["panels"]
        bars = {p["code"]: {b["key"]: b["count"] for b in p["bars"]} for p in panels}
        table = client.get("/api/reports/tables/4", {"year": year}).json()
        return bars["education"], bars["occupation"], table["rows"]

    before = figures()
    assert (before[0]["postgraduate"], before[0]["bachelor"], before[1]["manager"]) == (1, 1, 1)
    edited = client.patch(f"/api/members/{pair[0].pk}",
                          {"education": "postgraduate", "occupation": "professional"},
                          content_type="application/json")  # fmt: skip
    assert edited.status_code == 200, edited.content
    assert figures() == before
