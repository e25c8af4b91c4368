"""Sending jobs: one message's deliveries after it commits, and the sweep that sends what
waited (quiet hours, back-off). Thin: each calls ``delivery.deliveries_send``. The daily scan's
job is in ``jobs.py`` (it sends through the service, which queues these)."""

from __future__ import annotations

from celery import shared_task

from dangjian.notifications.delivery import deliveries_send


@shared_task(name="notifications.deliver_notice")
def deliver_notice(notice_id: int) -> int:
    """Send one message's waiting deliveries now (enqueued after the message commits)."""
    return deliveries_send(notice_id=notice_id).sent


@shared_task(name="notifications.deliver_due")
def deliver_due() -> int:
    """The sweep: every delivery whose time has come (after quiet hours, after a back-off)."""
    return deliveries_send().sent
