"""The in-platform inbox: a person's own deliveries on the inbox channel, and marking them read.

Every read starts from the asker (their own rows only), so an id of someone else's message
answers as a missing one."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from dangjian.core.actor import Actor, acting_user
from dangjian.notifications.models import Channel, Delivery


def inbox(user: Actor, *, unread_only: bool = False) -> QuerySet[Delivery]:
    """The asker's inbox, newest first (nothing for the anonymous and the system)."""
    who = acting_user(user)
    if who is None:
        return Delivery.objects.none()
    rows = Delivery.objects.filter(user=who, channel=Channel.INBOX)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows.select_related("notice").order_by("-created_at", "-pk")


def unread_count(user: Actor) -> int:
    return inbox(user, unread_only=True).count()


def inbox_mark_read(*, actor: Actor, delivery_id: int) -> Delivery:
    """Mark one of the asker's messages read (again: no change). Http404 for another's."""
    row = inbox(actor).filter(pk=delivery_id).first()
    if row is None:
        raise Http404("未找到该消息")
    if row.read_at is None:
        row.read_at = timezone.now()
        row.save(update_fields=["read_at"])
    return row


def inbox_mark_all_read(*, actor: Actor) -> int:
    """Mark every unread message of the asker read; returns how many were unread."""
    return inbox(actor, unread_only=True).update(read_at=timezone.now())
