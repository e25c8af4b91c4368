"""Creating many members at once, for imports: the same checks as ``member_create``, fewer queries.

``member_create`` writes one member with three statements and an audit row. An import of a
hundred thousand rows cannot afford that, so this path checks every input with the same
``check_member_input``, then inserts the members, their first period and their 建档 event in
batches, and writes one audit row for the batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangjian.core import crypto
from dangjian.core.audit import audit
from dangjian.core.errors import InvalidInput
from dangjian.members import validation
from dangjian.members.choices import Status
from dangjian.members.excel.rawinsert import RowInserter
from dangjian.members.inputs import MemberInput
from dangjian.members.models import EventKind, Member, MemberEvent, MemberPeriod
from dangjian.members.pinyin import pinyin_keys
from dangjian.members.services import today
from dangjian.members.validation import Errors

REGISTERED = "该公民身份号码已登记在其他党员档案中"


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


@lru_cache(maxsize=65536)
def _pinyin(name: str) -> tuple[str, str]:
    return pinyin_keys(name)  # names repeat a great deal in large files


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
        errors: Errors = {}
        validation._check_identity(data, self.on, errors)
        validation._check_choices(data, errors)
        validation._check_party_dates(data, self.on, errors)
        key = _placement_key(data)
        if key not in self.placements:
            self.placements[key] = {}
            validation._check_placement(data, self.placements[key])
        for field_name, messages in self.placements[key].items():
            errors.setdefault(field_name, []).extend(messages)
        return errors


def check_new_members(items: Sequence[NewMember], on: date) -> dict[int, Errors]:
    """Errors by position, as ``check_member_input`` gives them, plus registered ID numbers."""
    check = _RowChecker(on)
    errors = {i: found for i, item in enumerate(items) if (found := check(item.data))}
    taken = _registered([item.id_hash for item in items])
    for position, item in enumerate(items):
        if item.id_hash in taken:
            errors.setdefault(position, {}).setdefault("id_number", []).append(REGISTERED)
    return errors


def _registered(hashes: list[str]) -> set[str]:
    taken: set[str] = set()
    for start in range(0, len(hashes), 500):
        rows = Member.objects.filter(id_number_hash__in=hashes[start : start + 500])
        taken |= {h for h in rows.values_list("id_number_hash", flat=True) if h}
    return taken


_INPUT_FIELDS = tuple(f.name for f in fields(MemberInput))


def _member_values(item: NewMember) -> dict[str, Any]:
    """The columns of a new member, as ``member_create`` fills them."""
    values = {name: getattr(item.data, name) for name in _INPUT_FIELDS}
    phone = item.data.phone.replace(" ", "")
    name_pinyin, name_initials = _pinyin(item.data.name)
    values.update(
        phone=phone,
        phone_hash=crypto.lookup_hash(phone) if phone else None,
        id_number_hash=item.id_hash,
        name_pinyin=name_pinyin,
        name_initials=name_initials,
    )
    return values


def _ids_by_hash(hashes: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(hashes), 500):
        rows = Member.objects.filter(id_number_hash__in=hashes[start : start + 500])
        found.update((h, pk) for h, pk in rows.values_list("id_number_hash", "pk") if h)
    return found


@transaction.atomic
def insert_new_members(
    *, actor: Any, items: Sequence[NewMember], reason: str, batch: ImportBatch
) -> list[int]:
    """Insert inputs that ``check_new_members`` passed: members, first periods, 建档 events.

    Returns the new members' ids, in the order of ``items``.
    """
    now = timezone.now()
    stamps = {"created_at": now, "updated_at": now, "status": Status.NORMAL.value}
    RowInserter(Member, stamps).insert(_member_values(item) for item in items)
    ids = _ids_by_hash([item.id_hash for item in items])
    member_ids = [ids[item.id_hash] for item in items]
    user_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    starts = [item.data.joined_on or today() for item in items]
    RowInserter(MemberPeriod, {"status": Status.NORMAL.value}).insert(
        {"member_id": pk, "organization_id": item.data.organization_id,
         "stage": item.data.stage, "valid_from": start}
        for pk, item, start in zip(member_ids, items, starts, strict=True)
    )  # fmt: skip
    fixed: dict[str, Any] = {"kind": EventKind.CREATED.value, "changes": {}, "reason": reason[:300],
             "actor_id": user_id, "recorded_at": now}  # fmt: skip
    RowInserter(MemberEvent, fixed).insert(
        {"member_id": pk, "effective_on": start}
        for pk, start in zip(member_ids, starts, strict=True)
    )  # fmt: skip
    after = {"count": len(member_ids), "first_id": member_ids[0] if member_ids else None}
    audit(actor=actor, action="member.import", obj=batch, after=after, detail=reason)
    return member_ids


@transaction.atomic
def member_bulk_create(
    *, actor: Any, items: Sequence[NewMember], reason: str, batch: ImportBatch
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
