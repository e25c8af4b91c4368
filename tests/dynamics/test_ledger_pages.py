"""The 增减台账 page and export: scoped, the totals on screen, the name lists in the sheet."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

from dangjian.members.choices import Status
from dangjian.members.models import Member
from dangjian.members.services import member_change

QUERY = {"start": "2024-01-01", "end": "2024-12-31"}


def _exit(member: Member) -> None:
    member_change(actor=None, member_id=member.pk, changes={"status": Status.DECEASED},
                  effective_on=date(2024, 4, 2), reason="病故")  # fmt: skip


def test_the_page_shows_the_reconciled_totals(
    enterprise: SimpleNamespace,
    secretary_a: User,
    member_a: Member,
    login: Callable[[User], Client],
) -> None:
    _exit(member_a)
    page = login(secretary_a).get(
        reverse("dynamics:ledger"), {**QUERY, "organization_id": enterprise.branch_a.pk}
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert 'id="ledger-opening">1<' in body and 'id="ledger-closing">0<' in body
    assert "相符" in body and "张三" in body and "死亡" in body


def test_a_secretary_cannot_read_another_branch(
    enterprise: SimpleNamespace,
    secretary_a: User,
    member_b: Member,
    login: Callable[[User], Client],
) -> None:
    page = login(secretary_a).get(
        reverse("dynamics:ledger"), {**QUERY, "organization_id": enterprise.branch_b.pk}
    )
    assert page.status_code in (200, 403, 404)
    assert "李四" not in page.content.decode()


def test_bad_dates_are_named(
    enterprise: SimpleNamespace, sysadmin: User, login: Callable[[User], Client]
) -> None:
    query = {"start": "2024-12-31", "end": "2024-01-01", "organization_id": enterprise.root.pk}
    page = login(sysadmin).get(reverse("dynamics:ledger"), query)
    assert page.status_code == 200 and "截止日期不能早于起始日期" in page.content.decode()
    export = login(sysadmin).get(reverse("dynamics:ledger_export"), query)
    assert export.status_code == 400


def test_the_export_has_the_summary_and_the_name_lists(
    enterprise: SimpleNamespace, sysadmin: User, member_a: Member, login: Callable[[User], Client]
) -> None:
    _exit(member_a)
    query = {**QUERY, "organization_id": enterprise.root.pk}
    response = login(sysadmin).get(reverse("dynamics:ledger_export"), query)
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["汇总", "增加名单", "减少名单"]
    summary = book.get_sheet_by_name("汇总").to_python()
    assert ["期初党员数", 1.0] in [row[:2] for row in summary]
    assert ["差额（期末-计算值）", 0.0] in [row[:2] for row in summary]
    decreases = book.get_sheet_by_name("减少名单").to_python()
    assert decreases[1][1] == "张三" and decreases[1][3] == "死亡"
