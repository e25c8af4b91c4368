"""The whole deployment's 增减台账 checked (STAT-6): for every organisation, last year's ledger
and this year's up to today each reconcile (期初 + 增加 - 减少 = 期末), and last year's 期末 is
this year's 期初. ``dangjian ledger_check`` prints what fails; the demo's test runs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dangjian.dynamics.ledger import Ledger, ledger_of
from dangjian.orgs.models import Organization
from dangjian.rules.organization import OrgKind


@dataclass(frozen=True)
class LedgerFault:
    """One organisation whose ledger does not reconcile, or whose years do not join."""

    organization_id: int
    organization_name: str
    text: str


def year_ledgers(org: Organization, today: date) -> tuple[Ledger, Ledger]:
    """Last calendar year's ledger and this year's up to ``today`` (1 January: that day)."""
    last = ledger_of(org, date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))
    return last, ledger_of(org, date(today.year, 1, 1), today)


def ledger_faults(today: date) -> list[LedgerFault]:
    """Every fault of every organisation (党小组 have no ledger of their own), tree order."""
    faults: list[LedgerFault] = []
    for org in Organization.objects.exclude(kind=OrgKind.GROUP).order_by("path"):
        faults += _faults_of(org, *year_ledgers(org, today))
    return faults


def _faults_of(org: Organization, last: Ledger, this: Ledger) -> list[LedgerFault]:
    found = []
    for ledger in (last, this):
        rec = ledger.reconciliation
        if not rec.balanced:
            found.append(
                f"{ledger.start:%Y-%m-%d}至{ledger.end:%Y-%m-%d}：期初{rec.opening}＋增加"
                f"{rec.increases}－减少{rec.decreases}＝{rec.expected_closing}，"
                f"期末{rec.closing}，差额{rec.difference}"
            )
    if last.closing != this.opening:
        found.append(
            f"{last.end.year}年期末{last.closing}与{this.start.year}年期初{this.opening}不一致"
        )
    return [LedgerFault(org.pk, org.name, text) for text in found]
