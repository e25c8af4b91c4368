"""The dues API router, mounted on a throwaway NinjaAPI with the project's auth and errors."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import include, path
from ninja import NinjaAPI

from dangjian.api.auth import BearerTokenAuth, SessionCsrfAuth
from dangjian.api.errors import register_error_handlers
from dangjian.api.tokens import api_token_issue
from dangjian.dues.api import router
from dangjian.dues.ledger import ledger_generate
from dangjian.dues.models import LedgerEntry
from dangjian.members.models import Member
from dangjian.rules.dates import YearMonth
from tests.dues.conftest import payroll

api = NinjaAPI(urls_namespace="dues-test", auth=[BearerTokenAuth(), SessionCsrfAuth()])
register_error_handlers(api)
api.add_router("/dues", router)
urlpatterns = [path("api/", api.urls), path("", include("dangjian.urls"))]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def bearer(user: User) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(actor=None, user=user, name='t')[1]}"}


def test_compute_from_items_with_explanation(client: Client, secretary_a: User) -> None:
    """DUES-1/DUES-2: 6000 - 100 tax - 1000 social = 4900 -> 49.00, explained."""
    body = {
        "category": "salaried",
        "items": [
            {"name": "基本工资", "category": "basic_wage", "amount": "6000"},
            {"name": "个税", "category": "income_tax", "amount": "100"},
            {"name": "养老", "category": "social_insurance", "amount": "1000"},
            {"name": "加班费", "category": "overtime", "amount": "800"},
        ],
    }
    response = client.post(
        "/api/dues/compute", body, content_type="application/json", **bearer(secretary_a)
    )
    data = response.json()
    assert response.status_code == 200
    assert data["amount"] == "49.00" and data["base"] == "4900.00"
    assert any("加班费" in line for line in data["base_lines"])
    assert "DUES-1" in data["rule_ids"]


def test_compute_rejects_a_bad_category_in_chinese(client: Client, secretary_a: User) -> None:
    response = client.post(
        "/api/dues/compute", {"category": "boss", "base": "1"}, content_type="application/json",
        **bearer(secretary_a),
    )  # fmt: skip
    assert response.status_code == 422


def test_ledger_read_and_pay_are_scoped(
    client: Client,
    enterprise: SimpleNamespace,
    member_a: Member,
    secretary_a: User,
    secretary_b: User,
    today_2024: date,
) -> None:
    payroll(member_a, YearMonth(2024, 1), "5100")
    ledger_generate(actor=None, month=YearMonth(2024, 6))
    entry = LedgerEntry.objects.get()
    url = f"/api/dues/ledger?organization_id={enterprise.branch_a.pk}&month=2024-06"
    assert client.get(url, **bearer(secretary_a)).json()[0]["due"] == "76.50"
    assert client.get(url, **bearer(secretary_b)).status_code == 404
    detail = client.get(f"/api/dues/ledger/{entry.pk}", **bearer(secretary_a)).json()
    assert any("不分段累进" in line for line in detail["amount_lines"])
    pay = {"entry_ids": [entry.pk], "paid_on": "2024-06-20", "method": "transfer"}
    refused = client.post(
        "/api/dues/ledger/pay", pay, content_type="application/json", **bearer(secretary_b)
    )
    # Another branch's row is answered as a missing one would be.
    assert refused.status_code == 422
    missing = client.post(
        "/api/dues/ledger/pay", {**pay, "entry_ids": [entry.pk + 999]},
        content_type="application/json", **bearer(secretary_b),
    )  # fmt: skip
    assert refused.json() == missing.json()
    paid = client.post(
        "/api/dues/ledger/pay", pay, content_type="application/json", **bearer(secretary_a)
    )
    assert paid.status_code == 200 and paid.json()[0]["state"] == "已交"


def test_generate_through_the_api(
    client: Client, enterprise: SimpleNamespace, member_a: Member, secretary_a: User
) -> None:
    payroll(member_a, YearMonth(2024, 1), "3000")
    body = {"organization_id": enterprise.branch_a.pk, "month": "2024-02"}
    response = client.post(
        "/api/dues/ledger/generate", body, content_type="application/json", **bearer(secretary_a)
    )
    assert response.status_code == 200 and response.json()["created"] == 1
