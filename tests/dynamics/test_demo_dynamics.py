"""The demo's 党员动态: transfers in every state, letters with an expired one without 回执,
floating members out and in with contacts, and one abroad to study whose contact is overdue;
a lost member due a 停止党籍 proposal, a suspension, a death, and an arrival by letter."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from dangjian.demo import DemoSummary
from dangjian.dynamics.floating import abroad_contact_overdue
from dangjian.dynamics.incoming_models import IncomingLetter
from dangjian.dynamics.models import ContactRecord, FloatingRecord, Transfer, TransferLetter
from dangjian.dynamics.queues import transfers_awaiting
from dangjian.dynamics.selectors import letters_without_receipt
from dangjian.dynamics.standing_models import LostContact, StandingDecision
from dangjian.dynamics.standing_selectors import standing_decisions, suspension_proposals
from dangjian.members.choices import Status


@pytest.fixture
def demo(small_demo: DemoSummary, db: None) -> DemoSummary:
    return small_demo


class TestTheDemoDynamics:
    """Tests that read the demo's 党员动态, loaded once for them all."""

    def test_transfers_in_every_state(self, demo: DemoSummary) -> None:
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

    def test_letters_with_an_expired_one_without_receipt(self, demo: DemoSummary) -> None:
        assert sorted(TransferLetter.objects.values_list("state", flat=True)) == [
            "cancelled", "issued", "issued", "receipted",
        ]  # fmt: skip
        shuji1 = User.objects.get(username="shuji1")
        overdue = list(letters_without_receipt(shuji1, timezone.localdate()))
        assert [letter.destination for letter in overdue] == ["湖北省武汉市洪山区委组织部"]

    def test_floating_members_out_and_in_with_an_overdue_contact_abroad(
        self, demo: DemoSummary
    ) -> None:
        assert set(FloatingRecord.objects.values_list("direction", flat=True)) == {"out", "in"}
        assert FloatingRecord.objects.filter(returned_on__isnull=False).count() == 1
        assert ContactRecord.objects.count() >= 4
        shuji1 = User.objects.get(username="shuji1")
        overdue = abroad_contact_overdue(shuji1, timezone.localdate())
        assert [record.place for record, _due in overdue] == ["英国曼彻斯特大学（访问学者）"]
        shuji2 = User.objects.get(username="shuji2")
        assert abroad_contact_overdue(shuji2, timezone.localdate()) == []

    def test_lost_contact_a_suspension_a_death_and_an_arrival(self, demo: DemoSummary) -> None:
        """MEM-4 and MEM-8 through the standing services: a lost member with searches whose 停止党籍
        proposal is due, one suspended with its decision, one death; and one arrival by letter."""
        shuji1, today = User.objects.get(username="shuji1"), timezone.localdate()
        [proposal] = suspension_proposals(shuji1, today)
        assert proposal.attempt_count == 2
        suspended = StandingDecision.objects.get(kind="suspension")
        assert suspended.member.status == Status.SUSPENDED and suspended.lost_contact is not None
        assert suspended.lost_contact.attempts.exists()
        death = StandingDecision.objects.get(kind="death")
        assert death.member.status == Status.DECEASED
        assert {d.kind for d in standing_decisions(shuji1)} == {"suspension", "death"}
        arrival = IncomingLetter.objects.get()
        assert arrival.member.organization.pk == arrival.organization_id
        assert arrival.receipt_sent_on is not None
        assert StandingDecision.objects.count() == 2 and LostContact.objects.count() == 2
