"""Creating many members at once, for imports: the same checks as ``member_create``, fewer queries.

``member_create`` writes one member with three statements and an audit row. An import of a
hundred thousand rows cannot afford that, so this path checks every input with the same
``check_member_fields`` (and the placement check once per distinct placement), inserts the
members with one prepared statement, derives their first periods and 建档 events from the rows
just written with one ``INSERT ... SELECT`` each, and writes one audit row for the batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from operator import attrgetter
from typing import Any

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from dangjian.core.actor import Actor, acting_user_id
from dangjian.core.audit import audit
from dangjian.core.errors import InvalidInput
from dangjian.core.rawinsert import RowInserter, insert_select
from dangjian.members import validation
from dangjian.members.choices import Status
from dangjian.members.derived import derived_columns
from dangjian.members.inputs import MemberInput
from dangjian.members.models import EventKind, Member, MemberEvent, MemberPeriod
from dangjian.members.search_keys import name_keys_insert
from dangjian.members.services import ID_REGISTERED, require_placement, today
from dangjian.members.validation import Errors

REGISTERED = ID_REGISTERED
# ID-number hashes looked up per query (SQLite takes up to 32,766 parameters a statement).
LOOKUP_CHUNK = 2000


@dataclass(frozen=True)
class NewMember:
    """A checked input and the lookup hash of its ID number (computed once)."""

    data: MemberInput
    id_hash: str


@dataclass(frozen=True)
class ImportBatch:
    """What the batch audit row points at: the file, not one member."""

    pk: str
    label: str

    def __str__(self) -> str:
        return self.label


def _placement_key(data: MemberInput) -> tuple[Any, ...]:
    """The only fields the placement check reads."""
    return (data.organization_id, data.party_group_id, data.is_floating, data.floating_to.strip())


class _RowChecker:
    """``check_member_input`` for many rows: the same checks, with the placement check (the only
    one that reads the database) run once per distinct placement instead of once per row."""

    def __init__(self, on: date) -> None:
        self.on = on
        self.placements: dict[tuple[Any, ...], Errors] = {}

    def __call__(self, data: MemberInput) -> Errors:
        errors = validation.check_member_fields(data, self.on)
        key = _placement_key(data)
        if key not in self.placements:
            self.placements[key] = validation.check_placement(data)
        for field_name, messages in self.placements[key].items():
            errors.setdefault(field_name, []).extend(messages)
        return errors


def check_new_members(
    items: Sequence[NewMember], on: date, registered: set[str] | None = None
) -> dict[int, Errors]:
    """Errors by position, as ``check_member_input`` gives them, plus registered ID numbers.

    ``registered``: the lookup hashes among ``items`` already on file, when the caller has
    just read them; otherwise they are read here.
    """
    check = _RowChecker(on)
    errors = {i: found for i, item in enumerate(items) if (found := check(item.data))}
    taken = _registered([item.id_hash for item in items]) if registered is None else registered
    for position, item in enumerate(items):
        if item.id_hash in taken:
            errors.setdefault(position, {}).setdefault("id_number", []).append(REGISTERED)
    return errors


def _registered(hashes: list[str]) -> set[str]:
    taken: set[str] = set()
    for start in range(0, len(hashes), LOOKUP_CHUNK):
        rows = Member.objects.filter(id_number_hash__in=hashes[start : start + LOOKUP_CHUNK])
        taken |= {h for h in rows.values_list("id_number_hash", flat=True) if h}
    return taken


# A new member's row: the input's fields as they are, then what member_create derives.
_PLAIN_FIELDS = tuple(f.name for f in fields(MemberInput) if f.name not in {"id_number", "phone"})
_DERIVED_FIELDS = (
    "id_number",
    "id_number_hash",
    "id_tail4_hash",
    "id_tail6_hash",
    "phone",
    "phone_hash",
    "name_pinyin",
    "name_initials",
)
_plain_values = attrgetter(*_PLAIN_FIELDS)


def _member_row(item: NewMember) -> tuple[Any, ...]:
    """The columns of a new member, as ``member_create`` fills them (encrypted on insert)."""
    data = item.data
    keys = derived_columns(
        name=data.name, id_number=data.id_number, phone=data.phone, id_number_hash=item.id_hash
    )
    derived = tuple(getattr(keys, column) for column in _DERIVED_FIELDS)
    return (*_plain_values(data), *derived)


@transaction.atomic
def insert_new_members(
    *, actor: Actor, items: Sequence[NewMember], reason: str, batch: ImportBatch
) -> list[int]:
    """Insert inputs that ``check_new_members`` passed: members, first periods, 建档 events.

    Returns the new members' ids, in the order of ``items``. Raises PermissionDenied, nothing
    written, when ``actor`` may not place a member in one of their organisations.
    """
    for organization_id in sorted({item.data.organization_id for item in items}):
        require_placement(actor, organization_id)
    now = timezone.now()
    stamps = {"created_at": now, "updated_at": now, "status": Status.NORMAL.value}
    last = Member.objects.aggregate(last=Max("pk"))["last"] or 0
    RowInserter(Member, _PLAIN_FIELDS + _DERIVED_FIELDS, stamps).insert(map(_member_row, items))
    # The batch: above the last id before the insert and stamped with this batch's time, so a
    # member another transaction adds meanwhile is not taken for one of ours.
    batch_members = Member.objects.filter(pk__gt=last, created_at=now).order_by("pk")
    member_ids = list(batch_members.values_list("pk", flat=True))
    if len(member_ids) != len(items):
        raise RuntimeError(f"inserted {len(items)} members, found {len(member_ids)}")
    name_keys_insert(zip(member_ids, (item.data.name for item in items), strict=True))
    _derive_first_periods_and_events(actor, last, now, reason)
    after = {"count": len(member_ids), "first_id": member_ids[0] if member_ids else None}
    audit(actor=actor, action="member.import", obj=batch, after=after, detail=reason)
    return member_ids


def _derive_first_periods_and_events(actor: Actor, last: int, now: Any, reason: str) -> None:
    """Each new member's first period and 建档 event, from the rows just written (set-based).

    Both start on 入党时间, or today when it is not known, as ``member_create`` does.
    """
    member_table = connection.ops.quote_name(Member._meta.db_table)
    batch = f"FROM {member_table} WHERE id > %s AND created_at = %s"
    stamp = connection.ops.adapt_datetimefield_value(now)
    user_id = acting_user_id(actor)
    insert_select(
        MemberPeriod,
        ("member_id", "organization_id", "status", "stage", "valid_from", "valid_to"),
        f"SELECT id, organization_id, %s, stage, COALESCE(joined_on, %s), NULL {batch}",
        [Status.NORMAL.value, today(), last, stamp],
    )
    changes = MemberEvent._meta.get_field("changes").get_db_prep_save({}, connection)
    insert_select(
        MemberEvent,
        ("member_id", "kind", "effective_on", "changes", "reason", "actor_id", "recorded_at"),
        f"SELECT id, %s, COALESCE(joined_on, %s), %s, %s, %s, %s {batch}",
        [EventKind.CREATED.value, today(), changes, reason[:300], user_id, stamp, last, stamp],
    )


@transaction.atomic
def member_bulk_create(
    *, actor: Actor, items: Sequence[NewMember], reason: str, batch: ImportBatch
) -> list[int]:
    """Check every input, then insert them all, or raise InvalidInput naming the first bad one."""
    errors = check_new_members(items, today())
    if errors:
        position = min(errors)
        prefixed = {
            f: [f"第{position + 1}条：{m}" for m in ms] for f, ms in errors[position].items()
        }
        raise InvalidInput(prefixed)
    return insert_new_members(actor=actor, items=items, reason=reason, batch=batch)
