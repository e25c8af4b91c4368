"""Numbers as people type them, at every door: the member list and the API search, the member
form, the API's create and update, the member import's cells and the payroll import's matching
all read an ID or phone number through ``rules.idcard.normalize_id_number`` /
``rules.numbers``. Partial ID search (the last 4 or 6 characters) stays within the asker's
scope; names with invisible characters are refused naming the field."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dangjian.core import crypto
from dangjian.dues.models import DuesBase
from dangjian.dues.payroll_import import payroll_import, payroll_mapping_save
from dangjian.members.excel.cells import read_id_number
from dangjian.members.models import Member
from dangjian.members.selectors import MemberFilters, member_search
from dangjian.orgs.models import Organization
from dangjian.rules.idcard import make_id_number
from tests.factories import make_member

JSON = "application/json"
BIRTH = date(1985, 3, 1)


def _x_number(birth: date = BIRTH) -> str:
    """A valid woman's number ending in X: the case a lower-case x tests."""
    for seq in range(499):
        number = make_id_number("110101", birth, seq, "F")
        if number.endswith("X"):
            return number
    raise AssertionError("no number ending in X")


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def typed_forms(number: str) -> list[str]:
    """The ways people type one number: full-width, lower-case x, in groups, dashed."""
    return [
        full_width(number),
        full_width(number.lower()),
        number.lower(),
        f"{number[:6]} {number[6:14]} {number[14:]}",
        f"{number[:6]}-{number[6:14]}-{number[14:].lower()}",
    ]


@pytest.fixture
def member_x(enterprise: Any) -> Member:
    return make_member(
        enterprise.branch_a, name="钱七", birth_date=BIRTH, gender="F", id_number=_x_number()
    )


def _names(response: Any) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["name"] for item in response.json()["items"]}


# --- search: the list page and the API ---------------------------------------------------------


@pytest.mark.parametrize("form", range(5))
def test_the_list_page_finds_an_id_number_however_typed(
    login: Any, sysadmin: Any, member_x: Member, member_b: Member, form: int
) -> None:
    typed = typed_forms(member_x.id_number or "")[form]
    body = login(sysadmin).get(reverse("members:list"), {"q": typed}).content.decode()
    assert reverse("members:detail", args=[member_x.pk]) in body
    assert reverse("members:detail", args=[member_b.pk]) not in body


@pytest.mark.parametrize("form", range(5))
def test_the_api_search_finds_an_id_number_however_typed(
    login: Any, sysadmin: Any, member_x: Member, member_b: Member, form: int
) -> None:
    typed = typed_forms(member_x.id_number or "")[form]
    assert _names(login(sysadmin).get("/api/members", {"q": typed})) == {"钱七"}


@pytest.mark.parametrize(
    "typed", ["0531 8812 3456", "(0531)88123456", "０５３１－８８１２３４５６", "053188123456"]
)
def test_a_phone_number_finds_its_member(
    login: Any, sysadmin: Any, enterprise: Any, member_b: Member, typed: str
) -> None:
    make_member(enterprise.branch_a, name="孙八", phone="0531-88123456")
    assert _names(login(sysadmin).get("/api/members", {"q": typed})) == {"孙八"}
    mobile = full_width(member_b.phone or "")
    assert _names(login(sysadmin).get("/api/members", {"q": mobile})) == {"李四"}


# --- partial ID search ---------------------------------------------------------------------------


def _search(user: Any, typed: str) -> set[str]:
    return {m.name for m in member_search(user, MemberFilters(q=typed), date(2026, 1, 1))}


def test_the_last_four_or_six_characters_find_the_member(sysadmin: Any, member_x: Member) -> None:
    number = member_x.id_number or ""
    for typed in (number[-4:], number[-4:].lower(), number[-6:], full_width(number[-6:].lower())):
        assert _search(sysadmin, typed) == {"钱七"}, typed
    assert _search(sysadmin, number[-5:]) == set()  # only 4 or 6: 5 reads as nothing


def test_partial_id_search_stays_within_the_askers_scope(
    secretary_a: Any, org_admin_general: Any, member_a: Member, member_b: Member
) -> None:
    """A secretary of branch A finds his member by her last 4 digits, and nobody of branch B
    by theirs; the administrator of both branches finds both."""
    tail_a, tail_b = (member_a.id_number or "")[-4:], (member_b.id_number or "")[-6:]
    assert _search(secretary_a, tail_a) == {"张三"}
    assert _search(secretary_a, tail_b) == set()
    assert _search(org_admin_general, tail_b) == {"李四"}


def test_members_sharing_a_tail_are_all_found(sysadmin: Any, enterprise: Any) -> None:
    """Two people born on different days with the same last four characters (sequence code and
    check character): the last 4 find both, the last 6 (with the day of birth) one."""
    first = make_id_number("110101", date(1980, 5, 1), 7, "M")
    births = (date(1980, 5, 1) + timedelta(days=d) for d in range(1, 400))
    second_birth = next(b for b in births if make_id_number("110101", b, 7, "M")[-4:] == first[-4:])
    second = make_id_number("110101", second_birth, 7, "M")
    for name, birth, number in (
        ("同尾甲", date(1980, 5, 1), first),
        ("同尾乙", second_birth, second),
    ):
        make_member(enterprise.branch_a, name=name, birth_date=birth, gender="M", id_number=number)
    assert _search(sysadmin, first[-4:]) == {"同尾甲", "同尾乙"}
    assert _search(sysadmin, second[-6:]) == {"同尾乙"}


def test_no_tail_is_stored_in_clear(member_x: Member) -> None:
    """Stored: the keyed hashes only. The columns hold 64 hexadecimal characters that differ
    from the hash of the same characters under the whole-number lookup key."""
    number = member_x.id_number or ""
    tails = Member.objects.values_list("id_tail4_hash", "id_tail6_hash").get(pk=member_x.pk)
    assert tails == (crypto.id_tail_hash(number[-4:]), crypto.id_tail_hash(number[-6:]))
    for value in tails:
        assert value is not None and len(value) == 64
        assert number[-4:] not in value  # the tail ends in X: never a hexadecimal digit
        assert value != crypto.lookup_hash(number[-4:])
        assert value != crypto.lookup_hash(number[-6:])


def test_partial_id_search_uses_its_index(sysadmin: Any, member_x: Member) -> None:
    """The search asks for the tail hash, and a lookup by tail hash is served by its index.
    (Which index the planner prefers for the whole search on a table of a few rows is its own
    affair: statistics left by other tests change it.)"""
    tail = (member_x.id_number or "")[-4:]
    search = member_search(sysadmin, MemberFilters(q=tail), BIRTH)
    assert "id_tail4_hash" in str(search.query)
    lookup = Member.objects.filter(id_tail4_hash=crypto.id_tail_hash(tail))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # a few rows: ask whether the index can serve
            cursor.execute("SET LOCAL enable_seqscan = off")
    assert "member_id_tail4_hash" in lookup.explain()


# --- the member form and the API's create and update ------------------------------------------


def _form(org: Organization, **values: Any) -> dict[str, Any]:
    joined = timezone.localdate() - timedelta(days=400)
    return {
        "name": "周九", "gender": "F", "ethnicity": "汉族", "birth_date": BIRTH.isoformat(),
        "education": "bachelor", "occupation": "professional", "stage": "full",
        "dues_category": "salaried", "organization_id": org.pk, "joined_on": joined.isoformat(),
        "confirmed_on": (joined + timedelta(days=366)).isoformat(), **values,
    }  # fmt: skip


@pytest.mark.parametrize("form", range(5))
def test_the_member_form_stores_the_canonical_numbers(
    login: Any, secretary_a: Any, enterprise: Any, form: int
) -> None:
    number = _x_number()
    typed = typed_forms(number)[form]
    data = _form(enterprise.branch_a, id_number=typed, phone="(0531) 8812 3456 转 801")
    response = login(secretary_a).post(reverse("members:create"), data)
    assert response.status_code == 302, response.content.decode()
    member = Member.objects.get(name="周九")
    assert (member.id_number, member.phone) == (number, "0531-88123456-801")
    assert member.id_number_hash == crypto.lookup_hash(number)
    assert member.phone_hash == crypto.lookup_hash("0531-88123456-801")


def test_the_member_form_names_a_bad_phone(login: Any, secretary_a: Any, enterprise: Any) -> None:
    data = _form(enterprise.branch_a, id_number=_x_number(), phone="8812 3456")
    body = login(secretary_a).post(reverse("members:create"), data).content.decode()
    assert "手机号码“8812 3456”缺少区号" in body
    assert not Member.objects.filter(name="周九").exists()


def _payload(org: Organization, **values: Any) -> dict[str, Any]:
    data = _form(org, **values)
    data.pop("ethnicity")
    return data


def test_the_api_creates_and_updates_with_numbers_as_typed(
    login: Any, secretary_a: Any, enterprise: Any
) -> None:
    number = _x_number()
    client: Client = login(secretary_a)
    payload = _payload(
        enterprise.branch_a, id_number=typed_forms(number)[4], phone="+86 138 1234 5678"
    )
    response = client.post("/api/members", payload, content_type=JSON)
    assert response.status_code == 201, response.content
    member = Member.objects.get(pk=response.json()["id"])
    assert (member.id_number, member.phone) == (number, "13812345678")
    patch = {"id_number": typed_forms(number)[1], "phone": "０５３１-８８１２３４５６"}
    response = client.patch(f"/api/members/{member.pk}", patch, content_type=JSON)
    assert response.status_code == 200, response.content
    member.refresh_from_db()
    assert (member.id_number, member.phone) == (number, "0531-88123456")
    assert _names(client.get("/api/members", {"q": "0531 88123456"})) == {"周九"}


def test_the_api_refuses_a_phone_naming_the_field(
    login: Any, secretary_a: Any, enterprise: Any
) -> None:
    payload = _payload(enterprise.branch_a, id_number=_x_number(), phone="0531-881")
    response = login(secretary_a).post("/api/members", payload, content_type=JSON)
    assert response.status_code == 422, response.content
    [error] = response.json()["errors"]
    assert error["field"] == "phone" and "区号0531后应有7至8位号码" in error["message"]


# --- the imports ---------------------------------------------------------------------------------


@pytest.mark.parametrize("form", range(5))
def test_the_member_import_reads_an_id_cell_as_every_door(form: int) -> None:
    number = _x_number()
    assert read_id_number(typed_forms(number)[form]) == number


def _payroll(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "公民身份号码", "月份", "基本工资"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("form", range(5))
def test_the_payroll_import_matches_an_id_number_however_typed(
    secretary_a: Any, member_x: Member, form: int
) -> None:
    payroll_mapping_save(actor=secretary_a, mapping={"基本工资": "basic_wage"})
    typed = typed_forms(member_x.id_number or "")[form]
    report = payroll_import(actor=secretary_a, source=_payroll([["钱七", typed, "2024-01", 4000]]))
    assert report.committed, [p.reason for p in report.problems]
    assert DuesBase.objects.filter(member=member_x, month="2024-01-01").exists()


def test_a_record_without_a_phone_is_still_changed(
    login: Any, sysadmin: Any, enterprise: Any, member_a: Member
) -> None:
    """A stored record without a phone number (None) goes through the same phone check when
    it is changed: no phone is no error."""
    Member.objects.filter(pk=member_a.pk).update(phone=None, phone_hash=None)
    change = {"effective_on": "2020-01-01", "reason": "困难党员认定", "in_difficulty": True}
    response = login(sysadmin).post(
        f"/api/members/{member_a.pk}/changes", change, content_type=JSON
    )
    assert response.status_code == 200, response.content
    member_a.refresh_from_db()
    assert member_a.in_difficulty and member_a.phone is None


def test_a_roster_row_with_the_phone_typed_otherwise_is_unchanged(
    enterprise: Any, org_admin_general: Any
) -> None:
    """The import compares a row with the archive by the numbers' canonical forms: the same
    landline typed with spaces and brackets is no change."""
    from dangjian.members.excel import Outcome
    from tests.test_excel_import import member_row, run

    run(org_admin_general, [member_row(enterprise.branch_a, 手机号码="0531-88123456")])
    again = member_row(enterprise.branch_a, 手机号码="（0531） 8812 3456")
    first = Member.objects.get()
    again.update(
        {"姓名": first.name, "出生日期": first.birth_date, "公民身份号码": first.id_number}
    )
    report = run(org_admin_general, [again])
    assert [r.outcome for r in report.rows] == [Outcome.UNCHANGED]


@pytest.mark.parametrize("bulk", [True, False])
def test_every_writer_of_members_derives_the_same_search_keys(db: None, bulk: bool) -> None:
    """The demo loader's bulk path writes members without the services: its members carry
    the same name keys and tail hashes as ``member_create`` derives."""
    from dangjian.demo import load_demo
    from dangjian.members.models import MemberNameKey
    from dangjian.members.pinyin import name_search_keys

    load_demo(members=60, organisations=12, seed=4, bulk=bulk)
    members = list(Member.objects.all())
    assert members
    for member in members:
        keys = set(MemberNameKey.objects.filter(member=member).values_list("key", flat=True))
        assert keys == set(name_search_keys(member.name)), member.name
        number = member.id_number or ""
        assert member.id_tail4_hash == crypto.id_tail_hash(number[-4:])
        assert member.id_tail6_hash == crypto.id_tail_hash(number[-6:])
