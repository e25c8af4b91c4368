"""A floating record's contact phone is written as the archive writes phones (``parse_phone``):
"+86 139 1234 5678" is stored 13912345678 and masked 139****5678 at every door, also for a
record kept from before."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from dangjian.dynamics.floating import FloatingInput, floating_record
from dangjian.dynamics.models import FloatingRecord
from dangjian.members.models import Member
from dangjian.rules.numbers import normalise_phones_in

TYPED = "+86 139 1234 5678"


def test_numbers_in_text_are_written_canonically_and_words_kept() -> None:
    assert normalise_phones_in(TYPED) == "13912345678"
    assert normalise_phones_in(f"手机 {TYPED}，座机 0531-88123456") == (
        "手机 13912345678，座机 0531-88123456")  # fmt: skip
    assert normalise_phones_in("活动证LD001，2024年5月起") == "活动证LD001，2024年5月起"


def test_the_contact_is_stored_normalised_and_masked_at_every_door(
    secretary_a: User, member_a: Member, login: Callable[[User], Client]
) -> None:
    record = floating_record(actor=secretary_a, data=FloatingInput(
        direction="out", place="深圳", since=timezone.localdate() - timedelta(days=30),
        member_id=member_a.pk, contact=TYPED))  # fmt: skip
    assert record.contact == "13912345678"
    client = login(secretary_a)
    assert client.get(f"/api/dynamics/floating/{record.pk}").json()["contact"] == "139****5678"
    # A record kept as typed before: masked as the number it is.
    FloatingRecord.objects.filter(pk=record.pk).update(contact=f"手机{TYPED}")
    assert client.get(f"/api/dynamics/floating/{record.pk}").json()["contact"] == "手机139****5678"
    page = client.get(f"/dynamics/floating/{record.pk}/").content.decode()
    assert "139****5678" in page and "861*" not in page
