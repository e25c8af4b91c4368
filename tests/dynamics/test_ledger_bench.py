"""The 党员动态 benchmark's two truths: on PostgreSQL each selector and its hand-written SQL
give the same rows over generated history (what the ratios compare is the same answer), and the
generated ledger reconciles; elsewhere the generator refuses with a clear message."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from dangjian.demo.benchmark import run_case
from dangjian.dynamics.ledger import ledger_of
from dangjian.dynamics.ledger_bench import cases, generate
from dangjian.orgs.models import Organization

TODAY = date(2026, 6, 30)


def test_generated_history_and_hand_written_sql_agree(db: None) -> None:
    if connection.vendor != "postgresql":
        with pytest.raises(RuntimeError, match="需要PostgreSQL"):
            generate(organisations=60, members=2000, seed=1, today=TODAY)
        return
    generate(organisations=60, members=2000, seed=1, today=TODAY)
    for case in cases(TODAY):
        result = run_case(case, 1)
        assert result.same_result, case.name
    proposals = next(case for case in cases(TODAY) if case.name.startswith("c "))
    assert proposals.selector(), "the generated history holds suspension proposals"
    root = Organization.objects.filter(depth=1).get()
    ledger = ledger_of(root, date(2025, 1, 1), date(2025, 12, 31))
    assert ledger.reconciliation.balanced
    kinds = {kind.value: n for kind, n in ledger.counts()}
    assert kinds["developed"] and kinds["transfer_out_letter"] and kinds["died"]
    assert kinds["transfer_in_letter"] and kinds["suspended"] and kinds["left_party"]
    assert kinds["transfer_in"] == kinds["transfer_out"] == 0  # inside the root: no change
