"""The HR import page: hostile workbooks refused in Chinese with nothing written; the preview
writes nothing and 确认导入 writes what it showed."""

from __future__ import annotations

import io
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from dangjian.cadres.models import Cadre, CadreChange
from dangjian.core.models import AuditLog
from tests.cadres.conftest import hr_row, person_number, workbook
from tests.hostile_workbooks import HOSTILE


def _written() -> tuple[int, int, int]:
    return Cadre.objects.count(), CadreChange.objects.count(), AuditLog.objects.count()


def _upload(client: Client, content: bytes, name: str = "干部信息.xlsx") -> Any:
    upload = io.BytesIO(content)
    upload.name = name
    return client.post("/cadres/import/", {"file": upload})


@pytest.mark.parametrize(("label", "name", "content", "message"), HOSTILE,
                         ids=[case[0] for case in HOSTILE])  # fmt: skip
def test_hostile_files_are_refused_and_nothing_is_written(
    login: Callable[[User], Client], cadre_admin: User,
    label: str, name: str, content: bytes, message: str,
) -> None:  # fmt: skip
    client = login(cadre_admin)
    before = _written()
    page = _upload(client, content, name)
    assert page.status_code == 200
    assert message in page.content.decode()
    assert _written() == before


def test_preview_then_confirm(
    enterprise: SimpleNamespace, login: Callable[[User], Client], cadre_admin: User
) -> None:
    client = login(cadre_admin)
    data = workbook([hr_row("赵六", person_number(1), "一支部", new="是")])
    preview = _upload(client, data)
    text = preview.content.decode()
    assert "预览：确认后将写入" in text and "任运检部主任（中层正职）" in text
    assert Cadre.objects.count() == 0
    token = preview.context["token"]
    done = client.post("/cadres/import/", {"token": token}).content.decode()
    assert "已导入" in done and Cadre.objects.get().name == "赵六"
    stale = client.post("/cadres/import/", {"token": token}).content.decode()
    assert "预览已失效" in stale and Cadre.objects.count() == 1


def test_a_refused_row_is_named_on_the_page(
    enterprise: SimpleNamespace, login: Callable[[User], Client], cadre_admin: User
) -> None:
    client = login(cadre_admin)
    page = _upload(client, workbook([hr_row("赵六", person_number(1), "一支部")]))
    text = page.content.decode()
    assert "工作表“干部信息”B2（公民身份号码）" in text and "确认导入" not in text
