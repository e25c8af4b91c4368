"""A member is floating (MEM-3) or lost (MEM-4), never both: a 流出 record, a contact on it,
and a lost-contact record each refuse the other state, with the article, at every door."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from dangjian.core.errors import InvalidInput
from dangjian.dynamics.floating import FloatingInput, floating_contact, floating_record
from dangjian.dynamics.models import FloatingRecord
from dangjian.dynamics.standing import lost_contact_open
from dangjian.dynamics.standing_models import LostContact
from dangjian.members.models import Member

TODAY = timezone.localdate()
JSON = "application/json"


def _outflow(member: Member) -> FloatingInput:
    return FloatingInput(direction="out", place="深圳", since=TODAY - timedelta(days=30),
                         member_id=member.pk, contact="13812345678")  # fmt: skip


def test_a_lost_member_cannot_be_registered_as_floating(
    secretary_a: User, member_a: Member, login: Callable[[User], Client]
) -> None:
    lost_contact_open(
        actor=secretary_a, member_id=member_a.pk, lost_since=TODAY - timedelta(days=200)
    )
    with pytest.raises(InvalidInput) as refused:
        floating_record(actor=secretary_a, data=_outflow(member_a))
    [message] = refused.value.errors["member_id"]
    assert "失联党员" in message and "第二十四条" in message
    answer = login(secretary_a).post("/api/dynamics/floating", {
        "direction": "out", "member_id": member_a.pk, "place": "深圳",
        "since": (TODAY - timedelta(days=30)).isoformat()}, content_type=JSON)  # fmt: skip
    assert answer.status_code == 422, answer.content
    assert [e["field"] for e in answer.json()["errors"]] == ["member_id"]
    assert not FloatingRecord.objects.filter(member=member_a).exists()


def test_no_contact_is_recorded_on_a_floating_record_while_lost(
    secretary_a: User, member_a: Member
) -> None:
    """Data from before the refusal: both open; a contact is refused, the way back is 找到."""
    record = floating_record(actor=secretary_a, data=_outflow(member_a))
    LostContact.objects.create(member=member_a, organization_id=member_a.organization_id,
                               lost_since=TODAY - timedelta(days=10))  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        floating_contact(actor=secretary_a, record_id=record.pk, contacted_on=TODAY, way="电话")
    assert "恢复联系" in refused.value.errors["record_id"][0]
    assert not record.contacts.exists()


def test_a_floating_member_cannot_be_recorded_as_lost(
    secretary_a: User, member_a: Member, login: Callable[[User], Client]
) -> None:
    floating_record(actor=secretary_a, data=_outflow(member_a))
    answer = login(secretary_a).post("/api/dynamics/lost-contacts", {
        "member_id": member_a.pk, "lost_since": TODAY.isoformat()}, content_type=JSON)  # fmt: skip
    assert answer.status_code == 422, answer.content
    [error] = answer.json()["errors"]
    assert error["field"] == "member_id" and "流出登记" in error["message"]
    assert not LostContact.objects.filter(member=member_a).exists()
