"""The big screen benchmark's workflow history (PostgreSQL): over a bulk demo it writes terms,
two years of meetings up to the day, a dues ledger for every month, people in the process and
an alert scan; the screen's panels then read them, and the benchmark's hand-written SQL gives
the same figures. Elsewhere the generator refuses with a clear message."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Count, Max

from dangjian.alerts.models import Alert
from dangjian.demo import load_demo
from dangjian.development.models import Applicant
from dangjian.dues.models import LedgerEntry
from dangjian.elections.models import CommitteeTerm
from dangjian.meetings.models import Meeting
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.screen.bench import run
from dangjian.screen.bench_history import ARREARS_MONTHS, generate
from dangjian.screen.frames import Frame

TODAY = date(2026, 5, 20)


def test_the_history_fills_every_panel_and_the_hand_written_sql_agrees(
    db: None, sysadmin: User
) -> None:
    if connection.vendor != "postgresql":
        with pytest.raises(RuntimeError, match="需要PostgreSQL"):
            generate(today=TODAY, seed=1)
        return
    load_demo(members=800, organisations=40, seed=3, bulk=True, today=TODAY)
    parts = {p.label: p.rows for p in generate(today=TODAY, seed=3)}
    assert parts["班子届次"] == CommitteeTerm.objects.count() > 0
    # Meetings from January of last year up to the day, none later, each with its kinds.
    assert parts["会议"] == Meeting.objects.count() > 0
    span = Meeting.objects.aggregate(last=Max("held_on"))
    assert span["last"] is not None and span["last"] <= TODAY
    assert Meeting.objects.filter(held_on__year=TODAY.year - 1).exists()
    assert not Meeting.objects.annotate(n=Count("kinds")).filter(n=0).exists()
    # The ledger: 17 months (January of last year to May), every member in good standing.
    months = LedgerEntry.objects.values("month").distinct().count()
    assert months == 17 and parts["党费台账"] == LedgerEntry.objects.count()
    normal = Member.objects.filter(status="normal", joined_on__lt=date(2025, 1, 1)).count()
    assert LedgerEntry.objects.filter(month=date(2025, 1, 1)).count() >= normal
    assert not LedgerEntry.objects.filter(paid_on__gt=TODAY).exists()
    assert LedgerEntry.objects.filter(month=date(2026, 5, 1), paid_on__isnull=False).exists()
    # Some members owe the last ARREARS_MONTHS months: the scan raised their DUES-13 alert.
    assert ARREARS_MONTHS > 6 and Alert.objects.filter(kind="arrears").exists()
    assert parts["发展党员"] == Applicant.objects.count() == Member.objects.count() // 20
    root = Organization.objects.get(depth=1)
    for on in (TODAY, date(2025, 5, 20)):
        ours, hand, same = run(Frame(sysadmin, root, on), repeat=1)
        assert same, {k: (v, hand.figures.get(k)) for k, v in ours.figures.items()
                      if hand.figures.get(k) != v}  # fmt: skip
        assert ours.figures[("dues_total", f"{on:%Y-%m}")] > 0
        assert sum(v for (panel, _k), v in ours.figures.items() if panel == "development") > 0
