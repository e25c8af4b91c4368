"""The daily announcement of notices dated ahead, as a scheduled job: thin, recorded with
``job_run``, safe to run twice (each notice's announcement has its own dedupe key).

Registered from ``PortalConfig.ready``."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from dangjian.jobs.runs import SCHEDULED, job_run
from dangjian.jobs.schedule import job_period
from dangjian.portal.services import bulletins_announce_due

ANNOUNCE = "portal.announce_bulletins"


@shared_task(name=ANNOUNCE)
def announce_bulletins(triggered_by: str = SCHEDULED, period: str = "", force: bool = False) -> int:
    """Announce the notices whose publish date has come. Returns the run's id."""
    today = timezone.localdate()
    period = period or job_period(ANNOUNCE)
    with job_run(ANNOUNCE, period=period, triggered_by=triggered_by, force=force) as run:
        if run.already_done:
            return run.run.pk
        counts = bulletins_announce_due(today=today)
        run.counts = {"created": counts.created, "skipped": counts.skipped}
        run.detail = f"{today.isoformat()}：推送通知公告{counts.created}条"
    return run.run.pk
