"""Two organisations recording a decision on one member at the same moment: the member's row
lock lets one through; the other is told why, and one decision is stored. PostgreSQL only:
SQLite admits one writer at a time by itself, and the suite's in-memory SQLite cannot hold two
connections' writes (this suite also runs on PostgreSQL, where this test runs)."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from dangjian.core.errors import Conflict
from dangjian.dynamics.standing import (
    DecisionInput,
    lost_contact_open,
    membership_suspend,
    search_attempt_add,
)
from dangjian.dynamics.standing_models import StandingDecision
from dangjian.rules.dates import add_months
from tests.factories import make_member


@pytest.mark.django_db(transaction=True)
def test_two_suspensions_at_once_store_one(enterprise: SimpleNamespace) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks between concurrent writers: PostgreSQL (this suite also runs there)")
    today = timezone.localdate()
    member = make_member(enterprise.branch_a, name="并发失联")
    record = lost_contact_open(actor=None, member_id=member.pk, lost_since=add_months(today, -9))
    search_attempt_add(actor=None, record_id=record.pk, searched_on=today, way="电话",
                       result="停机")  # fmt: skip
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(org: str) -> None:
        try:
            start.wait()
            membership_suspend(actor=None, member_id=member.pk, data=DecisionInput(
                decided_on=today, deciding_org=org, reason="查找无果"))  # fmt: skip
            outcomes.append("stored")
        except Conflict as refused:
            outcomes.append(str(refused))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=decide, args=(org,)) for org in ("一支部", "测试公司党委")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["stored", "并发失联的党籍状态为停止党籍，不能停止党籍"]
    assert StandingDecision.objects.count() == 1
