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
from dangjian.rules.membership_ledger import DECREASES, INCREASES, Change
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


def test_a_cancelled_letter_is_no_change(
    enterprise: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 介绍信 cancelled (the member did not leave, MEM-7) is neither 转出（系统外） nor the
    其他增加 of his return, in the 增减台账 (the screen's 本年转出) and in table 1 alike; a
    letter used stays a decrease."""
    from dangjian.dynamics import services

    stays, goes = (
        make_member(enterprise.branch_c, name="暂缓"),
        make_member(enterprise.branch_c, name="调走"),
    )
    monkeypatch.setattr(services, "_today", lambda: date(2024, 5, 10))
    letter = services.letter_issue(actor=None, member_id=stays.pk, destination="外省某公司党委",
                                   reason="工作调动", issued_on=date(2024, 4, 1))  # fmt: skip
    services.letter_issue(actor=None, member_id=goes.pk, destination="外省某公司党委",
                          reason="工作调动", issued_on=date(2024, 4, 2))  # fmt: skip
    services.letter_cancel(actor=None, letter_id=letter.pk, reason="本人暂缓调动")
    ledger = ledger_of(enterprise.root, YEAR_START, YEAR_END)
    assert [(e.name, e.change) for e in ledger.entries] == [("调走", Change.TRANSFER_OUT_LETTER)]
    assert ledger.reconciliation.balanced
    counts = table_one_counts(enterprise.root, YEAR_START, YEAR_END)
    assert counts.by_kind[Change.TRANSFER_OUT_LETTER] == (goes.pk,)
    assert counts.by_kind[Change.OTHER_IN] == ()
    assert (counts.opening, counts.closing) == (2, 1)
