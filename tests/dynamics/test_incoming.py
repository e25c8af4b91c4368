"""A member arriving from outside with a 介绍信 (MEM-2, MEM-7, DEV-19, DEV-26): the receiving
branch registers them, they count from the day of arrival, the 回执 is recorded and printed."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dangjian.core.errors import Conflict, InvalidInput
from dangjian.dues.models import DuesTransfer
from dangjian.dynamics.incoming import (
    IncomingLetterInput,
    incoming_receipt_send,
    member_register_incoming,
)
from dangjian.dynamics.incoming_models import IncomingLetter
from dangjian.dynamics.ledger import ledger_of
from dangjian.members.selectors import count_members_as_of
from dangjian.rules.membership_ledger import Change
from tests.factories import member_input

TODAY = timezone.localdate()
ARRIVED = TODAY - timedelta(days=20)


def _letter(**overrides: Any) -> IncomingLetterInput:
    base = IncomingLetterInput(
        number="2025第017号", issuing_org="中共某市某公司委员会", issued_on=ARRIVED - timedelta(days=10),
        valid_until=ARRIVED + timedelta(days=50), received_on=ARRIVED, dues_paid_to=date(2025, 6, 1),
        records_received=True,
    )  # fmt: skip
    return replace(base, **overrides)


def _probationary(enterprise: SimpleNamespace, joined: date) -> Any:
    return member_input(enterprise.branch_a, name="转入预备", stage="probationary",
                        joined_on=joined, confirmed_on=None)  # fmt: skip


def test_a_full_member_arrives_and_counts_from_the_day_of_arrival(
    enterprise: SimpleNamespace, secretary_a: User
) -> None:
    data = member_input(enterprise.branch_a, name="外来")
    row = member_register_incoming(actor=secretary_a, data=data, letter=_letter())
    assert row.member.organization_id == enterprise.branch_a.pk
    assert count_members_as_of(secretary_a, enterprise.branch_a, ARRIVED - timedelta(days=1)) == 0
    assert count_members_as_of(secretary_a, enterprise.branch_a, ARRIVED) == 1
    ledger = ledger_of(enterprise.root, ARRIVED - timedelta(days=5), TODAY)
    [entry] = ledger.entries
    assert entry.change is Change.TRANSFER_IN_LETTER and "2025第017号" in entry.document
    assert "号号" not in entry.document  # the sender's 号 is not doubled
    paid = DuesTransfer.objects.get(member=row.member)
    assert paid.direction == "in" and paid.paid_up_to == date(2025, 6, 1)


def test_a_probationary_member_keeps_the_letters_joining_day(
    enterprise: SimpleNamespace, secretary_a: User
) -> None:
    """DEV-19: 入党时间 from the letter; probation ends one year after it, whatever the arrival."""
    joined = ARRIVED - timedelta(days=200)
    row = member_register_incoming(actor=secretary_a, data=_probationary(enterprise, joined),
                                   letter=_letter())  # fmt: skip
    member = row.member
    assert (member.stage, member.joined_on, member.confirmed_on) == ("probationary", joined, None)


def test_a_probationary_member_needs_the_records(
    enterprise: SimpleNamespace, secretary_a: User
) -> None:
    """DEV-26: without the admission records received and checked, nothing is written."""
    data = _probationary(enterprise, ARRIVED - timedelta(days=100))
    with pytest.raises(InvalidInput) as refused:
        member_register_incoming(actor=secretary_a, data=data,
                                 letter=_letter(records_received=False))  # fmt: skip
    assert "第三十四条" in refused.value.errors["records_received"][0]
    assert not IncomingLetter.objects.exists()


def test_probation_ended_long_ago_is_for_the_sender(
    enterprise: SimpleNamespace, secretary_a: User
) -> None:
    """DEV-19: at most 6 months' postponement after the end of probation."""
    data = _probationary(enterprise, ARRIVED - timedelta(days=365 + 200))
    with pytest.raises(InvalidInput) as refused:
        member_register_incoming(actor=secretary_a, data=data, letter=_letter())
    assert "超过6个月" in refused.value.errors["joined_on"][0]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"number": " "}, "number"),
        ({"received_on": TODAY + timedelta(days=1)}, "received_on"),
        ({"valid_until": ARRIVED - timedelta(days=11)}, "valid_until"),
        ({"valid_until": ARRIVED + timedelta(days=200)}, "valid_until"),
        ({"valid_until": ARRIVED - timedelta(days=1)}, "received_on"),
    ],
)
def test_letter_faults_name_the_field(
    enterprise: SimpleNamespace, secretary_a: User, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        member_register_incoming(actor=secretary_a, data=member_input(enterprise.branch_a),
                                 letter=_letter(**overrides))  # fmt: skip
    assert field in refused.value.errors


def test_the_same_letter_is_registered_once(enterprise: SimpleNamespace, secretary_a: User) -> None:
    member_register_incoming(
        actor=secretary_a, data=member_input(enterprise.branch_a), letter=_letter()
    )
    with pytest.raises(Conflict, match="已登记接收"):
        member_register_incoming(actor=secretary_a, data=member_input(enterprise.branch_a),
                                 letter=_letter())  # fmt: skip


def test_only_the_receiving_branch_registers(
    enterprise: SimpleNamespace, secretary_a: User
) -> None:
    with pytest.raises(PermissionDenied):
        member_register_incoming(actor=secretary_a, data=member_input(enterprise.branch_b),
                                 letter=_letter())  # fmt: skip
    with pytest.raises(InvalidInput, match="党支部"):
        member_register_incoming(
            actor=None, data=member_input(enterprise.general), letter=_letter()
        )


def test_receipt_sent_once_and_printed(
    enterprise: SimpleNamespace, secretary_a: User, secretary_b: User,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    row = member_register_incoming(actor=secretary_a, data=member_input(enterprise.branch_a, name="回执人"),
                                   letter=_letter())  # fmt: skip
    with pytest.raises(PermissionDenied):
        incoming_receipt_send(actor=secretary_b, letter_id=row.pk, sent_on=TODAY)
    incoming_receipt_send(actor=secretary_a, letter_id=row.pk, sent_on=TODAY)
    with pytest.raises(Conflict):
        incoming_receipt_send(actor=secretary_a, letter_id=row.pk, sent_on=TODAY)
    client = login(secretary_a)
    docx = client.get(reverse("dynamics:incoming_receipt", args=[row.pk, "docx"]))
    assert docx.status_code == 200
    xml = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    assert "回执人" in xml and "2025第017号" in xml and "一支部" in xml
    pdf = client.get(reverse("dynamics:incoming_receipt", args=[row.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    other = login(secretary_b).get(reverse("dynamics:incoming_receipt", args=[row.pk, "pdf"]))
    assert other.status_code == 404


def test_the_page_registers_and_shows_errors(
    enterprise: SimpleNamespace, secretary_a: User, login: Callable[[User], Client]
) -> None:
    data = member_input(enterprise.branch_a, name="页面转入")
    form: dict[str, Any] = {
        "name": data.name, "gender": data.gender, "ethnicity": "汉族",
        "birth_date": data.birth_date.isoformat(), "id_number": data.id_number, "phone": data.phone,
        "education": data.education, "occupation": data.occupation, "joined_on": "2010-07-01",
        "confirmed_on": "2011-07-01", "stage": "full", "dues_category": "salaried",
        "organization_id": enterprise.branch_a.pk, "number": "2025第099号", "issuing_org": "外省某党委",
        "issued_on": (ARRIVED - timedelta(days=5)).isoformat(), "valid_until": (ARRIVED + timedelta(days=30)).isoformat(),
        "received_on": ARRIVED.isoformat(),
    }  # fmt: skip
    client = login(secretary_a)
    bad = client.post(reverse("dynamics:incoming_new"), {**form, "received_on": "2099-01-01"})
    assert bad.status_code == 200 and "转入日期不能晚于今天" in bad.content.decode()
    assert not IncomingLetter.objects.exists()
    done = client.post(reverse("dynamics:incoming_new"), form)
    assert done.status_code == 302
    row = IncomingLetter.objects.get()
    assert row.member.name == "页面转入"
    listed = client.get(reverse("dynamics:incoming")).content.decode()
    assert "页面转入" in listed and "未寄回执" in listed
