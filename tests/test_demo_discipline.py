"""The demo's Party sanctions (DISC-1): a 警告 in its impact period and a 留党察看 whose member
has no vote today, recorded through the service; no member's status changes."""

from __future__ import annotations

import pytest
from django.utils import timezone

from dangjian.demo import DemoSummary, load_demo
from dangjian.discipline.models import Kind, SanctionRecord
from dangjian.discipline.selectors import sanction_row, sanctions_by_member, standing_on
from dangjian.members.choices import Status


@pytest.fixture
def demo(db: None) -> DemoSummary:
    return load_demo(members=200, organisations=20, seed=7)


def test_a_warning_and_a_probation_in_party_without_a_vote(demo: DemoSummary) -> None:
    today = timezone.localdate()
    records = list(SanctionRecord.objects.select_related("member").order_by("decided_on"))
    assert [r.kind for r in records] == [Kind.WARNING, Kind.PROBATION_IN_PARTY]
    assert all(sanction_row(r, today).current for r in records)
    assert all(r.member.status == Status.NORMAL for r in records)
    watched = records[1].member_id
    assert not standing_on(sanctions_by_member([watched])[watched], today).may_vote
