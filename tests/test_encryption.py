"""Personal data at rest: SM4-GCM ciphertext in the database, HMAC-SM3 look-ups."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.db import connection

from dangjian.core import crypto
from dangjian.members.models import Member
from dangjian.members.selectors import MemberFilters, member_search


def test_database_holds_no_id_number_in_clear(
    enterprise: SimpleNamespace, member_a: Member
) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, id_number_hash FROM members_member WHERE id = %s",
            [member_a.pk],
        )
        id_cipher, phone_cipher, id_hash = cursor.fetchone()
    raw = bytes(id_cipher)
    assert member_a.id_number is not None and member_a.phone is not None
    assert member_a.id_number.encode() not in raw
    assert member_a.phone.encode() not in bytes(phone_cipher)
    assert member_a.id_number not in id_hash
    assert Member.objects.get(pk=member_a.pk).id_number == member_a.id_number


@pytest.mark.django_db(transaction=True)
def test_stored_data_holds_no_id_number_in_clear(tmp_path: Path) -> None:
    """SQLite: the whole database file, read as bytes. PostgreSQL: the table as COPY dumps it."""
    from tests.factories import make_member, make_org

    branch = make_org("加密测试支部", "branch", make_org("加密测试党委", "committee"))
    member = make_member(branch)
    blob = _sqlite_bytes(tmp_path) if connection.vendor == "sqlite" else _postgres_dump()
    assert member.name.encode() in blob  # the dump really holds the data
    assert member.id_number is not None and member.phone is not None
    assert member.id_number.encode() not in blob
    assert member.phone.encode() not in blob


def _sqlite_bytes(tmp_path: Path) -> bytes:
    target = tmp_path / "copy.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(FULL)")
        cursor.execute("VACUUM INTO %s", [str(target)])
    return target.read_bytes()


def _postgres_dump() -> bytes:
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy("COPY members_member TO STDOUT") as copy,
    ):
        return b"".join(bytes(block) for block in copy)


def test_same_value_encrypts_differently_each_time(db: None) -> None:
    assert crypto.encrypt("110101199003074573") != crypto.encrypt("110101199003074573")
    assert crypto.decrypt(crypto.encrypt("一段中文")) == "一段中文"


def test_tampered_ciphertext_is_rejected(db: None) -> None:
    from cryptography.exceptions import InvalidTag

    token = bytearray(crypto.encrypt("110101199003074573"))
    token[-1] ^= 1
    with pytest.raises(InvalidTag):
        crypto.decrypt(bytes(token))


def test_search_by_whole_id_number_uses_the_lookup_hash(
    enterprise: SimpleNamespace, member_a: Member, member_b: Member, sysadmin: User
) -> None:
    assert member_a.id_number is not None
    found = member_search(sysadmin, MemberFilters(q=member_a.id_number), member_a.birth_date)
    assert list(found) == [member_a]
    assert crypto.lookup_hash(member_a.id_number.lower()) == member_a.id_number_hash


def test_lookup_hash_is_hmac_sm3_under_the_lookup_key(db: None) -> None:
    """Whichever implementation computes it, the hash is HMAC-SM3 of the folded value."""
    _, mac_key = crypto._keys()
    expected = crypto._hmac_sm3(mac_key, b"11010119900307451X").hex()
    assert crypto.lookup_hash(" 11010119900307451x ") == expected
    assert crypto.lookup_hash("13900000000") != crypto.lookup_hash("13900000001")
