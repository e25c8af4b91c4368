"""Table 1 counted in one query agrees with the 增减台账 (STAT-6): the same numbers and the same
members behind each kind, for every organisation, over a generated year with an organisation
moved to another parent (其他增加/其他减少) on top of transfers, suspensions and exits."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangjian.dynamics.ledger import ledger_of
from dangjian.orgs.services import org_move
from dangjian.reports.table_one import table_one_counts
from dangjian.rules.membership_ledger import DECREASES, INCREASES
from tests.dynamics.test_ledger import YEAR_END, YEAR_START, _random_history
from tests.factories import make_member


@pytest.mark.parametrize("seed", [1, 2])
def test_table_one_equals_the_ledger(enterprise: SimpleNamespace, seed: int) -> None:
    _random_history(enterprise, seed)
    make_member(enterprise.branch_b, name="随迁")
    org_move(actor=None, org_id=enterprise.branch_b.pk, new_parent_id=enterprise.root.pk,
             effective_on=date(2024, 7, 1))  # fmt: skip
    orgs = [enterprise.root, enterprise.general, enterprise.branch_a, enterprise.branch_b]
    for org in orgs:
        ledger = ledger_of(org, YEAR_START, YEAR_END)
        counts = table_one_counts(org, YEAR_START, YEAR_END)
        assert (counts.opening, counts.closing) == (ledger.opening, ledger.closing), org.name
        for kind in (*INCREASES, *DECREASES):
            expected = sorted(e.member_id for e in ledger.entries if e.change is kind)
            assert list(counts.by_kind[kind]) == expected, (org.name, kind)


def test_table_one_is_one_query(enterprise: SimpleNamespace) -> None:
    make_member(enterprise.branch_a, name="甲")
    with CaptureQueriesContext(connection) as captured:
        counts = table_one_counts(enterprise.root, YEAR_START, YEAR_END)
    assert len(captured.captured_queries) == 1
    assert counts.closing == 1
