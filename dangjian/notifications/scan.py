"""The daily reminder scan: every workflow's due items, as reminders to the people they are for.

The workflows publish their due items through one interface (``dangjian.core.due``); the scan
reads it for every person who looks after an organisation or has a member record, exactly as
their home page does, and sends each item with something in it to that person alone (the item
was computed within their scope). Each reminder's key is its kind and deadline
(``rules.notifications.dedupe_key``), so a second scan the same day, or a rerun after a crash,
sends nothing new.

People are read in batches and each batch's scopes built together (``scan_batches``). A
capability may register counters with its selector (``core.due.register_due_items``): its
managers' items are then counted once per scan for the whole system, by organisation, through
the same selectors (``ScanContext``), and each manager's count is the sum over the
organisations of their scope; its other items (``remainder``) are read once for the scan and
decided person by person. With thousands of managers this is one grouped query per item
instead of one per person.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import islice

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q

from dangjian.accounts.access import Scope, preset_scopes, scope_for, system_reader
from dangjian.accounts.models import RoleGrant
from dangjian.core.due import (
    CountedSource,
    DueItem,
    DueRemainder,
    PersonItems,
    counted_source,
    due_item_sources,
)
from dangjian.members.models import Member
from dangjian.notifications.recipients import Audience
from dangjian.notifications.services import Message, notify
from dangjian.orgs.models import Organization
from dangjian.orgs.subtrees import SubtreeIndex
from dangjian.rules.notifications import dedupe_key

BATCH = 500  # people read, and their scopes built, together


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
    return users.order_by("pk").iterator(chunk_size=BATCH)


def scan_batches() -> Iterator[list[User]]:
    """The scan's people (``scan_people``) in batches, each batch's scopes built together
    (``preset_scopes``: the same scopes, from a few queries per batch instead of per person)."""
    people = scan_people()
    while batch := list(islice(people, BATCH)):
        preset_scopes(batch)
        yield batch


class ScanContext:
    """What one scan reads once for everyone: for each counted capability its rows by
    organisation and its remainder's reads, and the organisations' paths."""

    def __init__(self, today: date) -> None:
        self.today = today
        self._reader = system_reader()
        self._tree: SubtreeIndex[int] | None = None
        self._counts: dict[str, list[tuple[DueItem, Mapping[int, int]]]] = {}
        self._remainders: dict[str, PersonItems] = {}

    def items(self, source: CountedSource, user: User) -> list[DueItem]:
        """``user``'s items of ``source``: counted ones summed over their organisations, then
        the remainder's (items with nothing in them included: the caller leaves them out)."""
        scope = scope_for(user)
        found = self._counted_items(source, scope) if scope.is_manager else []
        if source.remainder is not None:
            found.extend(self._prepared(source.name, source.remainder)(user))
        return found

    def _counted_items(self, source: CountedSource, scope: Scope) -> list[DueItem]:
        orgs = None if scope.everything else self._organizations(scope)
        return [replace(item, count=_sum(rows, orgs)) for item, rows in self._rows(source)]

    def _rows(self, source: CountedSource) -> list[tuple[DueItem, Mapping[int, int]]]:
        """Each counted item of ``source`` (its count to be replaced) with its rows by
        organisation, counted once per scan."""
        if source.name not in self._counts:
            self._counts[source.name] = [
                (source.item(key, 0), counter(self._reader, self.today))
                for key, counter in source.counters.items()
            ]
        return self._counts[source.name]

    def _prepared(self, name: str, remainder: DueRemainder) -> PersonItems:
        """The remainder of the source ``name``, prepared once per scan."""
        if name not in self._remainders:
            self._remainders[name] = remainder(self.today)
        return self._remainders[name]

    def _organizations(self, scope: Scope) -> set[int]:
        """The ids ``scope.org_q()`` matches: subtrees by path prefix, and the own ids."""
        if self._tree is None:
            self._tree = SubtreeIndex(
                (path, pk) for pk, path in Organization.objects.values_list("pk", "path")
            )
        found = set(scope.own_org_ids)
        for path in scope.subtree_paths:
            found.update(self._tree.under(path))
        return found


def _sum(counts: Mapping[int, int], orgs: set[int] | None) -> int:
    """The rows of ``orgs`` (None: every organisation), walking the smaller of the two: a
    secretary's two organisations against thousands counted, or the reverse."""
    if orgs is None:
        return sum(counts.values())
    if len(orgs) < len(counts):
        return sum(counts.get(org_id, 0) for org_id in orgs)
    return sum(n for org_id, n in counts.items() if org_id in orgs)


def person_items(
    user: User, today: date, context: ScanContext | None = None
) -> Iterator[tuple[str, DueItem]]:
    """(category, item) of ``user``'s due items with something in them. ``context`` is the
    scan's (a new one when not given, e.g. for one person)."""
    context = context or ScanContext(today)
    for category, selector in due_item_sources():
        source = counted_source(category)
        found = selector(user, today) if source is None else context.items(source, user)
        for item in found:
            if item.count and item.key:
                yield category, item


def reminder_message(category: str, item: DueItem, today: date) -> Message:
    body = f"共{item.count}项" if item.audience == "managed" else ""
    return Message(
        kind=item.key, category=category, title=item.title, body=body, link=item.url,
        rules=item.rules, due_on=item.due_on, dedupe_key=dedupe_key(item.key, item.due_on, today),
        to_groups=item.audience == "managed",
    )  # fmt: skip


def reminder_scan(today: date) -> ScanCounts:
    """Send every person's due items of ``today`` to them; safe to run again."""
    counts = ScanCounts()
    context = ScanContext(today)
    for batch in scan_batches():
        for user in batch:
            counts.people += 1
            try:
                _scan_person(user, context, counts)
            except Exception as exc:  # one person's failing selector must not stop everyone's
                counts.errors.append(f"{user.username}: {type(exc).__name__}: {exc}")
    return counts


def _scan_person(user: User, context: ScanContext, counts: ScanCounts) -> None:
    today = context.today
    for category, item in person_items(user, today, context):
        result = notify(actor=None, message=reminder_message(category, item, today),
                        audience=Audience(user_ids=(user.pk,)))  # fmt: skip
        counts.created += sum(result.created.values())
        counts.skipped += result.duplicates
