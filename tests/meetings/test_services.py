"""组织生活 through the services: plan, record, review, sign-in, leave, excusal, compliance."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import override_settings

from dangjian.core.errors import Conflict, InvalidInput
from dangjian.meetings.inputs import MeetingInput, MinutesInput
from dangjian.meetings.models import Attendance, Mark, Meeting, MeetingState
from dangjian.meetings.selectors import attendees, compliance
from dangjian.meetings.services import (
    excusal_record,
    leave_decide,
    leave_request,
    meeting_plan,
    meeting_record,
    meeting_review,
    meeting_sign_in,
)
from dangjian.meetings.signin import EXPIRED, FORGED, NOT_FOR_YOU, sign_in_token
from dangjian.members.models import Member
from dangjian.rules.meetings.compliance import CellState
from dangjian.rules.meetings.kinds import MeetingKind
from tests.factories import Role, make_member, make_user
from tests.meetings.marks import complete

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def plan(actor: User | None, org_id: int, day: date, *kinds: MeetingKind) -> Meeting:
    return meeting_plan(actor=actor, data=MeetingInput(
        organization_id=org_id, topic="学习贯彻党的二十届四中全会精神",
        kinds=tuple(k.value for k in kinds) or (MeetingKind.BRANCH_ASSEMBLY.value,),
        starts_at=at(day, 14), ends_at=at(day, 16), place="三楼会议室",
    ))  # fmt: skip


def minutes(*marks: tuple[int, str]) -> MinutesInput:
    return MinutesInput(content="传达学习会议精神，讨论本季度工作。", marks=marks)


@pytest.fixture
def committee_admin(enterprise: SimpleNamespace) -> User:
    return make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)


@pytest.fixture
def branch_members(enterprise: SimpleNamespace) -> list[Member]:
    return [make_member(enterprise.branch_a, name=f"支部党员{i}") for i in range(3)]


def test_a_meeting_is_planned_recorded_and_reviewed(
    enterprise: SimpleNamespace,
    secretary_a: User,
    committee_admin: User,
    branch_members: list[Member],
) -> None:
    meeting = plan(secretary_a, enterprise.branch_a.pk, date(2026, 9, 30))
    present = branch_members[0].pk
    meeting_record(
        actor=secretary_a,
        meeting_id=meeting.pk,
        minutes=minutes(*complete(meeting.pk, (present, Mark.PRESENT))),
    )
    with pytest.raises(PermissionDenied):
        meeting_review(actor=secretary_a, meeting_id=meeting.pk, accept=True)
    with pytest.raises(InvalidInput) as refused:
        meeting_review(actor=committee_admin, meeting_id=meeting.pk, accept=False)
    assert "原因" in refused.value.errors["reason"][0]
    returned = meeting_review(
        actor=committee_admin, meeting_id=meeting.pk, accept=False, reason="缺少会议照片"
    )
    assert returned.state == MeetingState.RETURNED
    assert Attendance.objects.get(meeting=meeting, member_id=present).mark == Mark.PRESENT


def test_bad_input_names_the_field(enterprise: SimpleNamespace, secretary_a: User) -> None:
    data = MeetingInput(organization_id=enterprise.branch_a.pk, topic=" ", kinds=("branch_assembly",),
                        starts_at=at(date(2026, 9, 1), 14), ends_at=at(date(2026, 9, 1), 16))  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        meeting_plan(actor=secretary_a, data=data)
    assert "topic" in refused.value.errors
    with pytest.raises(InvalidInput) as refused:
        meeting_plan(actor=secretary_a, data=MeetingInput(
            organization_id=enterprise.branch_b.pk, topic="x", kinds=("branch_assembly",),
            starts_at=at(date(2026, 9, 1), 14), ends_at=at(date(2026, 9, 1), 16)))  # fmt: skip
    assert "organization_id" in refused.value.errors
    with pytest.raises(InvalidInput) as refused:
        meeting_plan(actor=secretary_a, data=MeetingInput(
            organization_id=enterprise.branch_a.pk, topic="x", kinds=("no_such_kind",),
            starts_at=at(date(2026, 9, 1), 14), ends_at=at(date(2026, 9, 1), 13)))  # fmt: skip
    assert "kinds" in refused.value.errors


def test_sign_in_once_and_refusals(
    enterprise: SimpleNamespace, secretary_a: User, branch_members: list[Member], member_b: Member
) -> None:
    """A valid code signs in once; a repeat changes nothing (whatever code it carries); forged,
    expired, another meeting's code, a closed window and a member of another branch are each
    refused with the reason."""
    day = date(2026, 11, 20)
    meeting = plan(secretary_a, enterprise.branch_a.pk, day)
    other = plan(secretary_a, enterprise.branch_a.pk, day + timedelta(days=1))
    user = make_user("member_a0", member=branch_members[0])
    token = sign_in_token(meeting.pk)
    first = meeting_sign_in(
        actor=user, meeting_id=meeting.pk, token=token, now=at(day, 13) + timedelta(minutes=40)
    )
    again = meeting_sign_in(actor=user, meeting_id=meeting.pk, token=token, now=at(day, 15))
    assert first.pk == again.pk and again.mark == Mark.PRESENT
    assert Attendance.objects.filter(meeting=meeting).count() == 1
    user = make_user("member_a1", member=branch_members[1])  # not signed in yet
    cases = [
        (token + "x", meeting.pk, at(day, 14), FORGED),
        (sign_in_token(other.pk), meeting.pk, at(day, 14), "其他会议"),
        (token, meeting.pk, at(day, 20), "签到时间"),
    ]
    for bad, meeting_id, now, message in cases:
        with pytest.raises(InvalidInput) as refused:
            meeting_sign_in(actor=user, meeting_id=meeting_id, token=bad, now=now)
        assert message in refused.value.errors["token"][0]
    outsider = make_user("member_b0", member=member_b)
    with pytest.raises(InvalidInput) as refused:  # another branch's: said, not revealed
        meeting_sign_in(actor=outsider, meeting_id=meeting.pk, token=token, now=at(day, 14))
    assert refused.value.errors["token"] == [NOT_FOR_YOU]
    other_key = override_settings(SECRET_KEY="another-deployment-key-0123456789abcdef")
    with other_key, pytest.raises(InvalidInput) as refused:
        meeting_sign_in(actor=user, meeting_id=meeting.pk, token=token, now=at(day, 14))
    assert refused.value.errors["token"] == [FORGED]


def test_an_old_code_has_expired(
    enterprise: SimpleNamespace, secretary_a: User, branch_members: list[Member],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """A code photographed and used eleven minutes later is refused as expired."""
    import time

    day = date(2026, 11, 20)
    meeting = plan(secretary_a, enterprise.branch_a.pk, day)
    user = make_user("member_a1", member=branch_members[1])
    real = time.time()
    monkeypatch.setattr(time, "time", lambda: real - 11 * 60)
    token = sign_in_token(meeting.pk)
    monkeypatch.setattr(time, "time", lambda: real)
    with pytest.raises(InvalidInput) as refused:
        meeting_sign_in(actor=user, meeting_id=meeting.pk, token=token, now=at(day, 14))
    assert refused.value.errors["token"] == [EXPIRED]


def test_leave_before_the_meeting_marks_leave(
    enterprise: SimpleNamespace, secretary_a: User, branch_members: list[Member]
) -> None:
    day = date(2026, 12, 20)
    meeting = plan(secretary_a, enterprise.branch_a.pk, day)
    user = make_user("member_a2", member=branch_members[2])
    request = leave_request(actor=user, meeting_id=meeting.pk, reason="出差", now=at(day, 9))
    with pytest.raises(Conflict):
        leave_request(actor=user, meeting_id=meeting.pk, reason="出差", now=at(day, 9))
    leave_decide(actor=secretary_a, request_id=request.pk, approve=True)
    assert Attendance.objects.get(meeting=meeting, member=branch_members[2]).mark == Mark.LEAVE


def test_an_excused_member_is_left_out_with_the_reason(
    enterprise: SimpleNamespace, secretary_a: User, branch_members: list[Member]
) -> None:
    """MEET-10: excused only with the record, and the reason shows."""
    day = date(2026, 10, 15)
    excusal_record(actor=secretary_a, member_id=branch_members[0].pk, reason="长期患病",
                   starts_on=date(2026, 1, 1))  # fmt: skip
    meeting = plan(secretary_a, enterprise.branch_a.pk, day)
    register = attendees(meeting)
    entry = register.entry(branch_members[0].pk)
    assert entry is not None and not entry.should_attend
    assert "长期患病" in entry.attendance_label
    assert register.entry(branch_members[1].pk) is not None


def test_compliance_counts_a_meeting_for_each_kind_and_not_when_returned(
    enterprise: SimpleNamespace,
    secretary_a: User,
    committee_admin: User,
    branch_members: list[Member],
) -> None:
    """MEET-8: a 主题党日 that is also the quarter's 党员大会 counts for both; a returned
    record counts for neither until recorded again."""
    both = plan(secretary_a, enterprise.branch_a.pk, date(2026, 3, 31),
                MeetingKind.THEME_DAY, MeetingKind.BRANCH_ASSEMBLY)  # fmt: skip
    meeting_record(actor=secretary_a, meeting_id=both.pk, minutes=minutes(*complete(both.pk)))
    returned = plan(
        secretary_a, enterprise.branch_a.pk, date(2026, 5, 10), MeetingKind.BRANCH_ASSEMBLY
    )
    meeting_record(
        actor=secretary_a, meeting_id=returned.pk, minutes=minutes(*complete(returned.pk))
    )
    meeting_review(actor=committee_admin, meeting_id=returned.pk, accept=False, reason="记录不全")
    rows = compliance(
        committee_admin, enterprise.root, date(2026, 1, 1), date(2026, 12, 31), date(2026, 11, 30)
    )
    branch = next(r for r in rows if r.organization.pk == enterprise.branch_a.pk)
    kinds = {k.requirement.kind: k for k in branch.kinds}
    assembly = kinds[MeetingKind.BRANCH_ASSEMBLY]
    assert [c.state for c in assembly.cells] == [
        CellState.HELD, CellState.MISSING, CellState.MISSING, CellState.OPEN
    ]  # fmt: skip
    assert kinds[MeetingKind.THEME_DAY].cells[2].state is CellState.HELD  # March
    assert MeetingKind.BRANCH_COMMITTEE not in kinds  # 3 members: no committee (ORG-3)
    secretary_rows = compliance(
        secretary_a, enterprise.root, date(2026, 1, 1), date(2026, 12, 31), date(2026, 11, 30)
    )
    assert {r.organization.pk for r in secretary_rows} <= {
        enterprise.branch_a.pk,
        enterprise.group_a.pk,
    }


def test_another_branch_cannot_record_or_see(
    enterprise: SimpleNamespace, secretary_a: User, secretary_b: User
) -> None:
    meeting = plan(secretary_a, enterprise.branch_a.pk, date(2026, 9, 1))
    with pytest.raises(Http404):
        meeting_record(actor=secretary_b, meeting_id=meeting.pk, minutes=minutes())
