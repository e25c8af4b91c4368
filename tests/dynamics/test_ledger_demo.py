"""The demo's 党员增减台账 (STAT-6): every organisation's ledger of last year and of this year
so far reconciles and the years join (``dangjian ledger_check``), and the ledgers the demo's
secretaries and 党总支 administrator read are the same numbers as the system's."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from dangjian.accounts.access import scope_for, visible_organizations
from dangjian.demo import load_demo
from dangjian.dynamics.ledger import membership_ledger
from dangjian.dynamics.ledger_check import ledger_faults, year_ledgers
from dangjian.rules.organization import OrgKind


def _assert_asker_reads_the_system_ledgers(username: str) -> None:
    """A scoped asker's ledger of each organisation they look after is the system's ledger."""
    user = User.objects.get(username=username)
    orgs = [o for o in visible_organizations(user).exclude(kind=OrgKind.GROUP)
            if scope_for(user).covers_org(o)]  # fmt: skip
    assert orgs, username
    for org in orgs:
        for ledger in year_ledgers(org, timezone.localdate()):
            assert membership_ledger(user, org.pk, ledger.start, ledger.end) == ledger, org.name


def test_every_organisation_of_the_demo_reconciles(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    load_demo(members=200, organisations=20, seed=7)
    assert ledger_faults(timezone.localdate()) == []
    call_command("ledger_check")
    assert "全部党组织的党员增减台账相符" in capsys.readouterr().out
    for username in ("zongzhi", "shuji1", "shuji2"):
        _assert_asker_reads_the_system_ledgers(username)
