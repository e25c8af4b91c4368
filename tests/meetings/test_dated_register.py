"""Who should attend a meeting on a past day follows the dated 失联 and 流出 records open that
day (MEM-4, MEM-3), not the archive's flag of the day the record was entered."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from dangjian.dynamics.floating import FloatingInput, floating_record, floating_return
from dangjian.dynamics.standing import lost_contact_found, lost_contact_open
from dangjian.meetings.selectors import attendees, floating_reason
from dangjian.members.models import Member
from tests.factories import make_member
from tests.meetings.test_services import plan

TODAY = timezone.localdate()
START = TODAY - timedelta(days=200)
END = TODAY - timedelta(days=60)


@pytest.fixture
def pair(enterprise: SimpleNamespace) -> tuple[Member, Member]:
    """Two members of 一支部 besides its others: one to be lost, one to float away."""
    return (make_member(enterprise.branch_a, name="王丹"),
            make_member(enterprise.branch_a, name="白鑫阳"))  # fmt: skip


# (day of the meeting, whether the record is open that day)
DAYS = [
    (START - timedelta(days=1), False),
    (START, True),
    (START + timedelta(days=30), True),
    (END - timedelta(days=1), True),
    (END, False),
    (END + timedelta(days=10), False),
]


@pytest.mark.parametrize(("day", "open_then"), DAYS)
def test_lost_contact_counts_from_its_start_to_its_end(
    enterprise: SimpleNamespace, secretary_a: User, pair: tuple[Member, Member],
    day: date, open_then: bool,
) -> None:  # fmt: skip
    """A member lost from START until found on END is left out of should-attend and the voting
    base on exactly those days, with the date they were lost; before and after, counted."""
    lost = pair[0]
    record = lost_contact_open(actor=secretary_a, member_id=lost.pk, lost_since=START)
    lost_contact_found(actor=secretary_a, record_id=record.pk, found_on=END, note="本人来电")
    register = attendees(plan(secretary_a, enterprise.branch_a.pk, day))
    entry = register.entry(lost.pk)
    assert entry is not None
    assert entry.should_attend is not open_then
    assert entry.may_vote is not open_then
    if open_then:
        assert "失联党员" in entry.attendance_label
        assert f"{START.year}年" in entry.attendance_label


def test_a_member_still_lost_is_left_out_of_a_past_meeting(
    enterprise: SimpleNamespace, secretary_a: User, pair: tuple[Member, Member]
) -> None:
    """Lost since START and not found: every meeting from START on leaves them out, not only
    those from the day the record was entered."""
    lost = pair[0]
    lost_contact_open(actor=secretary_a, member_id=lost.pk, lost_since=START)
    for day, expected in ((START - timedelta(days=1), True), (START + timedelta(days=1), False),
                          (TODAY - timedelta(days=1), False)):  # fmt: skip
        entry = attendees(plan(secretary_a, enterprise.branch_a.pk, day)).entry(lost.pk)
        assert entry is not None and entry.should_attend is expected, day


@pytest.mark.parametrize(("day", "open_then"), DAYS)
def test_an_outflow_is_listed_apart_from_its_start_to_its_return(
    enterprise: SimpleNamespace, secretary_a: User, pair: tuple[Member, Member],
    day: date, open_then: bool,
) -> None:  # fmt: skip
    """MEM-3: floating from START until the return on END, the member is listed apart with
    where they went on exactly those days (still a member who should attend, MEET-10)."""
    away = pair[1]
    record = floating_record(actor=secretary_a, data=FloatingInput(
        direction="out", place="深圳", since=START, member_id=away.pk, contact="13812345678"))  # fmt: skip
    floating_return(actor=secretary_a, record_id=record.pk, returned_on=END)
    entry = attendees(plan(secretary_a, enterprise.branch_a.pk, day)).entry(away.pk)
    assert entry is not None
    assert floating_reason(entry) == ("流动党员（外出至深圳）" if open_then else None)
