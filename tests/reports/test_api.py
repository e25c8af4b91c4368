"""/api/reports: an annual table and the list behind a cell through the API, scoped like the
pages (a secretary reads their branch only); a year the archive cannot have is a 400."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

from django.contrib.auth.models import User
from django.test import Client

from tests.reports.support import YEAR, history


def test_a_secretary_reads_their_branchs_table_and_its_lists(
    enterprise: SimpleNamespace, secretary_a: User, login: Callable[[User], Client]
) -> None:
    """STAT-6 for 一支部: 上年末 2 (张三, 李四) + 发展 1 (孙八) = 本年末 3."""
    history(enterprise)
    client = login(secretary_a)
    response = client.get("/api/reports/tables/1", {"year": YEAR})
    assert response.status_code == 200
    data = response.json()
    assert data["organization_id"] == enterprise.branch_a.pk
    values = {r["key"]: r["cells"][0]["value"] for r in data["rows"]}
    assert (values["opening"], values["developed"], values["closing"]) == (2, 1, 3)
    asked: dict[str, str | int] = {"year": YEAR, "row": "closing", "column": "total"}
    listed = client.get("/api/reports/tables/1/list", asked).json()
    assert listed["count"] == 3
    assert sorted(i["name"] for i in listed["items"]) == ["孙八", "张三", "李四"]
    other = {"year": YEAR, "org": enterprise.branch_b.pk}
    assert client.get("/api/reports/tables/1", other).status_code == 404
    assert client.get("/api/reports/tables/99", {"year": YEAR}).status_code == 404


def test_a_bad_year_is_a_chinese_400(
    enterprise: SimpleNamespace, sysadmin: User, login: Callable[[User], Client]
) -> None:
    client = login(sysadmin)
    response = client.get("/api/reports/tables/2", {"year": 2999, "org": enterprise.root.pk})
    assert response.status_code == 400 and "统计年度" in response.json()["detail"]
