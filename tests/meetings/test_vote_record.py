"""A vote is taken at a held meeting and its 实到 is the meeting's record (MEET-1, MEET-2)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from dangjian.core.errors import Conflict, InvalidInput
from dangjian.meetings.minutes import minutes_context
from dangjian.meetings.models import Meeting
from dangjian.meetings.services import meeting_cancel, meeting_record
from dangjian.meetings.votes import meeting_vote_record
from dangjian.members.models import Member
from tests.factories import make_member
from tests.meetings.marks import complete
from tests.meetings.test_services import minutes, plan


@pytest.fixture
def voters(enterprise: SimpleNamespace) -> list[Member]:
    return [make_member(enterprise.branch_a, name=f"到会党员{i}") for i in range(5)]


def _recorded(secretary: User, branch_id: int, voters: list[Member], there: int) -> Meeting:
    """A 党员大会 on 2026-06-10 whose record marks the first ``there`` voters 出席."""
    meeting = plan(secretary, branch_id, date(2026, 6, 10))
    marks = complete(meeting.pk, *((m.pk, "present") for m in voters[:there]))
    return meeting_record(actor=secretary, meeting_id=meeting.pk, minutes=minutes(*marks))


def test_a_vote_takes_its_present_from_the_record_and_refuses_another_figure(
    enterprise: SimpleNamespace, secretary_a: User, voters: list[Member]
) -> None:
    meeting = _recorded(secretary_a, enterprise.branch_a.pk, voters, 3)
    with pytest.raises(InvalidInput) as refused:
        meeting_vote_record(actor=secretary_a, meeting_id=meeting.pk, subject="接收预备党员",
                            kind="branch_assembly", present_ids=tuple(m.pk for m in voters), yes=5)  # fmt: skip
    message = refused.value.errors["present_ids"][0]
    assert "会议记录" in message and "共3人" in message and "所选为5人" in message
    first = meeting_vote_record(actor=secretary_a, meeting_id=meeting.pk, subject="接收预备党员",
                                kind="branch_assembly", present_ids=(), yes=3)  # fmt: skip
    second = meeting_vote_record(actor=secretary_a, meeting_id=meeting.pk, subject="推荐优秀党员",
                                 kind="branch_assembly", present_ids=tuple(m.pk for m in voters[:3]),
                                 yes=3)  # fmt: skip
    assert first.present == second.present == 3
    assert first.entitled == second.entitled == 5
    printed = [v["counts"] for v in minutes_context(meeting)["votes"]]
    assert len(printed) == 2 and all("实到3人" in line for line in printed)


def test_a_vote_before_the_record_binds_the_record_that_follows(
    enterprise: SimpleNamespace, secretary_a: User, voters: list[Member]
) -> None:
    meeting = plan(secretary_a, enterprise.branch_a.pk, date(2026, 6, 10))
    meeting_vote_record(actor=secretary_a, meeting_id=meeting.pk, subject="接收预备党员",
                        kind="branch_assembly", present_ids=tuple(m.pk for m in voters[:3]), yes=3)  # fmt: skip
    with pytest.raises(InvalidInput, match="实到3人"):
        meeting_vote_record(actor=secretary_a, meeting_id=meeting.pk, subject="另一事项",
                            kind="branch_assembly", present_ids=tuple(m.pk for m in voters), yes=5)  # fmt: skip
    four = complete(meeting.pk, *((m.pk, "present") for m in voters[:4]))
    with pytest.raises(InvalidInput) as refused:
        meeting_record(actor=secretary_a, meeting_id=meeting.pk, minutes=minutes(*four))
    assert "接收预备党员" in refused.value.errors["marks"][0]
    assert not meeting.attendance.exists()  # nothing half-written
    three = complete(meeting.pk, *((m.pk, "present") for m in voters[:3]))
    meeting_record(actor=secretary_a, meeting_id=meeting.pk, minutes=minutes(*three))


def test_no_vote_at_a_meeting_not_yet_begun_or_cancelled(
    enterprise: SimpleNamespace, secretary_a: User, voters: list[Member]
) -> None:
    soon = timezone.localdate() + timedelta(days=30)
    meeting = plan(secretary_a, enterprise.branch_a.pk, soon)
    with pytest.raises(Conflict, match="尚未开始"):
        meeting_vote_record(actor=secretary_a, meeting_id=meeting.pk, subject="接收预备党员",
                            kind="branch_assembly", present_ids=tuple(m.pk for m in voters), yes=5)  # fmt: skip
    at_start = meeting_vote_record(
        actor=secretary_a, meeting_id=meeting.pk, subject="接收预备党员", kind="branch_assembly",
        present_ids=tuple(m.pk for m in voters), yes=5, now=meeting.starts_at,
    )  # fmt: skip
    assert at_start.present == 5
    other = plan(secretary_a, enterprise.branch_a.pk, soon)
    meeting_cancel(actor=secretary_a, meeting_id=other.pk, reason="改期")
    with pytest.raises(Conflict, match="已取消"):
        meeting_vote_record(actor=secretary_a, meeting_id=other.pk, subject="x",
                            kind="branch_assembly", present_ids=(), yes=0,
                            now=datetime(2099, 1, 1, tzinfo=timezone.get_current_timezone()))  # fmt: skip
    assert not other.votes.exists()
