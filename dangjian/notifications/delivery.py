"""Sending what waits: claim the due deliveries, send each on its channel, record the outcome.

A failed attempt is recorded (attempts, last error) and waits ``rules.notifications.backoff``
before the next; after ``NOTIFY_MAX_ATTEMPTS`` (or an error that cannot pass) it is failed. One
channel failing never stops the others: every delivery is sent and recorded on its own.
Claiming is a conditional UPDATE that moves ``next_attempt_at`` a lease ahead, so two workers
never send the same delivery and a worker killed mid-batch leaves its rows to the next sweep.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import httpx
from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from dangjian.notifications.channels import DeliveryError, post_robot, quiet_hours, send_email
from dangjian.notifications.models import (
    ROBOT_CHANNELS,
    Channel,
    Delivery,
    DeliveryStatus,
    Robot,
)
from dangjian.notifications.sms import sms_gateway
from dangjian.rules.notifications import backoff

BATCH = 500
LEASE = timedelta(minutes=5)


@dataclass
class SendCounts:
    """What one call sent: ``sent``, ``retrying`` (failed, will try again), ``failed`` (gave up)."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    held: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: SendCounts) -> None:
        self.sent += other.sent
        self.retrying += other.retrying
        self.failed += other.failed
        self.held += other.held
        self.errors += other.errors


def _due(now: datetime) -> Q:
    return Q(status=DeliveryStatus.PENDING) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def deliveries_send(
    *, notice_id: int | None = None, now: datetime | None = None, client: httpx.Client | None = None
) -> SendCounts:
    """Send every delivery due at ``now`` (of one notice, or all), in batches; in quiet hours
    nothing goes out and the due ones are held until the hours end."""
    now = now or timezone.now()
    due = Delivery.objects.filter(_due(now)).exclude(channel=Channel.INBOX)
    if notice_id is not None:
        due = due.filter(notice_id=notice_id)
    quiet = quiet_hours()
    release = quiet.release_at(timezone.localtime(now)) if quiet else None
    if release is not None:
        return SendCounts(held=due.update(next_attempt_at=release))
    counts = SendCounts()
    own_client = client is None
    client = client or httpx.Client(timeout=settings.NOTIFY_HTTP_TIMEOUT)
    try:
        while batch := _claim(due, now):
            counts.add(_send_batch(batch, now, client))
    finally:
        if own_client:
            client.close()
    return counts


def _claim(due: QuerySet[Delivery], now: datetime) -> list[Delivery]:
    """Up to BATCH due deliveries, taken for this worker by moving them a lease ahead."""
    ids = list(due.order_by("pk").values_list("pk", flat=True)[:BATCH])
    if not ids:
        return []
    lease = now + LEASE + timedelta(microseconds=id(ids) % 997)
    due.filter(pk__in=ids).update(next_attempt_at=lease)
    taken = Delivery.objects.filter(
        pk__in=ids, next_attempt_at=lease, status=DeliveryStatus.PENDING
    )
    batch = list(taken.select_related("notice__organization", "user").order_by("pk"))
    # One read (and one decryption of its address and secret) per robot, not per message.
    robots = Robot.objects.select_related("organization").in_bulk(
        {d.robot_id for d in batch if d.robot_id is not None}
    )
    for d in batch:
        if d.robot_id is not None:
            d.robot = robots.get(d.robot_id)
    return batch


def _send_batch(batch: list[Delivery], now: datetime, client: httpx.Client) -> SendCounts:
    counts = SendCounts()
    mail = (
        get_connection(fail_silently=False)
        if any(d.channel == Channel.EMAIL for d in batch)
        else None
    )
    try:
        for delivery in batch:
            _attempt(delivery, now, client, mail, counts)
    finally:
        if mail is not None:
            mail.close()
    _record(batch, now)
    return counts


def _record(batch: list[Delivery], now: datetime) -> None:
    """Store the outcomes: the sent ones (most) in one UPDATE, the failed ones row by row."""
    sent = [d.pk for d in batch if d.status == DeliveryStatus.SENT]
    Delivery.objects.filter(pk__in=sent).update(
        status=DeliveryStatus.SENT, sent_at=now, last_error="", next_attempt_at=None,
        attempts=F("attempts") + 1,
    )  # fmt: skip
    failed = [d for d in batch if d.status != DeliveryStatus.SENT]
    Delivery.objects.bulk_update(
        failed, ["status", "attempts", "last_error", "next_attempt_at"], batch_size=200
    )


def _attempt(
    delivery: Delivery,
    now: datetime,
    client: httpx.Client,
    mail: BaseEmailBackend | None,
    counts: SendCounts,
) -> None:
    delivery.attempts += 1
    try:
        _send_one(delivery, client, mail)
    except DeliveryError as exc:
        _record_failure(delivery, now, str(exc), exc.permanent, counts)
        return
    delivery.status, delivery.sent_at = DeliveryStatus.SENT, now
    delivery.last_error, delivery.next_attempt_at = "", None
    counts.sent += 1


def _send_one(delivery: Delivery, client: httpx.Client, mail: BaseEmailBackend | None) -> None:
    notice = delivery.notice
    if delivery.channel in ROBOT_CHANNELS:
        if delivery.robot is None or not delivery.robot.active:
            raise DeliveryError("群机器人已删除或停用", permanent=True)
        post_robot(client, delivery.robot, notice)
    elif delivery.channel == Channel.EMAIL:
        assert mail is not None and delivery.user is not None
        send_email(mail, delivery.user.email, notice)
    elif delivery.channel == Channel.SMS:
        sms_gateway(client).send(_phone_of(delivery), _sms_text(delivery))


def _phone_of(delivery: Delivery) -> str:
    from dangjian.members.models import Member

    if delivery.user_id is None:
        raise DeliveryError("短信只能发给个人", permanent=True)
    phone = Member.objects.filter(user_id=delivery.user_id).values_list("phone", flat=True).first()
    if not phone:
        raise DeliveryError("该用户未登记手机号码", permanent=True)
    return str(phone)


def _sms_text(delivery: Delivery) -> str:
    notice = delivery.notice
    due = f"，截止{notice.due_on.isoformat()}" if notice.due_on else ""
    return f"【智慧党建】{notice.title}{due}"


def _record_failure(
    delivery: Delivery, now: datetime, error: str, permanent: bool, counts: SendCounts
) -> None:
    delivery.last_error = error[:500]
    counts.errors.append(error)
    if permanent or delivery.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        counts.failed += 1
        return
    wait = backoff(delivery.attempts, base_seconds=settings.NOTIFY_RETRY_BASE_SECONDS)
    delivery.next_attempt_at = now + wait
    counts.retrying += 1
