"""Sending jobs: one message's deliveries after it commits, and the sweep that sends what
waited (quiet hours, back-off). Thin: each calls ``delivery.deliveries_send``. The daily scan's
job is in ``jobs.py`` (it sends through the service, which queues these)."""

from __future__ import annotations

from celery import shared_task

from dangjian.jobs.runs import SCHEDULED, job_run
from dangjian.notifications.delivery import deliveries_send

DELIVER_DUE = "notifications.deliver_due"


@shared_task(name="notifications.deliver_notice")
def deliver_notice(notice_id: int) -> int:
    """Send one message's waiting deliveries now (enqueued after the message commits)."""
    return deliveries_send(notice_id=notice_id).sent


@shared_task(name=DELIVER_DUE)
def deliver_due(triggered_by: str = SCHEDULED, period: str = "", force: bool = False) -> int:
    """The sweep: every delivery whose time has come (after quiet hours, after a back-off).
    Recorded only when it sent or failed something (it runs every minute)."""
    with job_run(DELIVER_DUE, triggered_by=triggered_by, quiet=True) as run:
        if run.already_done:  # the previous sweep is still at work
            return 0
        counts = deliveries_send()
        run.counts = {"created": counts.sent, "skipped": counts.held,
                      "failed": counts.failed + counts.retrying}  # fmt: skip
        for error in counts.errors:
            run.error("消息投递", error)
    return counts.sent
