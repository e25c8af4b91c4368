"""The rows of a register import read as its headline: 可导入 in a preview, 已导入 once written,
未导入 when the file was refused and nothing kept."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from types import SimpleNamespace

from django.contrib.auth.models import User
from django.test import Client

from dangjian.dynamics.models import FloatingRecord
from dangjian.members.models import Member
from tests.dynamics.test_excel import _good_rows, _xlsx


def _tags(page: str) -> list[str]:
    """The result tags of the row table."""
    table = page.split('id="row-table"', 1)[1]
    return re.findall(r'<span class="tag[^"]*">([^<]+)</span>', table)


def test_each_row_says_what_happened_to_it(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member, member_b: Member,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    client = login(secretary_a)
    good = _good_rows()[:2]
    bad = [*good, ["流出", "李四", "上海", "2025-02-01", "", "", "否", None, None, None, None]]

    def upload(rows: list[list[object]], button: str) -> str:
        file = io.BytesIO(_xlsx(rows))
        file.name = "流动党员.xlsx"
        page = client.post("/dynamics/floating/import/",
                           {"branch": enterprise.branch_a.pk, "file": file, button: "1"})  # fmt: skip
        return page.content.decode()

    preview = upload(good, "preview")
    assert _tags(preview) == ["可导入", "可导入"] and "已导入" not in preview
    refused = upload(bad, "commit")
    assert "本次未导入任何数据" in refused
    assert _tags(refused) == ["未导入", "未导入", "未通过"] and "已导入" not in refused
    assert not FloatingRecord.objects.exists()
    done = upload(good, "commit")
    assert _tags(done) == ["已导入", "已导入"] and FloatingRecord.objects.count() == 2
