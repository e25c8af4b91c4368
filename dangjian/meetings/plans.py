"""A branch's year plan of organisational life (年度组织生活计划), generated from the
frequencies (MEET-1..MEET-7) as planned meetings the secretary then moves, merges or cancels.

One planned meeting per requirement and period not yet covered by a meeting of that kind
(planned or held), dated on a working day in the middle of the period at 14:30; running it
twice adds nothing. A 党小组 gets its own 党小组会 rows, and a branch's plan includes those of
its 党小组 (MEET-3).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from dangjian.accounts.access import may_record_meeting, require
from dangjian.core.actor import Actor
from dangjian.core.errors import InvalidInput
from dangjian.meetings.inputs import MeetingInput
from dangjian.meetings.models import Meeting, MeetingKindMark, MeetingState
from dangjian.meetings.selectors import COMMITTEE_MINIMUM, full_member_counts
from dangjian.meetings.services import meeting_plan
from dangjian.orgs.models import Organization, in_subtree
from dangjian.rules.meetings.kinds import Holder, Requirement, requirements_for
from dangjian.rules.meetings.periods import Period, periods_between
from dangjian.rules.organization import OrgKind

START = time(14, 30)
LENGTH = timedelta(hours=2)


def _day_in(period: Period) -> date:
    """A weekday near the middle of ``period`` (the secretary moves it as needed)."""
    middle = period.first_day + (period.last_day - period.first_day) // 2
    while middle.weekday() >= 5:
        middle += timedelta(days=1)
    return middle


def _uncovered(org: Organization, requirement: Requirement, year: int) -> list[Period]:
    first, last = date(year, 1, 1), date(year, 12, 31)
    dated = MeetingKindMark.objects.filter(
        meeting__organization=org, kind=requirement.kind.value, meeting__held_on__year=year
    ).exclude(meeting__state=MeetingState.CANCELLED)
    covered = {d for d in dated.values_list("meeting__held_on", flat=True)}
    return [p for p in periods_between(first, last, requirement.frequency)
            if not any(p.contains(d) for d in covered)]  # fmt: skip


@transaction.atomic
def year_plan_generate(*, actor: Actor, organization_id: int, year: int) -> list[Meeting]:
    """Plan the meetings ``organization`` owes in ``year`` and has not planned or held yet.

    Returns the meetings created (none on a second run). Raises ``InvalidInput`` for an
    organisation that holds no meetings, ``PermissionDenied`` outside the asker's care.
    """
    org = Organization.objects.filter(pk=organization_id).first()
    if org is None or org.kind not in (
        OrgKind.BRANCH,
        OrgKind.JOINT_BRANCH,
        OrgKind.TEMP_BRANCH,
        OrgKind.GROUP,
    ):
        raise InvalidInput.one(
            "organization_id", "年度计划按党支部或党小组生成，请选择党支部或党小组"
        )
    if actor is not None:
        require(may_record_meeting(actor, org), "无权为该组织制定计划")
    created = _plan_for(actor, org, year)
    if org.kind != OrgKind.GROUP:  # MEET-3: the branch's plan holds its 党小组's meetings too
        groups = Organization.objects.filter(
            in_subtree(org.path), depth=org.depth + 1, kind=OrgKind.GROUP
        ).filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=date(year, 1, 1)))
        for group in groups.order_by("path"):
            created += _plan_for(actor, group, year)
    return created


def _plan_for(actor: Actor, org: Organization, year: int) -> list[Meeting]:
    """The meetings ``org`` alone owes in ``year`` and has not planned or held yet."""
    holder = Holder.GROUP if org.kind == OrgKind.GROUP else Holder.BRANCH
    full = full_member_counts([org.pk]).get(org.pk, 0)
    zone = ZoneInfo(settings.TIME_ZONE)
    created = []
    for requirement in requirements_for(holder, has_committee=full >= COMMITTEE_MINIMUM):
        for period in _uncovered(org, requirement, year):
            starts = datetime.combine(_day_in(period), START, tzinfo=zone)
            data = MeetingInput(organization_id=org.pk, topic=f"{period.label}{requirement.kind.label}",
                                kinds=(requirement.kind.value,), starts_at=starts, ends_at=starts + LENGTH)  # fmt: skip
            created.append(meeting_plan(actor=actor, data=data))
    return created
