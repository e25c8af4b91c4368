"""Dues pages: scoped, adapters over the services; exports open; query counts pinned."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl.worksheet.worksheet import Worksheet
from pytest_django import Settings

from dangjian.dues.ledger import ledger_generate
from dangjian.dues.models import LedgerEntry, PayrollColumnMapping
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.rules.dates import YearMonth
from tests.dues.conftest import payroll
from tests.dues.test_payroll_import import MAPPING, line, workbook
from tests.factories import make_member

pytestmark = pytest.mark.django_db
JUNE = YearMonth(2024, 6)


@pytest.fixture
def june(enterprise: SimpleNamespace, member_a: Member, today_2024: date) -> LedgerEntry:
    payroll(member_a, YearMonth(2024, 1), "5100")
    ledger_generate(actor=None, month=JUNE)
    return LedgerEntry.objects.get(member=member_a)


def sheet_url(org: Organization, month: YearMonth = JUNE) -> str:
    return f"/dues/?org={org.pk}&month={month}"


def test_secretary_sees_her_month_sheet(
    login: Callable[[User], Client],
    secretary_a: User,
    enterprise: SimpleNamespace,
    june: LedgerEntry,
) -> None:
    response = login(secretary_a).get(sheet_url(enterprise.branch_a))
    text = response.content.decode()
    assert response.status_code == 200
    assert "张三" in text and "76.50" in text and "党费月度台账" in text


def test_other_branch_is_not_found(
    login: Callable[[User], Client],
    secretary_b: User,
    enterprise: SimpleNamespace,
    june: LedgerEntry,
) -> None:
    assert login(secretary_b).get(sheet_url(enterprise.branch_a)).status_code == 404


def test_member_cannot_open_the_sheet(
    login: Callable[[User], Client],
    member_a_user: User,
    enterprise: SimpleNamespace,
    june: LedgerEntry,
) -> None:
    assert login(member_a_user).get(sheet_url(enterprise.branch_a)).status_code == 403


def test_generate_and_mark_paid_through_the_page(
    login: Callable[[User], Client],
    secretary_a: User,
    enterprise: SimpleNamespace,
    member_a: Member,
    today_2024: date,
) -> None:
    payroll(member_a, YearMonth(2024, 1), "5100")
    client = login(secretary_a)
    client.post("/dues/generate/", {"org": enterprise.branch_a.pk, "month": "2024-06"})
    entry = LedgerEntry.objects.get()
    response = client.post(
        "/dues/pay/",
        {"org": enterprise.branch_a.pk, "month": "2024-06", "entry": [entry.pk],
         "paid_on": "2024-06-20", "method": "online", "payer_kind": "self"},
        follow=True,
    )  # fmt: skip
    assert "已登记1人交纳党费" in response.content.decode()
    entry.refresh_from_db()
    assert entry.method == "online"


def test_bad_payment_message_is_chinese(
    login: Callable[[User], Client],
    secretary_a: User,
    enterprise: SimpleNamespace,
    june: LedgerEntry,
) -> None:
    response = login(secretary_a).post(
        "/dues/pay/",
        {"org": enterprise.branch_a.pk, "month": "2024-06", "entry": [june.pk],
         "paid_on": "2024-06-20", "method": "cash", "payer_kind": "proxy"},
        follow=True,
    )  # fmt: skip
    assert "代缴须写明代缴人姓名" in response.content.decode()


def test_member_sees_the_explanation(
    login: Callable[[User], Client], member_a_user: User, june: LedgerEntry
) -> None:
    response = login(member_a_user).get("/dues/me/?year=2024")
    text = response.content.decode()
    assert response.status_code == 200
    assert "为什么是这个数" in text and "不分段累进" in text and "76.50" in text


def test_member_cannot_see_another_members_dues(
    login: Callable[[User], Client], member_a_user: User, member_b: Member
) -> None:
    assert login(member_a_user).get(f"/dues/member/{member_b.pk}/").status_code == 404


def test_month_sheet_query_count_does_not_grow_with_members(
    login: Callable[[User], Client],
    secretary_a: User,
    enterprise: SimpleNamespace,
    june: LedgerEntry,
) -> None:
    client = login(secretary_a)
    client.get(sheet_url(enterprise.branch_a))
    with CaptureQueriesContext(connection) as few:
        client.get(sheet_url(enterprise.branch_a))
    for _ in range(5):
        payroll(make_member(enterprise.branch_a), YearMonth(2024, 1), "3000")
    ledger_generate(actor=None, month=JUNE)
    with CaptureQueriesContext(connection) as many:
        client.get(sheet_url(enterprise.branch_a))
    assert len(many) == len(few) <= 14


def test_exports(
    login: Callable[[User], Client],
    secretary_a: User,
    enterprise: SimpleNamespace,
    june: LedgerEntry,
    member_a: Member,
) -> None:
    client = login(secretary_a)
    xlsx = client.get(f"/dues/sheet.xlsx?org={enterprise.branch_a.pk}&month=2024-06")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    cells = [c.value for row in cast(Worksheet, book.active).iter_rows() for c in row]
    assert "张三" in cells and 76.5 in cells
    year = client.get(f"/dues/member/{member_a.pk}/year.xlsx?year=2024")
    assert year.status_code == 200 and year.content[:2] == b"PK"
    pdf = client.get(f"/dues/publicity.pdf?org={enterprise.branch_a.pk}&month=2024-06")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert any("WenQuanYi" in name for name in pdf_fonts(pdf.content))


def pdf_fonts(data: bytes) -> set[str]:
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(data)).pages[0]
    resources: Any = page["/Resources"]
    fonts = resources["/Font"]
    return {str(fonts[key].get_object()["/BaseFont"]) for key in fonts}


def test_summary_and_arrears_pages(
    login: Callable[[User], Client],
    org_admin_general: User,
    enterprise: SimpleNamespace,
    june: LedgerEntry,
) -> None:
    client = login(org_admin_general)
    summary = client.get(f"/dues/summary/?org={enterprise.general.pk}&year=2024")
    assert summary.status_code == 200 and "一支部" in summary.content.decode()
    arrears = client.get(f"/dues/arrears/?org={enterprise.general.pk}")
    assert arrears.status_code == 200 and "张三" in arrears.content.decode()


def test_payroll_page_asks_for_the_mapping_then_imports(
    login: Callable[[User], Client],
    secretary_a: User,
    member_a: Member,
    settings: Settings,
    tmp_path: Path,
) -> None:
    settings.DATA_DIR = tmp_path
    client = login(secretary_a)
    data = workbook([line(member_a)])
    upload = io.BytesIO(data)
    upload.name = "1月工资.xlsx"
    first = client.post("/dues/payroll/", {"file": upload})
    assert "为新的工资项目选择类别" in first.content.decode()
    form = first.context["mapping_form"]
    post = {f"col_{i}": MAPPING[h] for i, h in enumerate(form.headers)}
    post.update(
        token=first.context["token"], month="", valid_only="False", file_name="1月工资.xlsx"
    )
    second = client.post("/dues/payroll/", post)
    assert "导入完成" in second.content.decode()
    assert PayrollColumnMapping.objects.count() == len(MAPPING)
    upload = io.BytesIO(data)
    upload.name = "1月工资.xlsx"
    third = client.post("/dues/payroll/", {"file": upload})
    assert "未变化1行" in third.content.decode()


def test_policy_page_is_for_system_admins(
    login: Callable[[User], Client], sysadmin: User, secretary_a: User
) -> None:
    assert login(secretary_a).get("/dues/policy/").status_code == 403
    client = login(sysadmin)
    response = client.post(
        "/dues/policy/",
        {"reading_2017": "on", "cap_enabled": "on", "monthly_cap": "1000", "rounding": "jiao",
         "fixed_yearly": "on", "farmer_amount": "1.50"},
    )  # fmt: skip
    assert "0.20元至1.00元" in response.content.decode()


def test_closed_month_shows_adjust_links(
    login: Callable[[User], Client],
    secretary_a: User,
    enterprise: SimpleNamespace,
    june: LedgerEntry,
) -> None:
    client = login(secretary_a)
    client.post("/dues/close/", {"org": enterprise.branch_a.pk, "month": "2024-06"})
    text = client.get(sheet_url(enterprise.branch_a)).content.decode()
    assert "已结账" in text and f"/dues/entry/{june.pk}/adjust/" in text
    response = client.post(
        f"/dues/entry/{june.pk}/adjust/",
        {"reason": "本人补交", "record_payment": "on", "paid_on": "2024-07-02", "method": "cash",
         "payer_kind": "self", "amount": "76.50"},
    )  # fmt: skip
    assert response.status_code == 302


def test_declare_page(
    login: Callable[[User], Client],
    secretary_a: User,
    enterprise: SimpleNamespace,
    today_2024: date,
) -> None:
    retired = make_member(enterprise.branch_a, dues_category="retired")
    response = login(secretary_a).post(
        f"/dues/member/{retired.pk}/declare/",
        {"month": "2024-01", "kind": "pension", "amount": "5200", "evidence": ""},
    )
    assert "依据/凭证不能为空" in response.content.decode()
    assert date(2024, 12, 15) == today_2024
