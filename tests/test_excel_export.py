"""Export of the filtered member list: scoped, masked unless revealable, audited."""

from __future__ import annotations

import io
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any, cast
from urllib.parse import quote

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import Client
from openpyxl.worksheet.worksheet import Worksheet

from dangjian.core.models import AuditLog
from dangjian.members.excel import Outcome, import_members
from dangjian.members.excel.columns import MEMBER_COLUMNS
from dangjian.members.models import Member
from dangjian.rules.idcard import mask_id_number, mask_phone

ID_COLUMN = [c.header for c in MEMBER_COLUMNS].index("公民身份号码")
PHONE_COLUMN = [c.header for c in MEMBER_COLUMNS].index("手机号码")


def export(client: Any, query: str = "") -> tuple[Any, list[list[Any]]]:
    response = client.get(f"/members/export.xlsx{query}")
    if response.status_code != 200:
        return response, []
    content = b"".join(response.streaming_content)
    sheet = cast(Worksheet, openpyxl.load_workbook(io.BytesIO(content)).active)
    return response, [list(row) for row in sheet.iter_rows(values_only=True)]


def by_name(rows: list[list[Any]]) -> dict[str, list[Any]]:
    return {row[0]: row for row in rows[1:]}


def test_secretary_export_masks_personal_numbers(
    login: Callable[[User], Client], secretary_a: User, member_a: Member
) -> None:
    response, rows = export(login(secretary_a))
    assert response.status_code == 200
    row = by_name(rows)[member_a.name]
    assert member_a.id_number is not None and member_a.phone is not None
    assert row[ID_COLUMN] == mask_id_number(member_a.id_number)
    assert row[PHONE_COLUMN] == mask_phone(member_a.phone)
    assert rows[0][-3:] == ["党籍状态", "年龄", "党龄"]
    assert isinstance(row[-2], int) and isinstance(row[-1], int)


def test_admin_who_may_reveal_sees_full_numbers(
    login: Callable[[User], Client], sysadmin: User, member_a: Member
) -> None:
    _response, rows = export(login(sysadmin))
    assert by_name(rows)[member_a.name][ID_COLUMN] == member_a.id_number


def test_export_has_a_dated_chinese_filename_and_is_audited(
    login: Callable[[User], Client], secretary_a: User, member_a: Member
) -> None:
    response, _rows = export(login(secretary_a))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('党员名册_')}" in disposition
    log = AuditLog.objects.get(action="member.export")
    assert log.actor == secretary_a and "导出1名党员" in log.detail and "0名显示完整" in log.detail


def test_secretary_never_exports_another_branch(
    login: Callable[[User], Client],
    enterprise: SimpleNamespace,
    secretary_a: User,
    member_a: Member,
    member_b: Member,
) -> None:
    client = login(secretary_a)
    response, _rows = export(client, f"?organization_id={enterprise.branch_b.pk}")
    assert response.status_code == 403
    _response, rows = export(client)
    assert set(by_name(rows)) == {member_a.name}


def test_export_applies_the_list_filters(
    login: Callable[[User], Client],
    enterprise: SimpleNamespace,
    org_admin_general: User,
    member_a: Member,
    member_b: Member,
) -> None:
    client = login(org_admin_general)
    _response, rows = export(client, f"?organization_id={enterprise.branch_a.pk}")
    assert set(by_name(rows)) == {member_a.name}
    _response, rows = export(client, f"?q={member_b.name}")
    assert set(by_name(rows)) == {member_b.name}


def test_members_cannot_export(login: Callable[[User], Client], member_a_user: User) -> None:
    response, _rows = export(login(member_a_user))
    assert response.status_code == 403


def test_unmasked_export_reimports_unchanged(
    login: Callable[[User], Client], sysadmin: User, member_a: Member, member_b: Member
) -> None:
    """An export by someone who may reveal is a valid import file: nothing changes."""
    response = login(sysadmin).get("/members/export.xlsx")
    content = io.BytesIO(b"".join(response.streaming_content))  # type: ignore[attr-defined]  # streamed; the client type omits it
    report = import_members(actor=sysadmin, source=content)
    assert report.committed
    assert [r.outcome for r in report.rows] == [Outcome.UNCHANGED] * 2
    (notice,) = report.notices  # one notice for the columns an export adds
    assert all(f"（{h}）" in notice.reason for h in ("党籍状态", "年龄", "党龄"))


def test_a_masked_export_imported_again_says_why_each_row_is_refused(
    login: Callable[[User], Client], secretary_a: User, member_a: Member
) -> None:
    """A secretary's export has masked ID numbers; imported again, each row is refused with
    the reason (the number is masked), nothing is written, and no row is taken for another."""
    from dangjian.members.excel.cells import MASKED_ID_MESSAGE

    response = login(secretary_a).get("/members/export.xlsx")
    content = io.BytesIO(b"".join(response.streaming_content))  # type: ignore[attr-defined]  # streamed; the client type omits it
    report = import_members(actor=secretary_a, source=content)
    assert not report.committed
    reasons = [p.reason for p in report.problems if p.header == "公民身份号码"]
    assert reasons == [MASKED_ID_MESSAGE]
    member_a.refresh_from_db()
    assert member_a.id_number and "*" not in member_a.id_number


@pytest.mark.parametrize("rows", [0, 3])
def test_export_of_an_empty_or_small_list(
    login: Callable[[User], Client], enterprise: SimpleNamespace, sysadmin: User, rows: int
) -> None:
    from tests.factories import make_member

    for _ in range(rows):
        make_member(enterprise.branch_c)
    _response, table = export(login(sysadmin))
    assert len(table) == rows + 1
