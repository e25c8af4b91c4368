"""The demo's 党员动态: transfers in every state, letters with an expired one without 回执,
floating members out and in with contacts, and one abroad to study whose contact is overdue."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from dangjian.demo import DemoSummary, load_demo
from dangjian.dynamics.floating import abroad_contact_overdue
from dangjian.dynamics.models import ContactRecord, FloatingRecord, Transfer, TransferLetter
from dangjian.dynamics.queues import transfers_awaiting
from dangjian.dynamics.selectors import letters_without_receipt


@pytest.fixture
def demo(db: None) -> DemoSummary:
    return load_demo(members=200, organisations=20, seed=7)


def test_transfers_in_every_state(demo: DemoSummary) -> None:
    states = sorted(Transfer.objects.values_list("state", flat=True))
    assert states == ["accepted", "approving", "awaiting", "cancelled", "refused"]
    refused = Transfer.objects.get(state="refused")
    assert "尚未到新单位报到" in refused.refused_reason
    in_progress = Transfer.objects.get(state="approving")
    assert [a["level"] for a in in_progress.approvals] == ["sending"]
    accepted = Transfer.objects.get(state="accepted")
    assert accepted.member.organization_id == accepted.to_org_id
    shuji1 = User.objects.get(username="shuji1")
    assert [t.state for t in transfers_awaiting(shuji1)] == ["awaiting"]


def test_letters_with_an_expired_one_without_receipt(demo: DemoSummary) -> None:
    assert sorted(TransferLetter.objects.values_list("state", flat=True)) == [
        "cancelled", "issued", "issued", "receipted",
    ]  # fmt: skip
    shuji1 = User.objects.get(username="shuji1")
    overdue = list(letters_without_receipt(shuji1, timezone.localdate()))
    assert [letter.destination for letter in overdue] == ["湖北省武汉市洪山区委组织部"]


def test_floating_members_out_and_in_with_an_overdue_contact_abroad(demo: DemoSummary) -> None:
    assert set(FloatingRecord.objects.values_list("direction", flat=True)) == {"out", "in"}
    assert FloatingRecord.objects.filter(returned_on__isnull=False).count() == 1
    assert ContactRecord.objects.count() >= 4
    shuji1 = User.objects.get(username="shuji1")
    overdue = abroad_contact_overdue(shuji1, timezone.localdate())
    assert [record.place for record, _due in overdue] == ["英国曼彻斯特大学（访问学者）"]
    shuji2 = User.objects.get(username="shuji2")
    assert abroad_contact_overdue(shuji2, timezone.localdate()) == []
