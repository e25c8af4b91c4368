"""Cadre fixtures: an organisation administrator of the whole 党委 holding the cadre
permission, one of 第一党总支 holding it (a subtree), and one of the 党委 without it."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from openpyxl import Workbook

from dangjian.accounts.models import RoleGrant
from dangjian.cadres.models import CadreAccess
from dangjian.rules.idcard import make_id_number
from tests.factories import Role, make_user


def grant_cadre_access(user: User) -> None:
    for grant in RoleGrant.objects.filter(user=user):
        CadreAccess.objects.create(grant=grant)


@pytest.fixture
def cadre_admin(enterprise: SimpleNamespace) -> User:
    user = make_user("ganbu_admin", Role.ORG_ADMIN, enterprise.root, may_reveal=True)
    grant_cadre_access(user)
    return user


@pytest.fixture
def cadre_admin_general(enterprise: SimpleNamespace) -> User:
    user = make_user("ganbu_zongzhi", Role.ORG_ADMIN, enterprise.general)
    grant_cadre_access(user)
    return user


@pytest.fixture
def plain_admin(enterprise: SimpleNamespace) -> User:
    """Looks after the whole 党委 but was never granted the cadre permission."""
    return make_user("zuzhi_plain", Role.ORG_ADMIN, enterprise.root, may_reveal=True)


HEADER = ["姓名", "公民身份号码", "所在党组织", "新增干部", "职务类别", "任职单位", "现任职务",
          "职务层级", "任职时间", "学历", "学位", "毕业院校", "专业", "毕业时间",
          "考核年度", "考核结果"]  # fmt: skip


def person_number(n: int, gender: str = "M", birth: date = date(1970, 5, 1)) -> str:
    return make_id_number("210102", birth, 100 + n, gender)


def hr_row(name: str, number: str, org: str = "", *, new: str = "", unit: str = "运检部",
           title: str = "主任", level: str = "中层正职", since: Any = "2020-03-01",
           edu: str = "大学本科", year: Any = 2025, result: str = "称职") -> list[Any]:  # fmt: skip
    return [name, number, org, new, "行政职务", unit, title, level, since, edu, "学士",
            "东北电力大学", "电气工程", "1992-07-01", year, result]  # fmt: skip


def workbook(rows: list[list[Any]], sheet: str = "干部信息") -> bytes:
    """A real .xlsx file, the way the HR system exports it."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
