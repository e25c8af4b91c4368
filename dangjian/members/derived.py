"""What the archive stores beside a member's input: the numbers in their canonical form, their
lookup hashes and the pinyin keys of the name.

One builder for every way a member row is written: the services (the form and the API), the
import's set-based insert and the demo's bulk loader, so a number typed in a form, read from a
file or generated for the demo is stored and found the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from dangjian.core import crypto
from dangjian.members.pinyin import pinyin_keys
from dangjian.rules.idcard import IdNumberError, parse_id_number
from dangjian.rules.numbers import phone_as_stored

# Names repeat across a large roster or demo; their pinyin keys are worth keeping.
_name_keys = lru_cache(maxsize=300_000)(pinyin_keys)


@dataclass(frozen=True, slots=True)
class DerivedColumns:
    """The stored columns a member's name, ID number and phone number give."""

    id_number: str  # canonical: 18 characters, upper-case X, no spaces
    id_number_hash: str | None  # HMAC-SM3 lookup hash (hex), None without a number
    id_tail4_hash: str | None  # keyed hashes of the last 4 and 6 characters (partial search)
    id_tail6_hash: str | None
    phone: str  # canonical (rules.numbers.normalize_phone) when valid
    phone_hash: str | None
    name_pinyin: str  # see members.pinyin.pinyin_keys
    name_initials: str


def derived_columns(
    *, name: str, id_number: str, phone: str, id_number_hash: str | None = None
) -> DerivedColumns:
    """The derived columns of one member. Never raises.

    ``id_number_hash`` may be passed when the caller computed it already (an import hashes
    every number once to find duplicates); it must be the hash of the canonical number.
    An ID number that does not parse is kept trimmed (validation refuses it before a write), and
    so is a phone number. Name search keys (several readings per name) are rows of their own:
    ``members.search_keys``.
    """
    number = _canonical_id_number(id_number)
    phone = phone_as_stored(phone)
    pinyin, initials = _name_keys(name)
    if id_number_hash is None and number:
        id_number_hash = crypto.lookup_hash(number)
    tail4, tail6 = crypto.id_tail_hashes(number) if number else (None, None)
    phone_hash = crypto.lookup_hash(phone) if phone else None
    return DerivedColumns(number, id_number_hash, tail4, tail6, phone, phone_hash, pinyin, initials)


def _canonical_id_number(raw: str) -> str:
    try:
        return parse_id_number(raw).value
    except IdNumberError:
        return raw.strip()
