"""/api/screen: the screen's panels and the list behind a figure through the API, scoped like
the pages; a bad or future statistical day is a 400 in Chinese naming 统计日期."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from tests.screen.conftest import AFTER


def _bars(data: dict[str, Any], code: str) -> dict[str, int]:
    panel = next(p for p in data["panels"] if p["code"] == code)
    return {b["key"]: b["count"] for b in panel["bars"]}


def test_a_secretary_sees_their_branch_and_a_number_is_its_list(
    history: SimpleNamespace, secretary_a: User, login: Callable[[User], Client]
) -> None:
    client = login(secretary_a)
    response = client.get("/api/screen/panels", {"date": AFTER.isoformat()})
    assert response.status_code == 200
    data = response.json()
    assert (data["organization_id"], data["total"]) == (history.branch_a.pk, 2)
    stage = _bars(data, "stage")
    asked: dict[str, str | int] = {"date": AFTER.isoformat(), "panel": "stage", "key": "full",
                                   "page_size": 1}  # fmt: skip
    listed = client.get("/api/screen/list", asked).json()
    assert listed["count"] == stage["full"] == 2 and len(listed["items"]) == 1
    assert listed["items"][0]["name"] in {"预备", "常在"}
    other = {"org": history.branch_b.pk, "date": AFTER.isoformat()}
    assert client.get("/api/screen/panels", other).status_code == 404
    assert (
        client.get("/api/screen/list", {**other, "panel": "stage", "key": "full"}).status_code
        == 404
    )


def test_a_bad_or_future_day_is_a_chinese_400(
    history: SimpleNamespace, sysadmin: User, login: Callable[[User], Client]
) -> None:
    client = login(sysadmin)
    for day in ("2024-02-30", "昨天", "2999-01-01"):
        response = client.get("/api/screen/panels", {"date": day})
        assert response.status_code == 400, day
        assert "统计日期" in response.json()["detail"]
    listed = client.get("/api/screen/list", {"date": "x", "panel": "stage", "key": "full"})
    assert listed.status_code == 400
