"""The one notification service: ``notify`` turns a message and an audience into deliveries.

Recipients are resolved when the message is sent (``recipients.resolve``); each recipient's
channels follow their choices (``preferences``); deliveries already made for the same reminder
and deadline (``Message.dedupe_key``) are left alone, and the database's unique constraint
refuses them again should two senders race. The inbox is written at once; the other channels
wait in ``pending`` (until the quiet hours end, if they are on now) and are sent after commit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from dangjian.core.actor import Actor
from dangjian.core.audit import audit
from dangjian.core.rawinsert import write_rows
from dangjian.notifications.channels import quiet_hours
from dangjian.notifications.models import ROBOT_CHANNELS, Channel, Delivery, Notice, Robot
from dangjian.notifications.preferences import Choices, choices_for
from dangjian.notifications.recipients import Audience, Recipient, resolve
from dangjian.notifications.sms import sms_gateway
from dangjian.notifications.tasks import deliver_notice
from dangjian.orgs.models import Organization
from dangjian.rules.sources import rule_citations


class MessageInvalid(ValueError):
    """A message that cannot be sent; the text names the field (Chinese)."""


@dataclass(frozen=True)
class Message:
    """What to say. ``kind`` names the reminder ("development.overdue", "notice");
    ``category`` the group people choose channels for; ``dedupe_key`` the reminder and its
    deadline, so it goes once per channel and recipient (``rules.notifications.dedupe_key``);
    ``to_groups`` False for a person's own matters (their dues, their study), which no group
    robot carries: a group chat reads what its organisation has to do, not one member's."""

    kind: str
    category: str
    title: str
    dedupe_key: str
    body: str = ""
    link: str = ""
    rules: tuple[str, ...] = ()
    due_on: date | None = None
    to_groups: bool = True

    def check(self) -> None:
        """MessageInvalid naming the field when a part is missing or too long."""
        for label, value, limit in (("标题", self.title, 200), ("类型", self.kind, 80),
                                    ("去重键", self.dedupe_key, 200), ("链接", self.link, 500)):  # fmt: skip
            if label != "链接" and not value.strip():
                raise MessageInvalid(f"消息的“{label}”不能为空")
            if len(value) > limit:
                raise MessageInvalid(f"消息的“{label}”不能超过{limit}个字符")


@dataclass
class SendResult:
    """What ``notify`` wrote: the message (None when every delivery existed already) and the
    new deliveries per channel; ``duplicates`` the ones left out as already made."""

    notice_id: int | None
    created: Counter[str] = field(default_factory=Counter)
    duplicates: int = 0


COLUMNS = ("notice_id", "channel", "user_id", "robot_id", "target", "dedupe_key", "status",
           "attempts", "last_error", "next_attempt_at", "sent_at", "created_at")  # fmt: skip


def outside_channels_available() -> set[str]:
    """The personal channels the deployment can send on (the inbox always)."""
    found = {Channel.INBOX.value}
    if settings.EMAIL_HOST:
        found.add(Channel.EMAIL.value)
    if sms_gateway().configured():
        found.add(Channel.SMS.value)
    return found


def notify(
    *, actor: Actor, message: Message, audience: Audience, now: datetime | None = None
) -> SendResult:
    """Send ``message`` to ``audience`` on each recipient's channels; safe to call again.

    Raises MessageInvalid for a message without title, kind or key."""
    message.check()
    now = now or timezone.now()
    for attempt in range(2):
        try:
            return _notify_once(actor, message, audience, now)
        except IntegrityError:
            # Another sender wrote some of the same deliveries meanwhile: read them and retry.
            if attempt:
                raise
    raise AssertionError("unreachable")


def _notify_once(actor: Actor, message: Message, audience: Audience, now: datetime) -> SendResult:
    recipients = resolve(audience)
    choices = choices_for(
        message.category, [r.user_id for r in recipients] if len(recipients) <= 1000 else None
    )
    with transaction.atomic():
        done = set(
            Delivery.objects.filter(dedupe_key=message.dedupe_key).values_list("channel", "target")
        )
        wanted = list(_wanted(recipients, choices, audience.organization, message.to_groups))
        new = [w for w in wanted if (w[0], w[1]) not in done]
        result = SendResult(notice_id=None, duplicates=len(wanted) - len(new))
        if not new:
            return result
        notice = _notice_create(message, audience.organization)
        # The values the ORM would send (naive UTC text on SQLite), computed once for every row.
        at, held = _db_time(now), _db_time(_held_until(now))
        rows = (_row(notice.pk, w, message.dedupe_key, at, held) for w in new)
        write_rows(Delivery._meta.db_table, COLUMNS, rows)
        result.notice_id = notice.pk
        result.created.update(w[0] for w in new)
        audit(actor=actor, action="notifications.notify", obj=notice,
              after={"key": message.dedupe_key, "deliveries": dict(result.created)})  # fmt: skip
        if set(result.created) - {Channel.INBOX.value}:  # the inbox needs no sending
            transaction.on_commit(lambda: _enqueue(notice.pk))
    return result


Wanted = tuple[str, str, int | None, int | None]  # channel, target, user id, robot id


def _wanted(
    recipients: Sequence[Recipient], choices: Choices, org: Organization | None, to_groups: bool
) -> Iterator[Wanted]:
    """(channel, target, user, robot) for every recipient's chosen channel they can be
    reached on, then the group robots they chose (each group once; none when the message is
    not ``to_groups``)."""
    available = outside_channels_available()
    robots = _robots_by_channel(org, recipients, choices) if to_groups else {}
    personal = [c for c in PERSONAL if c in available]
    for r in recipients:
        target = f"user:{r.user_id}"
        for channel in personal:
            if _reachable(r, channel) and choices.enabled(r.user_id, r.roles, channel):
                yield channel, target, r.user_id, None
    for channel, robot_ids in robots.items():
        for robot_id in sorted(robot_ids):
            yield channel, f"robot:{robot_id}", None, robot_id


PERSONAL = (Channel.INBOX.value, Channel.EMAIL.value, Channel.SMS.value)
INBOX, EMAIL, SMS = PERSONAL


def _reachable(r: Recipient, channel: str) -> bool:
    """E-mail needs an address and SMS a phone number on record; the inbox reaches everyone."""
    if channel == EMAIL:
        return bool(r.email)
    if channel == SMS:
        return r.has_phone
    return True


def _robots_by_channel(
    org: Organization | None, recipients: Sequence[Recipient], choices: Choices
) -> dict[str, set[int]]:
    """The active robots to post to: for a message naming ``org``, the groups of ``org`` and
    the organisations above it; for personal reminders, the groups of the organisations the
    recipients' roles are granted on. A robot is used when one of its recipients chose it."""
    from dangjian.accounts.models import RoleGrant

    found: dict[str, set[int]] = {}
    robots = Robot.objects.filter(active=True)
    if not robots.exists():  # most deployments: no group robots, nothing to choose
        return found
    chosen = {(ch, r.user_id) for r in recipients for ch in ROBOT_CHANNELS
              if choices.enabled(r.user_id, r.roles, ch)}  # fmt: skip
    if not chosen:
        return found
    if org is not None:
        ancestors = [org.path[: Organization.steplen * i] for i in range(1, org.depth + 1)]
        for robot_id, channel in robots.filter(organization__path__in=ancestors).values_list(
            "pk", "channel"
        ):
            if any((channel, r.user_id) in chosen for r in recipients):
                found.setdefault(channel, set()).add(robot_id)
        return found
    users = [u for _, u in chosen]
    grants = RoleGrant.objects.filter(user_id__in=users, organization__isnull=False)
    orgs_of: dict[int, set[int]] = {}
    for user_id, org_id in grants.values_list("user_id", "organization_id"):
        orgs_of.setdefault(org_id, set()).add(user_id)
    for robot_id, channel, org_id in robots.filter(organization_id__in=list(orgs_of)).values_list(
        "pk", "channel", "organization_id"
    ):
        if any((channel, u) in chosen for u in orgs_of[org_id]):
            found.setdefault(channel, set()).add(robot_id)
    return found


def _notice_create(message: Message, org: Organization | None) -> Notice:
    return Notice.objects.create(
        kind=message.kind, category=message.category, title=message.title, body=message.body,
        link=message.link, rules=",".join(message.rules),
        citation="、".join(rule_citations(message.rules))[:500], due_on=message.due_on,
        organization=org,
    )  # fmt: skip


def _held_until(now: datetime) -> datetime:
    quiet = quiet_hours()
    release = quiet.release_at(timezone.localtime(now)) if quiet else None
    return release or now


def _row(notice_id: int, w: Wanted, key: str, at: object, held: object) -> tuple[object, ...]:
    channel, target, user_id, robot_id = w
    if channel == INBOX:  # the inbox is written now, quiet hours or not
        return (notice_id, channel, user_id, robot_id, target, key, "sent", 1, "", None, at, at)
    return (notice_id, channel, user_id, robot_id, target, key, "pending", 0, "", held, None, at)


def _db_time(value: datetime) -> object:
    return connection.ops.adapt_datetimefield_value(value)


def _enqueue(notice_id: int) -> None:
    deliver_notice.delay(notice_id)
