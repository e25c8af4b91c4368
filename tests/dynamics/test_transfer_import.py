"""Historic transfers (a branch moving from its spreadsheets): the service records a completed
transfer with its historic days, the member moving on the acceptance day; the Excel import from
a real .xlsx previews without keeping anything, imports all or nothing, reports errors by sheet,
row and column, and changes nothing the second time."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from dangjian.core.errors import InvalidInput
from dangjian.dynamics.historic import HistoricTransfer, transfer_record_historic
from dangjian.dynamics.models import Transfer
from dangjian.dynamics.transfer_import import import_transfers
from dangjian.members.models import Member, MemberEvent
from dangjian.members.selectors import count_members_as_of
from dangjian.members.services import member_change
from tests.factories import Role, make_member, make_user

HEADERS = ["姓名", "公民身份号码", "转入党支部", "编入党小组", "转接原因", "转接日期",
           "转出方党委审批日期", "转入方党委审批日期", "接收日期", "党费交至"]  # fmt: skip
STARTED, SENDING, RECEIVING, ACCEPTED = (date(2020, 3, 2), date(2020, 3, 5), date(2020, 3, 10),
                                         date(2020, 3, 16))  # fmt: skip


def _historic(member: Member, to_org_id: int, **extra: Any) -> HistoricTransfer:
    values: dict[str, Any] = {
        "member_id": member.pk, "to_org_id": to_org_id, "effective_on": STARTED,
        "accepted_on": ACCEPTED, "reason": "工作调动",
        "approved": {"sending": SENDING, "receiving": RECEIVING},
    } | extra  # fmt: skip
    return HistoricTransfer(**values)


def _xlsx(rows: Sequence[Sequence[Any]], title: str = "转接记录") -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row(member: Member, to: str, **extra: Any) -> list[Any]:
    values: dict[str, Any] = {
        "name": member.name, "id": member.id_number, "to": to, "group": "", "reason": "工作调动",
        "started": STARTED, "sending": SENDING, "receiving": RECEIVING, "accepted": ACCEPTED,
        "dues": date(2020, 2, 1),
    } | extra  # fmt: skip
    return list(values.values())


def test_a_historic_transfer_moves_the_member_on_the_acceptance_day(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    transfer = transfer_record_historic(
        actor=secretary_a, data=_historic(member_a, enterprise.branch_b.pk)
    )
    assert (transfer.state, transfer.historic, transfer.accepted_on) == ("accepted", True, ACCEPTED)
    assert [(a["level"], a["on"]) for a in transfer.approvals] == [
        ("sending", SENDING.isoformat()), ("receiving", RECEIVING.isoformat())
    ]  # fmt: skip
    member_a.refresh_from_db()
    assert member_a.organization_id == enterprise.branch_b.pk
    admin, day_before = make_user("dangwei", Role.ORG_ADMIN, enterprise.root), date(2020, 3, 15)
    assert count_members_as_of(admin, enterprise.branch_a, day_before) == 1
    assert count_members_as_of(admin, enterprise.branch_b, day_before) == 0
    assert count_members_as_of(admin, enterprise.branch_a, ACCEPTED) == 0
    assert count_members_as_of(admin, enterprise.branch_b, ACCEPTED) == 1


def test_refused_when_the_archive_has_a_later_change_and_nothing_is_written(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    member_change(actor=secretary_a, member_id=member_a.pk, changes={"phone": "13900001111"},
                  effective_on=date(2021, 5, 1), reason="换号")  # fmt: skip
    events = MemberEvent.objects.filter(member=member_a).count()
    with pytest.raises(InvalidInput) as refused:
        transfer_record_historic(
            actor=secretary_a, data=_historic(member_a, enterprise.branch_b.pk)
        )
    assert "2021年5月1日" in refused.value.errors["accepted_on"][0]
    assert not Transfer.objects.exists()
    assert MemberEvent.objects.filter(member=member_a).count() == events
    member_a.refresh_from_db()
    assert member_a.organization_id == enterprise.branch_a.pk


def test_days_out_of_order_are_named_by_field(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    data = _historic(member_a, enterprise.branch_b.pk,
                     approved={"sending": date(2020, 3, 1)}, accepted_on=date(2020, 3, 1))  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        transfer_record_historic(actor=secretary_a, data=data)
    errors = refused.value.errors
    assert "不能早于转接日期" in errors["approved_sending"][0]
    assert "转入方党委审批日期" in errors["approved_receiving"][0]
    assert "accepted_on" in errors
    assert not Transfer.objects.exists()


def test_the_import_previews_then_imports_and_the_same_file_twice_changes_nothing(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    other = make_member(enterprise.branch_a, name="周历史")
    content = _xlsx([_row(member_a, "二支部"), _row(other, "三支部", group="")])
    preview = import_transfers(actor=secretary_a, source=content, commit=False)
    assert not preview.report.rejected and not preview.report.committed
    assert "预览" in preview.summary
    assert not Transfer.objects.exists()
    done = import_transfers(actor=secretary_a, source=content, commit=True)
    assert done.report.committed and [r.outcome for r in done.report.rows] == ["created"] * 2
    member_a.refresh_from_db()
    other.refresh_from_db()
    assert member_a.organization_id == enterprise.branch_b.pk
    assert other.organization_id == enterprise.branch_c.pk
    events = MemberEvent.objects.count()
    again = import_transfers(actor=secretary_a, source=content, commit=True)
    assert [r.outcome for r in again.report.rows] == ["unchanged"] * 2
    assert Transfer.objects.count() == 2 and MemberEvent.objects.count() == events


def test_one_bad_row_imports_nothing_and_names_sheet_row_and_column(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    other = make_member(enterprise.branch_a, name="吴错行")
    content = _xlsx([
        _row(member_a, "二支部"),
        _row(other, "不存在的支部"),
        _row(other, "二支部", name="吴别名", accepted=date(2020, 3, 1)),
    ])  # fmt: skip
    result = import_transfers(actor=secretary_a, source=content, commit=True)
    assert not result.report.committed and "未导入任何数据" in result.summary
    where = {(p.sheet, p.row, p.column, p.header) for p in result.report.problems}
    assert ("转接记录", 3, "C", "转入党支部") in where
    assert ("转接记录", 4, "I", "接收日期") in where
    reasons = " ".join(p.reason for p in result.report.problems)
    assert "不存在的支部" in reasons and "接收日期不能早于" in reasons
    assert not Transfer.objects.exists()
    member_a.refresh_from_db()
    assert member_a.organization_id == enterprise.branch_a.pk


def test_a_name_that_does_not_match_the_id_number_is_refused(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    result = import_transfers(
        actor=secretary_a, source=_xlsx([_row(member_a, "二支部", name="张冒名")]), commit=True
    )
    [problem] = result.report.problems
    assert (problem.column, problem.header) == ("A", "姓名") and "张三" in problem.reason
    assert not Transfer.objects.exists()


def test_the_page_imports_and_another_branch_cannot_touch_our_member(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    content = _xlsx([_row(member_a, "二支部")])
    url = reverse("dynamics:transfer_import")
    outsider = login(make_user("shuji_c", Role.SECRETARY, enterprise.branch_c))
    refused = outsider.post(url, {"commit": "1", "file": _upload(content)})
    assert refused.status_code == 200
    assert "找不到您可管理的" in refused.content.decode()
    assert not Transfer.objects.exists()
    client = login(secretary_a)
    template = client.get(reverse("dynamics:transfer_import_template"))
    assert template.status_code == 200 and template.content[:2] == b"PK"
    preview = client.post(url, {"preview": "1", "file": _upload(content)})
    assert "预览结果（未保存）" in preview.content.decode() and not Transfer.objects.exists()
    done = client.post(url, {"commit": "1", "file": _upload(content)})
    assert "导入完成" in done.content.decode()
    assert Transfer.objects.get().member_id == member_a.pk
    [listed] = client.get("/api/dynamics/transfers?state=accepted").json()["items"]
    assert listed["historic"] is True and listed["accepted_on"] == ACCEPTED.isoformat()
    assert [a["on"] for a in listed["approvals"]] == [SENDING.isoformat(), RECEIVING.isoformat()]


def _upload(content: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "转接.xlsx", content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )  # fmt: skip
