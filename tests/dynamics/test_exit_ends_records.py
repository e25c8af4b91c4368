"""An exit ends the member's open floating and lost-contact records on the exit day (MEM-8), the
registers stop listing them through every door, the home cards count those registers (not the
archive's flags), and a lost-contact record waits for an open transfer to be withdrawn (MEM-2).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from dangjian.core.errors import Conflict
from dangjian.dynamics.due import dynamics_due_items
from dangjian.dynamics.floating import FloatingInput, floating_record
from dangjian.dynamics.models import FloatingRecord
from dangjian.dynamics.services import member_transfer_start
from dangjian.dynamics.standing import DecisionInput, lost_contact_open, member_exit
from dangjian.dynamics.standing_models import LostContact
from dangjian.home.cards import attention_items
from dangjian.members.models import Member
from tests.factories import make_member

TODAY = timezone.localdate()
JSON = "application/json"


def _decision(day: date) -> DecisionInput:
    return DecisionInput(decided_on=day, deciding_org="一支部", reason="因病去世")


def _float_and_lose(actor: User | None, member: Member) -> tuple[FloatingRecord, LostContact]:
    since = TODAY - timedelta(days=60)
    floating = floating_record(actor=actor, data=FloatingInput(
        direction="out", place="深圳", since=since, member_id=member.pk, contact="13812345678"))  # fmt: skip
    # Both open at once only in data kept from before the platform refused it (MEM-3/MEM-4).
    lost = LostContact.objects.create(member=member, organization_id=member.organization_id,
                                      lost_since=since + timedelta(days=5))  # fmt: skip
    Member.objects.filter(pk=member.pk).update(lost_contact_since=lost.lost_since)
    return floating, lost


@pytest.mark.parametrize("kind", ["death", "withdrawal", "expulsion"])
def test_an_exit_ends_the_open_records_on_its_day(
    secretary_a: User, member_a: Member, kind: str
) -> None:
    """MEM-8: the member leaves every current register from the exit day."""
    floating, lost = _float_and_lose(secretary_a, member_a)
    exit_day = TODAY - timedelta(days=3)
    member_exit(actor=secretary_a, member_id=member_a.pk, kind=kind, data=_decision(exit_day))
    floating.refresh_from_db()
    lost.refresh_from_db()
    member_a.refresh_from_db()
    assert floating.returned_on == exit_day
    assert lost.found_on == exit_day and "结束" in lost.found_note
    assert (member_a.is_floating, member_a.floating_to, member_a.lost_contact_since) == (
        False, "", None)  # fmt: skip
    event = member_a.events.order_by("-id").first()
    assert event is not None and "is_floating" in event.changes and "因病去世" in event.reason


def test_an_exit_before_the_record_began_ends_it_on_its_first_day(
    secretary_a: User, member_a: Member
) -> None:
    floating, lost = _float_and_lose(secretary_a, member_a)
    member_exit(actor=secretary_a, member_id=member_a.pk, kind="death",
                data=_decision(TODAY - timedelta(days=90)))  # fmt: skip
    floating.refresh_from_db()
    lost.refresh_from_db()
    assert floating.returned_on == floating.since
    assert lost.found_on == lost.lost_since


def test_the_registers_at_every_door_drop_the_member_who_left(
    secretary_a: User, member_a: Member, login: Callable[[User], Client]
) -> None:
    _float_and_lose(secretary_a, member_a)
    client = login(secretary_a)
    assert client.get("/api/dynamics/floating").json()["count"] == 1
    member_exit(actor=secretary_a, member_id=member_a.pk, kind="death", data=_decision(TODAY))
    assert client.get("/api/dynamics/floating").json()["count"] == 0
    page = client.get("/dynamics/floating/")
    assert page.context["outflow"] == []
    assert client.get("/dynamics/lost/").context["open_rows"] == []
    keys = {item.key for item in dynamics_due_items(secretary_a, TODAY)}
    assert not keys & {"dynamics.floating", "dynamics.lost_contact"}


def test_an_older_open_record_of_a_member_who_left_is_not_listed(
    secretary_a: User, member_a: Member, login: Callable[[User], Client]
) -> None:
    """Data from before exits ended records: the register filters on the standing too."""
    floating, _ = _float_and_lose(secretary_a, member_a)
    Member.objects.filter(pk=member_a.pk).update(status="deceased")
    client = login(secretary_a)
    assert client.get("/api/dynamics/floating").json()["count"] == 0
    assert client.get("/dynamics/floating/").context["outflow"] == []
    assert FloatingRecord.objects.get(pk=floating.pk).returned_on is None


def test_the_cards_count_the_registers_not_the_archive_flags(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    """Flags set on the archive without a record (older data) are not counted; records are."""
    make_member(enterprise.branch_a, is_floating=True, floating_to="广州")
    make_member(enterprise.branch_a, lost_contact_since=date(2023, 1, 1))
    assert not {i.key for i in attention_items(secretary_a, TODAY)} & {
        "members.floating", "members.lost_contact", "dynamics.floating", "dynamics.lost_contact"}  # fmt: skip
    _float_and_lose(secretary_a, member_a)
    cards = {i.key: i for i in attention_items(secretary_a, TODAY)}
    client = login(secretary_a)
    floating_page = client.get(cards["dynamics.floating"].url).context
    assert cards["dynamics.floating"].count == 1
    assert cards["dynamics.floating"].count == len(floating_page["outflow"]) + len(
        floating_page["inflow"])  # fmt: skip
    lost_page = client.get(cards["dynamics.lost_contact"].url).context
    assert cards["dynamics.lost_contact"].count == len(lost_page["open_rows"]) == 1


def test_lost_contact_is_refused_while_a_transfer_is_open(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    member_transfer_start(actor=secretary_a, member_id=member_a.pk,
                          to_org_id=enterprise.branch_b.pk, effective_on=TODAY, reason="工作调动")  # fmt: skip
    with pytest.raises(Conflict, match="正在办理的组织关系转接"):
        lost_contact_open(actor=secretary_a, member_id=member_a.pk, lost_since=TODAY)
    answer = login(secretary_a).post(
        "/api/dynamics/lost-contacts",
        {"member_id": member_a.pk, "lost_since": TODAY.isoformat()}, content_type=JSON,
    )  # fmt: skip
    assert answer.status_code == 409 and "请先撤销转接" in answer.json()["detail"]
    assert not LostContact.objects.exists()
