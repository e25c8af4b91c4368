"""The 失联党员 import from a real .xlsx: each row through the lost-contact services, a preview
that keeps nothing, the whole file or nothing with the sheet, row and column named, the same
file twice changing nothing, a member of another branch not revealed, a member with an open
transfer refused; and the page's preview and import through the test client."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from dangjian.dynamics.lost_import import import_lost
from dangjian.dynamics.services import member_transfer_start
from dangjian.dynamics.standing_models import LostContact, SearchAttempt
from dangjian.members.models import Member
from tests.factories import make_member

HEADERS = ["姓名", "失联日期", "失联情形", "查找日期", "查找方式", "查找结果", "找到日期",
           "恢复联系情况"]  # fmt: skip
SHEET = "失联登记"
TODAY = timezone.localdate()
LOST = TODAY - timedelta(days=200)
SEARCHED = TODAY - timedelta(days=150)
FOUND = TODAY - timedelta(days=20)


def _xlsx(rows: Sequence[Sequence[Any]]) -> bytes:
    """A real workbook: one sheet ``SHEET`` with the header row and ``rows``."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row(name: str, lost: date | str = LOST, **extra: Any) -> list[Any]:
    values: dict[str, Any] = {
        "circumstances": "外出务工后电话停机", "searched_on": None, "way": None, "result": None,
        "found_on": None, "found_note": None,
    } | extra  # fmt: skip
    return [name, lost, values["circumstances"], values["searched_on"], values["way"],
            values["result"], values["found_on"], values["found_note"]]  # fmt: skip


def _good_file() -> bytes:
    return _xlsx([
        _row("张三", searched_on=SEARCHED, way="走访", result="家人称已外出，未留联系方式"),
        _row("李失联", found_on=FOUND, found_note="本人主动与支部联系"),
    ])  # fmt: skip


def test_a_good_file_previews_then_imports_through_the_services(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    other = make_member(enterprise.branch_a, name="李失联")
    preview = import_lost(actor=secretary_a, branch=enterprise.branch_a, source=_good_file(),
                          commit=False)  # fmt: skip
    assert not preview.report.problems and not preview.report.committed
    assert preview.good_rows_label == "可导入" and "预览" in preview.summary
    assert not LostContact.objects.exists()
    done = import_lost(actor=secretary_a, branch=enterprise.branch_a, source=_good_file(),
                       commit=True)  # fmt: skip
    assert done.report.committed and done.good_rows_label == "已导入"
    record = LostContact.objects.get(member=member_a)
    assert record.lost_since == LOST and record.found_on is None
    attempt = SearchAttempt.objects.get(lost_contact=record)
    assert (attempt.searched_on, attempt.way) == (SEARCHED, "走访")
    found = LostContact.objects.get(member=other)
    assert found.found_on == FOUND and found.found_note == "本人主动与支部联系"
    member_a.refresh_from_db()
    other.refresh_from_db()
    assert member_a.lost_contact_since == LOST and other.lost_contact_since is None


def test_a_bad_row_writes_nothing_and_names_sheet_row_and_column(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    make_member(enterprise.branch_a, name="李失联")
    content = _xlsx([
        _row("张三"),
        _row("李失联", searched_on=SEARCHED, way="电话", result=""),
        _row("王未来", lost=TODAY + timedelta(days=3)),
    ])  # fmt: skip
    result = import_lost(actor=secretary_a, branch=enterprise.branch_a, source=content,
                         commit=True)  # fmt: skip
    assert not result.report.committed and "未导入任何数据" in result.summary
    assert result.good_rows_label == "未导入"
    where = {(p.sheet, p.row, p.column, p.header): p.reason for p in result.report.problems}
    assert "查找结果" in where[(SHEET, 3, "F", "查找结果")]
    assert "王未来" in where[(SHEET, 4, "A", "姓名")]
    assert not LostContact.objects.exists() and not SearchAttempt.objects.exists()
    member_a.refresh_from_db()
    assert member_a.lost_contact_since is None


def test_a_future_lost_day_is_named_on_its_column(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    content = _xlsx([_row("张三", lost=TODAY + timedelta(days=3))])
    result = import_lost(actor=secretary_a, branch=enterprise.branch_a, source=content,
                         commit=True)  # fmt: skip
    [problem] = result.report.problems
    assert (problem.row, problem.column, problem.header) == (2, "B", "失联日期")
    assert "不能晚于今天" in problem.reason and not LostContact.objects.exists()


def test_the_same_file_twice_changes_nothing(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    make_member(enterprise.branch_a, name="李失联")
    first = import_lost(actor=secretary_a, branch=enterprise.branch_a, source=_good_file(),
                        commit=True)  # fmt: skip
    assert first.report.committed
    again = import_lost(actor=secretary_a, branch=enterprise.branch_a, source=_good_file(),
                        commit=True)  # fmt: skip
    assert again.report.committed and not again.report.problems
    assert {r.outcome.label for r in again.report.rows} == {"未变化"}
    assert LostContact.objects.count() == 2 and SearchAttempt.objects.count() == 1


def test_a_member_of_another_branch_is_refused_and_not_revealed(
    enterprise: SimpleNamespace, secretary_a: User, secretary_b: User, member_a: Member
) -> None:
    result = import_lost(actor=secretary_b, branch=enterprise.branch_b,
                         source=_xlsx([_row("张三")]), commit=True)  # fmt: skip
    [problem] = result.report.problems
    assert problem.header == "姓名" and "未在本支部党员中找到" in problem.reason
    assert "一支部" not in problem.reason
    # Naming our branch is no way round: the service checks the importer's scope.
    into_ours = import_lost(actor=secretary_b, branch=enterprise.branch_a,
                            source=_xlsx([_row("张三")]), commit=True)  # fmt: skip
    [hidden] = into_ours.report.problems
    assert hidden.header == "姓名" and "未找到" in hidden.reason
    assert not into_ours.report.committed
    assert not LostContact.objects.exists()


def test_a_member_with_an_open_transfer_is_refused(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    member_transfer_start(actor=secretary_a, member_id=member_a.pk,
                          to_org_id=enterprise.branch_b.pk, effective_on=TODAY,
                          reason="工作调动")  # fmt: skip
    result = import_lost(actor=secretary_a, branch=enterprise.branch_a,
                         source=_xlsx([_row("张三")]), commit=True)  # fmt: skip
    [problem] = result.report.problems
    assert (problem.sheet, problem.row, problem.column) == (SHEET, 2, "A")
    assert "组织关系转接" in problem.reason
    assert not LostContact.objects.exists()


def _upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "失联.xlsx", content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )  # fmt: skip


def test_the_page_previews_then_imports(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    make_member(enterprise.branch_a, name="李失联")
    client = login(secretary_a)
    assert reverse("dynamics:lost_import") in client.get(reverse("dynamics:lost")).content.decode()
    template = client.get(reverse("dynamics:lost_import_template"))
    assert template.status_code == 200 and template.content[:2] == b"PK"
    url = reverse("dynamics:lost_import")
    branch = enterprise.branch_a.pk
    preview = client.post(url, {"branch": branch, "preview": "1", "file": _upload(_good_file())})
    page = preview.content.decode()
    assert preview.status_code == 200 and "预览结果（未保存）" in page and "可导入" in page
    assert not LostContact.objects.exists()
    done = client.post(url, {"branch": branch, "commit": "1", "file": _upload(_good_file())})
    assert "导入完成" in done.content.decode() and "已导入" in done.content.decode()
    assert LostContact.objects.count() == 2
