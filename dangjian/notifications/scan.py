"""The daily reminder scan: every workflow's due items, as reminders to the people they are for.

The workflows publish their due items through one interface (``dangjian.core.due``); the scan
reads it for every person who looks after an organisation or has a member record, exactly as
their home page does, and sends each item with something in it to that person alone (the item
was computed within their scope). Each reminder's key is its kind and deadline
(``rules.notifications.dedupe_key``), so a second scan the same day, or a rerun after a crash,
sends nothing new.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q

from dangjian.accounts.models import RoleGrant
from dangjian.core.due import DueItem, due_item_sources
from dangjian.members.models import Member
from dangjian.notifications.recipients import Audience
from dangjian.notifications.services import Message, notify
from dangjian.rules.notifications import dedupe_key


@dataclass
class ScanCounts:
    """People scanned, reminders sent (new deliveries), duplicates left out, errors by person."""

    people: int = 0
    created: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


def scan_people() -> Iterator[User]:
    """Active users who hold a role on data or have a member record, by id."""
    has_grant = Exists(RoleGrant.objects.filter(user=OuterRef("pk")))
    has_member = Exists(Member.objects.filter(user=OuterRef("pk")))
    users = User.objects.filter(is_active=True).filter(Q(has_grant) | Q(has_member))
    return users.order_by("pk").iterator(chunk_size=500)


def person_items(user: User, today: date) -> Iterator[tuple[str, DueItem]]:
    """(category, item) of ``user``'s due items with something in them."""
    for category, selector in due_item_sources():
        for item in selector(user, today):
            if item.count and item.key:
                yield category, item


def reminder_message(category: str, item: DueItem, today: date) -> Message:
    body = f"共{item.count}项" if item.audience == "managed" else ""
    return Message(
        kind=item.key, category=category, title=item.title, body=body, link=item.url,
        rules=item.rules, due_on=item.due_on, dedupe_key=dedupe_key(item.key, item.due_on, today),
    )  # fmt: skip


def reminder_scan(today: date) -> ScanCounts:
    """Send every person's due items of ``today`` to them; safe to run again."""
    counts = ScanCounts()
    for user in scan_people():
        counts.people += 1
        try:
            _scan_person(user, today, counts)
        except Exception as exc:  # one person's failing selector must not stop everyone's reminders
            counts.errors.append(f"{user.username}: {type(exc).__name__}: {exc}")
    return counts


def _scan_person(user: User, today: date, counts: ScanCounts) -> None:
    for category, item in person_items(user, today):
        result = notify(actor=None, message=reminder_message(category, item, today),
                        audience=Audience(user_ids=(user.pk,)))  # fmt: skip
        counts.created += sum(result.created.values())
        counts.skipped += result.duplicates
