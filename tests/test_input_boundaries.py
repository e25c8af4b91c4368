"""Every input parsed to its type and range at the boundary: the faults testers found, by kind.

Each case would have been a 500 (or a stored value the pages could not read) before: now a 422
or a form error naming the field in Chinese, and nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from dangjian.api.tokens import api_token_issue
from dangjian.dues.ledger import ledger_generate
from dangjian.dues.models import LedgerEntry
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.rules.dates import YearMonth
from dangjian.rules.idcard import make_id_number
from tests.dues.conftest import payroll, today_2024  # noqa: F401  (a fixture)

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

JSON = "application/json"


def bearer(user: User) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(actor=None, user=user, name='t')[1]}"}


@pytest.fixture
def entry(enterprise: SimpleNamespace, member_a: Member, today_2024: date) -> LedgerEntry:  # noqa: F811
    payroll(member_a, YearMonth(2024, 1), "5100")
    ledger_generate(actor=None, month=YearMonth(2024, 6))
    return LedgerEntry.objects.get()


def _messages(response: _MonkeyPatchedWSGIResponse) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {e["field"]: e["message"] for e in response.json()["errors"]}


# --- money -------------------------------------------------------------------------------------


@pytest.mark.parametrize("amount", [1e15, "1e15", "99999999999999999999", "1e400", "1e999999"])
def test_a_payment_beyond_the_money_range_is_422_and_nothing_is_stored(
    client: Client, entry: LedgerEntry, secretary_a: User, amount: float | str
) -> None:
    pay = {"entry_ids": [entry.pk], "paid_on": "2024-06-20", "method": "cash", "amount": amount}
    response = client.post("/api/dues/ledger/pay", pay, content_type=JSON, **bearer(secretary_a))
    assert _messages(response)["amount"].startswith("金额")
    entry.refresh_from_db()
    assert entry.paid_amount == 0
    sheet = f"/api/dues/ledger?organization_id={entry.organization_id}&month=2024-06"
    assert client.get(sheet, **bearer(secretary_a)).status_code == 200


def test_a_json_number_too_large_for_a_float_is_422(
    client: Client, entry: LedgerEntry, secretary_a: User
) -> None:
    body = (
        f'{{"entry_ids": [{entry.pk}], "paid_on": "2024-06-20", "method": "cash", "amount": 1e400}}'
    )
    response = client.post("/api/dues/ledger/pay", body, content_type=JSON, **bearer(secretary_a))
    assert _messages(response)["amount"] == "金额应为有限的数"


def test_an_entry_id_beyond_bigint_is_422(
    client: Client, entry: LedgerEntry, secretary_a: User
) -> None:
    pay = {"entry_ids": [2**63], "paid_on": "2024-06-20", "method": "cash"}
    response = client.post("/api/dues/ledger/pay", pay, content_type=JSON, **bearer(secretary_a))
    assert _messages(response)["entry_ids.0"] == "台账记录不能大于9223372036854775807"


def test_compute_with_a_base_of_1e30_is_422(client: Client, secretary_a: User) -> None:
    body = {"category": "salaried", "base": "1e30"}
    response = client.post("/api/dues/compute", body, content_type=JSON, **bearer(secretary_a))
    assert _messages(response)["base"].startswith("党费基数应为金额")


@pytest.mark.parametrize("month", ["2024-13", "0000-1", "99999-1", "2024-0"])
def test_an_impossible_month_is_422_naming_the_field(
    client: Client, enterprise: SimpleNamespace, secretary_a: User, month: str
) -> None:
    url = f"/api/dues/ledger?organization_id={enterprise.branch_a.pk}&month={month}"
    assert _messages(client.get(url, **bearer(secretary_a)))["month"].startswith("月份")


def test_an_organization_id_beyond_bigint_is_422(
    client: Client, enterprise: SimpleNamespace, secretary_a: User
) -> None:
    url = "/api/dues/ledger?organization_id=9223372036854775808&month=2024-06"
    assert "organization_id" in _messages(client.get(url, **bearer(secretary_a)))


def test_the_payment_form_names_the_field_and_the_range(
    login: Callable[[User], Client], entry: LedgerEntry, secretary_a: User
) -> None:
    client = login(secretary_a)
    form = {
        "org": entry.organization_id, "month": "2024-06", "entry": [str(entry.pk)],
        "paid_on": "2024-06-20", "method": "cash", "payer_kind": "self",
        "amount": "99999999999999999999",
    }  # fmt: skip
    response = client.post("/dues/pay/", form, follow=True)
    text = response.content.decode()
    assert "实交金额（留空为应交金额）应在0.01至9,999,999,999.99元之间" in text
    entry.refresh_from_db()
    assert entry.paid_amount == 0


def test_the_declare_form_refuses_an_amount_beyond_the_range(
    login: Callable[[User], Client], member_a: Member, secretary_a: User
) -> None:
    url = f"/dues/member/{member_a.pk}/declare/"
    form = {"month": "2024-06", "kind": "wage", "amount": "1e15", "evidence": "收入证明"}
    response = login(secretary_a).post(url, form)
    assert response.status_code == 200
    assert "金额（元）应在0至9,999,999,999.99元之间" in response.content.decode()


def test_garbage_ids_in_the_sheet_form_are_ignored_not_a_500(
    login: Callable[[User], Client], entry: LedgerEntry, secretary_a: User
) -> None:
    client = login(secretary_a)
    form = {"org": entry.organization_id, "month": "2024-06", "entry": ["9223372036854775808", "²"],
            "paid_on": "2024-06-20", "method": "cash", "payer_kind": "self"}  # fmt: skip
    assert client.post("/dues/pay/", form, follow=True).status_code == 200
    assert client.get("/dues/?org=9223372036854775808").status_code == 404


# --- dates -------------------------------------------------------------------------------------


def _member_payload(org: Organization, **overrides: Any) -> dict[str, Any]:
    birth = overrides.pop("birth", date(1985, 3, 1))
    payload = {
        "name": "赵六", "gender": "M", "birth_date": birth.isoformat(),
        "id_number": make_id_number("110101", birth, 7, "M"), "education": "bachelor",
        "occupation": "professional", "stage": "full", "dues_category": "salaried",
        "organization_id": org.pk, "joined_on": "2010-07-01", "confirmed_on": "2011-07-01",
    }  # fmt: skip
    payload.update(overrides)
    return payload


def test_joined_before_birth_is_a_named_error_not_a_500(
    client: Client, enterprise: SimpleNamespace, sysadmin: User
) -> None:
    payload = _member_payload(
        enterprise.branch_a, birth=date(2000, 1, 1), joined_on="1990-01-01",
        confirmed_on="1991-01-01",
    )  # fmt: skip
    response = client.post("/api/members", payload, content_type=JSON, **bearer(sysadmin))
    assert _messages(response)["joined_on"] == "入党时间不能早于出生日期"
    assert not Member.objects.exists()


def test_a_birth_date_of_9999_12_31_is_422_naming_the_range(
    client: Client, enterprise: SimpleNamespace, sysadmin: User
) -> None:
    payload = _member_payload(enterprise.branch_a, birth_date="9999-12-31")
    response = client.post("/api/members", payload, content_type=JSON, **bearer(sysadmin))
    assert _messages(response)["birth_date"] == "出生日期不正确，应在1900-01-01至2099-12-31之间"


def test_the_member_form_reports_joined_before_birth_on_its_field(
    login: Callable[[User], Client], enterprise: SimpleNamespace, sysadmin: User
) -> None:
    birth = date(2000, 1, 1)
    form = _member_payload(
        enterprise.branch_a, birth=birth, joined_on="1990-01-01", confirmed_on="1991-01-01",
        ethnicity="汉族",
    )  # fmt: skip
    response = login(sysadmin).post("/members/new/", form)
    assert response.status_code == 200
    assert "入党时间不能早于出生日期" in response.content.decode()
    assert not Member.objects.exists()


def test_the_member_form_refuses_a_birth_date_out_of_range(
    login: Callable[[User], Client], enterprise: SimpleNamespace, sysadmin: User
) -> None:
    form = _member_payload(enterprise.branch_a, birth_date="9999-12-31", ethnicity="汉族")
    response = login(sysadmin).post("/members/new/", form)
    assert "出生日期应在1900-01-01至2099-12-31之间" in response.content.decode()


def test_audit_log_with_a_non_numeric_window_is_not_a_500(
    login: Callable[[User], Client], audit_admin: User
) -> None:
    client = login(audit_admin)
    for days in ("abc", "²", "9" * 5000, "-5", "99999999999"):
        assert client.get("/audit/", {"days": days}).status_code == 200


# --- text ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "reason"),
    [("张\x00三", "不能包含控制字符（空字符）"),
     ("abc\u202egpj.exe", "不能包含改变文字方向的控制字符（U+202E）"),
     ("张\x07三", "不能包含控制字符（U+0007）")],
)  # fmt: skip
def test_the_api_refuses_control_and_direction_characters_in_names(
    client: Client, enterprise: SimpleNamespace, sysadmin: User, value: str, reason: str
) -> None:
    payload = _member_payload(enterprise.branch_a, name=value)
    response = client.post("/api/members", payload, content_type=JSON, **bearer(sysadmin))
    assert _messages(response)["name"] == f"姓名不正确，{reason}"
    org = {"name": "新支部", "code": value, "kind": "branch", "parent_id": enterprise.general.pk}
    response = client.post("/api/organizations", org, content_type=JSON, **bearer(sysadmin))
    assert _messages(response)["code"] == f"组织代码不正确，{reason}"


def test_names_are_stored_in_nfc_and_trimmed(
    client: Client, enterprise: SimpleNamespace, sysadmin: User
) -> None:
    decomposed = "  Ame\u0301lie  "  # e + combining acute
    payload = _member_payload(enterprise.branch_a, name=decomposed)
    response = client.post("/api/members", payload, content_type=JSON, **bearer(sysadmin))
    assert response.status_code == 201, response.content
    assert Member.objects.get().name == "Am\u00e9lie"


def test_the_member_form_refuses_a_direction_override(
    login: Callable[[User], Client], enterprise: SimpleNamespace, sysadmin: User
) -> None:
    form = _member_payload(enterprise.branch_a, name="abc\u202egpj", ethnicity="汉族")
    response = login(sysadmin).post("/members/new/", form)
    assert "姓名不能包含改变文字方向的控制字符（U+202E）" in response.content.decode()
    assert not Member.objects.exists()


# --- spreadsheet cells: the same normaliser and ranges ------------------------------------------


def test_a_spreadsheet_row_with_bad_text_and_dates_is_named_not_a_failed_page(
    enterprise: SimpleNamespace, org_admin_general: User
) -> None:
    from tests.test_excel_import import letter, member_row, reasons, run

    rows = [
        member_row(enterprise.branch_a, 姓名="abc\u202egpj"),
        member_row(enterprise.branch_a, 出生日期="9999-12-31"),
        member_row(enterprise.branch_a, 出生日期=date(2000, 1, 1), 入党时间=date(1990, 1, 1),
                   转正时间=date(1991, 1, 1), 公民身份号码=make_id_number("110101", date(2000, 1, 1), 3, "M")),
        member_row(enterprise.branch_a, 工作单位="一分\t公司"),
    ]  # fmt: skip
    report = run(org_admin_general, rows)
    assert reasons(report, 2) == [
        (letter("姓名"), "姓名", "不能包含改变文字方向的控制字符（U+202E）")
    ]
    assert reasons(report, 3)[0][:2] == (letter("出生日期"), "出生日期")
    assert "1900-01-01至2099-12-31" in reasons(report, 3)[0][2]
    assert (letter("入党时间"), "入党时间", "入党时间不能早于出生日期") in reasons(report, 4)
    assert reasons(report, 5) == [(letter("工作单位"), "工作单位", "不能包含换行符或制表符")]
    assert not Member.objects.exists()


def test_a_line_break_typed_into_a_one_line_cell_reads_as_a_space(
    enterprise: SimpleNamespace, org_admin_general: User
) -> None:
    """Alt+Enter in a long 工作单位 or 家庭住址 is how Excel wraps a cell, not part of the value."""
    from tests.test_excel_import import member_row, run

    run(
        org_admin_general,
        [member_row(enterprise.branch_a, 工作单位="国网铁岭供电公司\r\n  变电运维一站")],
    )
    assert Member.objects.get().work_unit == "国网铁岭供电公司 变电运维一站"


# --- the schema says it ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_schema_states_the_limits_and_every_status(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    components = schema["components"]["schemas"]
    patch_name = components["MemberPatchIn"]["properties"]["name"]
    assert "anyOf" not in patch_name and "default" not in patch_name  # null is not accepted
    assert patch_name["pattern"].startswith("^[^\\x00")
    assert components["MemberIn"]["properties"]["birth_date"]["pattern"].startswith("^(19|20)")
    amount = components["PayIn"]["properties"]["amount"]["anyOf"]
    assert amount[0]["maximum"] == 9999999999.99 and amount[0]["minimum"] == 0.01
    ids = components["PayIn"]["properties"]["entry_ids"]
    assert ids["items"]["maximum"] == 2**63 - 1 and ids["maxItems"] == 1000
    responses = {
        (path, method): set(op["responses"])
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
    }
    assert {"401", "404", "422"} <= responses[("/api/members", "get")]
    assert {"400", "401", "403", "404", "409", "422"} <= responses[("/api/dues/ledger/pay", "post")]


def test_a_page_number_past_any_offset_is_422_not_a_500(
    client: Client, sysadmin: User, member_a: Member
) -> None:
    response = client.get("/api/members?page=6128199681265914162970624", **bearer(sysadmin))
    assert _messages(response)["page"] == "页码不能大于1000000"
    assert client.get("/api/organizations?page=1000001", **bearer(sysadmin)).status_code == 422


@pytest.mark.parametrize("amount", ["1e15", "1E+400", "NaN", "0", "12.345"])
def test_the_payment_service_refuses_amounts_no_door_should_pass(
    entry: LedgerEntry, secretary_a: User, amount: str
) -> None:
    """A job or another caller reaching the service directly meets the same range."""
    from decimal import Decimal

    from dangjian.core.errors import InvalidInput
    from dangjian.dues.collection import Payment, ledger_mark_paid

    payment = Payment(paid_on=date(2024, 6, 20), method="cash", amount=Decimal(amount))
    with pytest.raises(InvalidInput) as refused:
        ledger_mark_paid(actor=secretary_a, entry_ids=[entry.pk], payment=payment)
    assert refused.value.errors["amount"] == [
        "实交金额应在0.01至9,999,999,999.99元之间，最多两位小数"
    ]
    entry.refresh_from_db()
    assert entry.paid_amount == 0
