"""MEM-5 (党章第九条): six months without organisational life or dues, flagged for the branch
with the evidence; read-only and scoped."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from django.contrib.auth.models import User
from django.utils import timezone

from dangjian.dynamics.inactivity import inactive_members
from dangjian.dynamics.standing import lost_contact_open
from dangjian.meetings.models import Mark
from dangjian.meetings.services import meeting_record
from dangjian.members.models import Member
from dangjian.rules.dates import add_months
from tests.factories import make_member
from tests.meetings.test_services import minutes, plan

TODAY = timezone.localdate()


def test_a_member_who_missed_every_meeting_for_six_months_is_flagged(
    enterprise: SimpleNamespace, secretary_a: User, secretary_b: User
) -> None:
    """One meeting a month ago: the member present is not flagged; the one absent, who has
    attended nothing since the record began (2010), is, with the meetings missed; a lost
    member is on the lost-contact register instead; another branch's secretary sees none."""
    present = make_member(enterprise.branch_a, name="常参加")
    absent = make_member(enterprise.branch_a, name="不参加")
    missing = make_member(enterprise.branch_a, name="已失联")
    lost_contact_open(actor=secretary_a, member_id=missing.pk, lost_since=TODAY - timedelta(days=9))
    meeting = plan(secretary_a, enterprise.branch_a.pk, TODAY - timedelta(days=30))
    meeting_record(actor=secretary_a, meeting_id=meeting.pk,
                   minutes=minutes((present.pk, Mark.PRESENT), (absent.pk, Mark.ABSENT),
                                   (missing.pk, Mark.LEAVE)))  # fmt: skip
    flags = {f.member.name: f for f in inactive_members(secretary_a, TODAY)}
    assert set(flags) == {"不参加"}
    flag = flags["不参加"]
    assert (flag.meetings_missed, flag.last_attended, flag.unpaid) == (1, None, [])
    assert flag.flagged_from is not None and flag.flagged_from <= TODAY
    assert inactive_members(secretary_b, TODAY) == []


def test_a_branch_that_held_no_meeting_flags_nobody(
    enterprise: SimpleNamespace, secretary_a: User
) -> None:
    """No meeting was held: the member missed nothing, so nothing is flagged (the flag reads
    what the member did not do, not what the branch did not hold)."""
    make_member(enterprise.branch_a, name="无会可开")
    assert inactive_members(secretary_a, TODAY) == []


def test_the_flag_starts_six_months_after_the_last_meeting_attended(
    enterprise: SimpleNamespace, secretary_a: User
) -> None:
    member: Member = make_member(enterprise.branch_a, name="半年前参加")
    last = add_months(TODAY, -6)
    old = plan(secretary_a, enterprise.branch_a.pk, last)
    meeting_record(actor=secretary_a, meeting_id=old.pk, minutes=minutes((member.pk, Mark.PRESENT)))
    recent = plan(secretary_a, enterprise.branch_a.pk, TODAY - timedelta(days=5))
    meeting_record(
        actor=secretary_a, meeting_id=recent.pk, minutes=minutes((member.pk, Mark.ABSENT))
    )
    [flag] = inactive_members(secretary_a, TODAY)
    assert (flag.last_attended, flag.meetings_missed) == (last, 1)
    day_before = add_months(last, 6) - timedelta(days=1)  # after the recent meeting
    assert inactive_members(secretary_a, day_before) == []
