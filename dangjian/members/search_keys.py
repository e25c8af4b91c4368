"""What a member is found by, derived from the record by every writer of members.

``member_create`` / ``member_update``, the bulk import and the demo loader all derive the same
columns here: the ID number's lookup hash and tail hashes, the phone's lookup hash, the name's
sort keys and its search keys (one ``MemberNameKey`` row per pinyin key).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dangjian.core import crypto
from dangjian.core.rawinsert import write_rows
from dangjian.members.models import Member, MemberNameKey
from dangjian.members.pinyin import name_search_keys


@dataclass(frozen=True)
class NumberHashes:
    """The keyed hashes stored beside a member's encrypted numbers (hex; None: no number)."""

    id_number_hash: str | None
    id_tail4_hash: str | None
    id_tail6_hash: str | None
    phone_hash: str | None


def number_hashes(id_number: str | None, phone: str | None) -> NumberHashes:
    """The hashes of a canonical ID number and phone number (as ``normalize_id_number`` and
    ``normalize_phone`` give them)."""
    tails = crypto.id_tail_hashes(id_number) if id_number else (None, None)
    return NumberHashes(
        id_number_hash=crypto.lookup_hash(id_number) if id_number else None,
        id_tail4_hash=tails[0],
        id_tail6_hash=tails[1],
        phone_hash=crypto.lookup_hash(phone) if phone else None,
    )


def set_number_hashes(member: Member) -> None:
    """Fill ``member``'s hash columns from its (canonical) numbers, before it is saved."""
    hashes = number_hashes(member.id_number, member.phone)
    member.id_number_hash = hashes.id_number_hash
    member.id_tail4_hash, member.id_tail6_hash = hashes.id_tail4_hash, hashes.id_tail6_hash
    member.phone_hash = hashes.phone_hash


def name_keys_replace(member: Member) -> None:
    """Store the search keys of ``member``'s current name (after a create or a rename)."""
    keys = name_search_keys(member.name)
    MemberNameKey.objects.filter(member=member).exclude(key__in=keys).delete()
    stored = set(MemberNameKey.objects.filter(member=member).values_list("key", flat=True))
    MemberNameKey.objects.bulk_create(
        [MemberNameKey(member=member, key=k) for k in keys if k not in stored]
    )


def name_keys_insert(members: Iterable[tuple[int, str]]) -> int:
    """Insert the search keys of new members given as (id, name), in one statement stream
    (imports and the demo loader). Returns the number of keys."""
    rows = ((pk, key) for pk, name in members for key in name_search_keys(name))
    table = str(MemberNameKey._meta.db_table)
    return write_rows(table, ["member_id", "key"], rows)
