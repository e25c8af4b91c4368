"""The annual tables' benchmark compares equal answers: on PostgreSQL, over generated history,
the tables and the hand-written SQL give the same figures; elsewhere the command refuses."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from dangjian.demo.benchmark import run_case
from dangjian.dynamics.ledger_bench import generate
from dangjian.reports.bench import cases

TODAY = date(2026, 6, 30)


def test_the_tables_and_the_hand_written_sql_agree(db: None) -> None:
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="需要PostgreSQL"):
            call_command("bench_reports")
        return
    generate(organisations=60, members=2000, seed=3, today=TODAY)
    for case in cases(TODAY):
        result = run_case(case, 1)
        assert result.same_result, case.name
