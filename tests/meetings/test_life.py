"""Votes at meetings (MEET-1/MEET-2), 谈心谈话 coverage (MEET-7), 民主评议 order and 整改 (MEET-6)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User

from dangjian.core.errors import Conflict, InvalidInput
from dangjian.meetings.reviews import (
    ReviewInput,
    democratic_review_record,
    rectification_add,
    rectification_close,
)
from dangjian.meetings.talks import talk_coverage, talk_record
from dangjian.meetings.votes import meeting_vote_record
from dangjian.members.models import Member, Position
from dangjian.rules.meetings.kinds import MeetingKind
from tests.factories import make_member
from tests.meetings.marks import complete
from tests.meetings.test_services import plan


@pytest.fixture
def branch_members(enterprise: SimpleNamespace) -> list[Member]:
    return [make_member(enterprise.branch_a, name=f"表决党员{i}") for i in range(4)]


def test_assembly_vote_counts_the_register_and_shows_the_arithmetic(
    enterprise: SimpleNamespace, secretary_a: User, branch_members: list[Member]
) -> None:
    """MEET-1: 4 voting members: 2 present is half (quorum met), 2 yes is not more than half."""
    meeting = plan(secretary_a, enterprise.branch_a.pk, date(2026, 6, 10))
    ids = tuple(m.pk for m in branch_members)
    vote = meeting_vote_record(actor=secretary_a, meeting_id=meeting.pk, subject="推荐优秀党员",
                               kind="branch_assembly", present_ids=ids[:2], yes=2)  # fmt: skip
    assert (vote.entitled, vote.present, vote.passed) == (4, 2, False)
    assert "支部工作条例" in vote.verdicts[1]["text"] and "须至少3票" in vote.verdicts[1]["text"]
    other = plan(secretary_a, enterprise.branch_a.pk, date(2026, 6, 11))
    with pytest.raises(InvalidInput) as refused:
        meeting_vote_record(actor=secretary_a, meeting_id=other.pk, subject="x",
                            kind="branch_assembly", present_ids=ids[:1], yes=1)  # fmt: skip
    assert "不足半数" in refused.value.errors["present_ids"][0]


def test_a_committee_vote_counts_the_posts_of_the_day(
    enterprise: SimpleNamespace, secretary_a: User, branch_members: list[Member]
) -> None:
    """MEET-2: the committee is who holds a post on the meeting's day."""
    for member, title in zip(
        branch_members[:3], ("secretary", "organization", "propaganda"), strict=True
    ):
        Position.objects.create(member=member, organization=enterprise.branch_a, title=title,
                                started_on=date(2024, 1, 1))  # fmt: skip
    meeting = plan(
        secretary_a, enterprise.branch_a.pk, date(2026, 6, 10), MeetingKind.BRANCH_COMMITTEE
    )
    committee = tuple(m.pk for m in branch_members[:3])
    vote = meeting_vote_record(actor=secretary_a, meeting_id=meeting.pk, subject="发展计划",
                               kind="branch_committee", present_ids=committee[:2], yes=2)  # fmt: skip
    assert (vote.entitled, vote.passed) == (3, True)
    with pytest.raises(InvalidInput, match="不是支部委员"):
        meeting_vote_record(actor=secretary_a, meeting_id=meeting.pk, subject="x",
                            kind="branch_committee", present_ids=(branch_members[3].pk,), yes=1)  # fmt: skip


def test_talk_coverage_names_who_was_not_reached(
    enterprise: SimpleNamespace, secretary_a: User, branch_members: list[Member]
) -> None:
    a, b, c, d = branch_members
    talk_record(actor=secretary_a, organization_id=enterprise.branch_a.pk, kind="members",
                talker_id=a.pk, listener_id=b.pk, held_on=date(2026, 3, 1))  # fmt: skip
    coverage = talk_coverage(enterprise.branch_a, 2026, date(2026, 11, 30))
    assert {e.member_id for e in coverage.not_reached} == {c.pk, d.pk}
    with pytest.raises(InvalidInput) as refused:
        talk_record(actor=secretary_a, organization_id=enterprise.branch_a.pk, kind="members",
                    talker_id=a.pk, listener_id=a.pk, held_on=date(2026, 3, 1))  # fmt: skip
    assert "listener_id" in refused.value.errors


def test_a_rating_before_the_three_assessments_is_refused(
    enterprise: SimpleNamespace, secretary_a: User, branch_members: list[Member]
) -> None:
    """MEET-6 (教育管理条例第十八条): self, peers, poll, then the rating."""
    member = branch_members[0]
    with pytest.raises(InvalidInput) as refused:
        democratic_review_record(actor=secretary_a, member_id=member.pk, year=2026,
                                 data=ReviewInput(self_assessment="认真履职", rating="excellent",
                                                  rated_on=date(2026, 12, 1)))  # fmt: skip
    assert "第十七、十八条" in refused.value.errors["rating"][0]
    democratic_review_record(actor=secretary_a, member_id=member.pk, year=2026,
                             data=ReviewInput(self_assessment="认真履职", peer_assessment="表现良好",
                                              poll=(3, 1, 0, 0)))  # fmt: skip
    review = democratic_review_record(actor=secretary_a, member_id=member.pk, year=2026,
                                      data=ReviewInput(rating="excellent", rated_on=date(2026, 11, 20)))  # fmt: skip
    assert (review.rating, review.poll_excellent) == ("excellent", 3)


def test_rectification_from_a_life_meeting(
    enterprise: SimpleNamespace, secretary_a: User, branch_members: list[Member]
) -> None:
    meeting = plan(secretary_a, enterprise.branch_a.pk, date(2026, 1, 15), MeetingKind.LIFE_MEETING)
    item = rectification_add(actor=secretary_a, meeting_id=meeting.pk, issue="理论学习不够系统",
                             measure="制定学习计划", owner_id=branch_members[0].pk, due_on=date(2026, 6, 30))  # fmt: skip
    rectification_close(
        actor=secretary_a, item_id=item.pk, done_on=date(2026, 6, 1), result="已完成"
    )
    with pytest.raises(Conflict):
        rectification_close(
            actor=secretary_a, item_id=item.pk, done_on=date(2026, 6, 1), result="x"
        )
    other = plan(secretary_a, enterprise.branch_a.pk, date(2026, 2, 15))
    with pytest.raises(InvalidInput, match="组织生活会"):
        rectification_add(actor=secretary_a, meeting_id=other.pk, issue="x", measure="y",
                          owner_id=branch_members[0].pk, due_on=date(2026, 6, 30))  # fmt: skip


def test_the_year_plan_covers_each_period_once(
    enterprise: SimpleNamespace, secretary_a: User, branch_members: list[Member]
) -> None:
    """MEET-1..MEET-6 frequencies: 4 党员大会, 4 党课, 12 主题党日, 1 组织生活会, 1 民主评议
    for a branch without a committee; a quarter already held is skipped; a rerun adds nothing."""
    from dangjian.meetings.plans import year_plan_generate

    plan(secretary_a, enterprise.branch_a.pk, date(2027, 2, 10), MeetingKind.BRANCH_ASSEMBLY)
    created = year_plan_generate(
        actor=secretary_a, organization_id=enterprise.branch_a.pk, year=2027
    )
    kinds = [m.kinds.get().kind for m in created]
    assert kinds.count("branch_assembly") == 3
    assert (kinds.count("party_lecture"), kinds.count("theme_day")) == (4, 12)
    assert "branch_committee" not in kinds
    groups = {m.organization_id for m in created if m.kinds.get().kind == "group_meeting"}
    assert kinds.count("group_meeting") == 12 and groups == {enterprise.group_a.pk}  # MEET-3
    assert all(m.starts_at.weekday() < 5 for m in created)
    assert (
        year_plan_generate(actor=secretary_a, organization_id=enterprise.branch_a.pk, year=2027)
        == []
    )


def test_a_members_attendance_rate(
    enterprise: SimpleNamespace, secretary_a: User, branch_members: list[Member]
) -> None:
    from dangjian.meetings.inputs import MinutesInput
    from dangjian.meetings.selectors import member_attendance
    from dangjian.meetings.services import meeting_record

    member = branch_members[0]
    for day, mark in (
        (date(2026, 3, 10), "present"),
        (date(2026, 6, 10), "absent"),
        (date(2026, 9, 10), "late"),
    ):
        meeting = plan(secretary_a, enterprise.branch_a.pk, day)
        meeting_record(actor=secretary_a, meeting_id=meeting.pk,
                       minutes=MinutesInput(content="学习", marks=complete(meeting.pk, (member.pk, mark))))  # fmt: skip
    year = member_attendance(member, 2026)
    assert (year.should, year.present, year.late) == (3, 1, 1)
    assert round(year.rate, 3) == 0.667
