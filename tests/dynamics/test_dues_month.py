"""党费交至 is a month (dues are paid up to a month): the historic-transfer import, the incoming
letter's page and its API accept "2024-05", "2024年5月" and "2024.5" (text or a number cell) as
well as any day of the month, and store the month's first day, as a transfer stores it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from dangjian.dynamics.forms import DuesMonthField
from dangjian.dynamics.incoming_models import IncomingLetter
from dangjian.dynamics.models import Transfer
from dangjian.dynamics.transfer_import import import_transfers
from dangjian.members.models import Member
from dangjian.rules.date_text import DateTextError, MonthOnly, number_as_date, parse_month_text
from tests.dynamics.test_api_standing import _incoming_body
from tests.dynamics.test_transfer_import import _row, _xlsx
from tests.factories import make_member

MAY = date(2024, 5, 1)
JSON = "application/json"


@pytest.mark.parametrize("text", ["2024-05", "2024年5月", "2024.5", "2024/5", "2024-05-31"])
def test_a_month_is_read_from_the_ways_offices_write_it(text: str) -> None:
    assert parse_month_text(text) == MonthOnly(2024, 5)


def test_a_month_in_a_number_cell_is_read_when_only_one_month_fits() -> None:
    assert number_as_date(2024.5) == MonthOnly(2024, 5)  # no 50th month
    with pytest.raises(DateTextError, match="无法确定月份"):
        number_as_date(2024.1)  # January or October


def test_a_month_that_is_not_one_names_the_expected_form() -> None:
    with pytest.raises(DateTextError, match="如2024-05"):
        parse_month_text("五月份")


@pytest.mark.parametrize("dues", ["2024-05", "2024年5月", "2024.5", 2024.5, date(2024, 5, 20)])
def test_the_historic_import_accepts_a_month(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member, dues: Any
) -> None:
    result = import_transfers(actor=secretary_a, source=_xlsx([_row(member_a, "二支部", dues=dues)]),
                              commit=True)  # fmt: skip
    assert result.report.committed, [p.reason for p in result.report.problems]
    assert Transfer.objects.get().dues_paid_to == MAY


def test_the_historic_import_names_a_cell_that_is_no_month(
    enterprise: SimpleNamespace, secretary_a: User
) -> None:
    member = make_member(enterprise.branch_a)
    result = import_transfers(actor=secretary_a, source=_xlsx([_row(member, "二支部", dues="五月")]),
                              commit=True)  # fmt: skip
    assert not result.report.committed and not Transfer.objects.exists()
    assert [(p.row, p.header) for p in result.report.problems] == [(2, "党费交至")]


@pytest.mark.parametrize(
    ("given", "kept"), [("2024-05", MAY), ("2024-5", MAY), ("2024-05-31", MAY)]
)
def test_the_incoming_api_accepts_a_month(
    enterprise: SimpleNamespace, secretary_a: User, login: Callable[[User], Client],
    given: str, kept: date,
) -> None:  # fmt: skip
    body = _incoming_body(enterprise, dues_paid_to=given)
    answer = login(secretary_a).post("/api/dynamics/incoming", body, content_type=JSON)
    assert answer.status_code == 201, answer.content
    assert IncomingLetter.objects.get().dues_paid_to == kept
    assert answer.json()["dues_paid_to"] == kept.isoformat()


def test_the_incoming_api_names_a_month_that_is_not_one(
    enterprise: SimpleNamespace, secretary_a: User, login: Callable[[User], Client]
) -> None:
    body = _incoming_body(enterprise, dues_paid_to="2024-13")
    answer = login(secretary_a).post("/api/dynamics/incoming", body, content_type=JSON)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "dues_paid_to"
    assert not IncomingLetter.objects.exists()


@pytest.mark.parametrize("text", ["2024年5月", "2024.5", "2024-05-20"])
def test_the_incoming_form_field_keeps_the_month(text: str) -> None:
    assert DuesMonthField(required=False).clean(text) == MAY


def test_the_incoming_form_field_names_what_it_expects() -> None:
    with pytest.raises(Exception, match="如2024-05"):
        DuesMonthField(required=False).clean("上个月")
