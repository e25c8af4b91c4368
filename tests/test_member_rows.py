"""One builder of a member's input and one of its stored columns, whichever door writes it."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from types import SimpleNamespace

from dangjian.core import crypto
from dangjian.members.derived import derived_columns
from dangjian.members.excel.bulk import ImportBatch, NewMember, insert_new_members
from dangjian.members.inputs import member_input_from
from dangjian.members.models import Member
from dangjian.members.pinyin import pinyin_keys
from dangjian.members.services import member_create
from dangjian.rules.idcard import make_id_number
from tests.factories import member_input


def test_a_row_of_values_becomes_an_input_with_blank_texts_as_empty(
    enterprise: SimpleNamespace,
) -> None:
    values = asdict(member_input(enterprise.branch_a))
    values.update(phone=" 139 1234 5678 ", native_place=None, address="  济南市  ", id_number=" X ")
    data = member_input_from(values)
    assert data.phone == "139 1234 5678"  # as typed: the service stores the canonical form
    assert data.native_place == ""
    assert data.address == "济南市"
    assert data.id_number == "X"


def test_numbers_are_stored_in_canonical_form_with_their_hashes() -> None:
    number = make_id_number("110101", date(1985, 3, 1), 12, "M")
    typed = " " + number[:6] + " " + number[6:].lower()
    keys = derived_columns(name="张靓雯", id_number=typed, phone="139 0000 1111")
    assert keys.id_number == number.upper()
    assert keys.id_number_hash == crypto.lookup_hash(number.upper())
    assert keys.phone == "13900001111"
    assert keys.phone_hash == crypto.lookup_hash("13900001111")
    assert (keys.name_pinyin, keys.name_initials) == pinyin_keys("张靓雯")


def test_no_phone_has_no_lookup_hash() -> None:
    keys = derived_columns(name="李四", id_number="", phone="")
    assert keys.phone_hash is None and keys.id_number_hash is None


def test_a_member_from_a_form_and_from_a_file_are_stored_alike(
    enterprise: SimpleNamespace,
) -> None:
    by_form = member_create(actor=None, data=member_input(enterprise.branch_a, name="张靓雯"))
    from_file = member_input(enterprise.branch_a, name="张靓雯")
    id_hash = crypto.lookup_hash(from_file.id_number)
    batch = ImportBatch("roster", "名册.xlsx")
    [new_id] = insert_new_members(
        actor=None, items=[NewMember(from_file, id_hash)], reason="导入", batch=batch
    )
    imported = Member.objects.get(pk=new_id)
    by_form.refresh_from_db()
    for column in ("name_pinyin", "name_initials"):
        assert getattr(imported, column) == getattr(by_form, column)
    assert imported.id_number_hash == crypto.lookup_hash(imported.id_number or "")
    assert imported.phone_hash == crypto.lookup_hash(imported.phone or "")
    assert by_form.phone_hash == crypto.lookup_hash(by_form.phone or "")
