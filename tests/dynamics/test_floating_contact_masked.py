"""A floating record's contact phone is masked as a member's phone is: in full only to grants
that may reveal numbers over the branch (and to the member themself), at every door."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from dangjian.dynamics.display import contact_shown
from dangjian.dynamics.floating import FloatingInput, floating_record
from dangjian.dynamics.models import FloatingRecord
from dangjian.members.models import Member
from dangjian.rules.idcard import mask_phones_in

PHONE = "13812345678"
MASKED = "138****5678"


def test_phones_in_free_text_are_masked_and_the_words_kept() -> None:
    assert mask_phones_in(f"微信同号{PHONE}") == f"微信同号{MASKED}"
    assert mask_phones_in("138 1234 5678，0755-12345678") == f"{MASKED}，075*****5678"
    assert mask_phones_in("2024年5月起在深圳3号厂") == "2024年5月起在深圳3号厂"


def _record(secretary: User, member: Member) -> FloatingRecord:
    return floating_record(actor=secretary, data=FloatingInput(
        direction="out", place="深圳", since=timezone.localdate() - timedelta(days=30),
        member_id=member.pk, contact=f"手机{PHONE}"))  # fmt: skip


def _exported_contacts(client: Client) -> list[str]:
    response = client.get("/dynamics/floating/export.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(book["流出党员"].iter_rows(values_only=True))
    column = next(r for r in rows if r and "联系方式" in r).index("联系方式")
    return [str(r[column]) for r in rows if r and r[0] == "张三"]


def test_a_secretary_reads_the_masked_phone_at_every_door(
    secretary_a: User, member_a: Member, login: Callable[[User], Client]
) -> None:
    record = _record(secretary_a, member_a)
    client = login(secretary_a)
    assert client.get("/api/dynamics/floating").json()["items"][0]["contact"] == f"手机{MASKED}"
    assert client.get(f"/api/dynamics/floating/{record.pk}").json()["contact"] == f"手机{MASKED}"
    assert _exported_contacts(client) == [f"手机{MASKED}"]
    for url in ("/dynamics/floating/", f"/dynamics/floating/{record.pk}/"):
        page = client.get(url).content.decode()
        assert MASKED in page and PHONE not in page


def test_a_grant_that_may_reveal_reads_it_in_full(
    secretary_a: User, sysadmin: User, member_a: Member, login: Callable[[User], Client]
) -> None:
    record = _record(secretary_a, member_a)
    client = login(sysadmin)
    assert client.get(f"/api/dynamics/floating/{record.pk}").json()["contact"] == f"手机{PHONE}"
    assert _exported_contacts(client) == [f"手机{PHONE}"]
    assert contact_shown(sysadmin, record) == f"手机{PHONE}"
