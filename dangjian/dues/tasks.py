"""Jobs of party dues. Thin: record the run, call the service; safe to run twice."""

from __future__ import annotations

from celery import shared_task

from dangjian.dues.ledger import ledger_generate
from dangjian.jobs.runs import SCHEDULED, job_run
from dangjian.jobs.schedule import job_period
from dangjian.rules.dates import YearMonth

LEDGER_MONTHLY = "dues.ledger_monthly"


@shared_task(name=LEDGER_MONTHLY)
def ledger_monthly(triggered_by: str = SCHEDULED, period: str = "", force: bool = False) -> int:
    """The ledger of the month ``period`` ("2026-11"; the current month by default) for every
    organisation. The generation is one transaction: a run killed halfway leaves nothing, and
    the next run writes the whole month. A second run of the month changes nothing (closed
    months and paid rows are never touched). Returns the run's id."""
    period = period or job_period(LEDGER_MONTHLY)
    with job_run(LEDGER_MONTHLY, period=period, triggered_by=triggered_by, force=force) as run:
        if run.already_done:
            return run.run.pk
        result = ledger_generate(actor=None, month=YearMonth.parse(period))
        run.counts = {"created": result.created, "changed": result.updated,
                      "deleted": result.removed, "skipped": result.missing_base}  # fmt: skip
        run.detail = result.summary
    return run.run.pk
