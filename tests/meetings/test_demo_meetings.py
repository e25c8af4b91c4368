"""The demo's 组织生活: two years of meetings for every branch, with the designed gaps."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from dangjian.demo import DemoSummary, load_demo
from dangjian.demo.meetings import (
    IRREGULAR_GROUP,
    RETURNING_BRANCH,
    SKIPPING_BRANCH,
    irregular_months,
    months_before,
    skipped_quarter,
)
from dangjian.dynamics.standing_models import LostContact
from dangjian.meetings.models import (
    Attendance,
    DemocraticReview,
    Excusal,
    Mark,
    Meeting,
    MeetingState,
    Talk,
)
from dangjian.meetings.selectors import committee_on, compliance
from dangjian.orgs.models import Organization
from dangjian.rules.meetings.compliance import CellState
from dangjian.rules.meetings.kinds import Frequency, MeetingKind
from dangjian.rules.meetings.periods import period_of
from dangjian.rules.organization import OrgKind


@pytest.fixture
def demo(db: None) -> DemoSummary:
    return load_demo(members=200, organisations=20, seed=7)


def _branches() -> list[Organization]:
    kinds = (OrgKind.BRANCH, OrgKind.JOINT_BRANCH, OrgKind.TEMP_BRANCH)
    return list(
        Organization.objects.filter(kind__in=kinds, dissolved_on__isnull=True).order_by("path")
    )


def test_two_years_of_meetings_with_the_designed_gaps(demo: DemoSummary) -> None:
    """One load of the demo, three looks at it (the load is the slow part)."""
    _every_branch_has_two_years_of_meetings()
    _the_designed_gaps_show_in_the_compliance()
    _attendance_reviews_and_the_excusal()


def _every_branch_has_two_years_of_meetings() -> None:
    today = timezone.localdate()
    months = months_before(today)
    for branch in _branches():
        themed = Meeting.objects.filter(
            organization=branch, kinds__kind=MeetingKind.THEME_DAY.value
        )
        held = {(d.year, d.month) for d in themed.values_list("held_on", flat=True)}
        assert held == {(m.year, m.index) for m in months} | {(today.year, today.month)}, (
            branch.name
        )
    # This month: one 主题党日 planned per branch, not yet recorded.
    current = Meeting.objects.filter(held_on__gte=today.replace(day=1))
    assert current.count() == len(_branches())
    assert set(current.values_list("state", flat=True)) == {MeetingState.PLANNED}


def _the_designed_gaps_show_in_the_compliance() -> None:
    today = timezone.localdate()
    months = months_before(today)
    first, last = months[0].first_day, months[-1].last_day
    rows = {
        r.organization.pk: r
        for root in Organization.objects.filter(depth=1)
        for r in compliance(User.objects.get(username="admin"), root, first, last, today)
    }
    branches = _branches()

    def missing(org: Organization, kind: MeetingKind) -> set[str]:
        k = next(k for k in rows[org.pk].kinds if k.requirement.kind is kind)
        return {p.label for p in k.missing}

    skipped = skipped_quarter(today)
    assert missing(branches[SKIPPING_BRANCH], MeetingKind.BRANCH_ASSEMBLY) == {skipped.label}
    returned = Meeting.objects.get(
        organization=branches[RETURNING_BRANCH], state=MeetingState.RETURNED
    )
    assert returned.return_reason and MeetingKind.BRANCH_ASSEMBLY.value in {
        m.kind for m in returned.kinds.all()
    }
    # The returned record does not count: its quarter is open (or missing) again, not held.
    quarter = period_of(returned.held_on, Frequency.QUARTER)
    assembly = next(
        k
        for k in rows[branches[RETURNING_BRANCH].pk].kinds
        if k.requirement.kind is MeetingKind.BRANCH_ASSEMBLY
    )
    assert next(c for c in assembly.cells if c.period == quarter).state is not CellState.HELD
    for b, branch in enumerate(branches):
        if b not in (SKIPPING_BRANCH, RETURNING_BRANCH):
            assert missing(branch, MeetingKind.BRANCH_ASSEMBLY) == set(), branch.name
            assert missing(branch, MeetingKind.THEME_DAY) == set(), branch.name
    groups = list(Organization.objects.filter(kind=OrgKind.GROUP).order_by("path"))
    irregular = groups[IRREGULAR_GROUP]
    met = set(irregular_months(months))
    assert missing(irregular, MeetingKind.GROUP_MEETING) == {
        m.label for m in months if m not in met
    }
    for group in groups[IRREGULAR_GROUP + 1 :]:
        assert missing(group, MeetingKind.GROUP_MEETING) == set(), group.name


def _attendance_reviews_and_the_excusal() -> None:
    marks = set(Attendance.objects.values_list("mark", flat=True))
    assert marks == set(Mark.values)
    assert Meeting.objects.filter(state=MeetingState.REVIEWED).exists()
    assert Meeting.objects.filter(state=MeetingState.RECORDED).exists()
    assert Meeting.objects.filter(state=MeetingState.RETURNED).count() == 1
    excusal = Excusal.objects.get()
    assert not Attendance.objects.filter(
        member=excusal.member, meeting__held_on__gte=excusal.starts_on
    ).exists()
    recorded = Meeting.objects.exclude(state=MeetingState.PLANNED)
    assert recorded.exclude(content="").count() == recorded.count()
    _committee_reviews_and_talks()
    _no_mark_while_lost()
    assert date.today() > Meeting.objects.order_by("held_on").first().held_on  # type: ignore[union-attr]


def _committee_reviews_and_talks() -> None:
    """A 支委会 is marked for its committee only (MEET-2); last year's 民主评议 is rated for
    every member of a branch that held it (MEET-6); every branch has 谈心谈话 (MEET-7)."""
    today = timezone.localdate()
    for meeting in Meeting.objects.filter(kinds__kind=MeetingKind.BRANCH_COMMITTEE.value)[:40]:
        marked = set(Attendance.objects.filter(meeting=meeting).values_list("member_id", flat=True))
        assert marked <= committee_on(meeting.organization, meeting.held_on), meeting
    rated = DemocraticReview.objects.filter(year=today.year - 1).exclude(rating="")
    assert rated.count() > 0
    assert {r.rated_on.year for r in rated if r.rated_on} == {today.year - 1}
    for branch in _branches():
        assert Talk.objects.filter(organization=branch, held_on__year=today.year).exists()


def _no_mark_while_lost() -> None:
    """The demo marks attendance from the register of each meeting's day: no one is marked at
    a meeting held while their 失联 record was open (MEM-4)."""
    lost = list(LostContact.objects.values_list("member_id", "lost_since", "found_on"))
    assert lost  # the demo has lost members, or this proves nothing
    for member_id, since, found in lost:
        marked = Attendance.objects.filter(member_id=member_id, meeting__held_on__gte=since)
        if found is not None:
            marked = marked.filter(meeting__held_on__lt=found)
        assert not marked.exists(), member_id
