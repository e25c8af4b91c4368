"""MEM-5 (党章第九条; 《党员教育管理工作条例》第三十一条): members six months or more without
organisational life, without paying dues, or without doing assigned work, flagged for their
branch with the evidence the platform holds. Read-only: the flag decides nothing; the branch
looks into the reason (a valid one clears it) and decides.

The evidence: the last meeting attended (``meetings``: present or late at a recorded meeting)
and the meetings of the member's branch or 党小组 held since, which they missed; the unpaid run
of the dues ledger (DUES-13, ``dues.arrears.flagged_cases``). Assigned work is not recorded in
the platform, so no flag reads it. Members excused from meetings (MEET-10) are not flagged for
organisational life; lost members are on the lost-contact register instead.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Max, OuterRef, Q, Subquery

from dangjian.accounts.access import scope_for
from dangjian.core.actor import Actor
from dangjian.dues.arrears import flagged_cases
from dangjian.dynamics.standing_models import LostContact
from dangjian.meetings.models import Meeting, MeetingState
from dangjian.meetings.selectors import excused_on
from dangjian.members.choices import Status
from dangjian.members.models import Member, MemberPeriod
from dangjian.rules.dates import YearMonth, add_months
from dangjian.rules.membership import inactive_flag_from, inactive_since_flag

HELD = (MeetingState.RECORDED, MeetingState.REVIEWED)
LIMIT = 2000  # rows of one page; a branch or a 党委 has far fewer flagged members


@dataclass(frozen=True)
class InactivityFlag:
    """One flagged member and why. ``life_since`` is the day organisational life was last
    seen (the last meeting attended, else the start of the member's current record), with the
    meetings missed since; ``unpaid`` the months of the unpaid run (DUES-13)."""

    member: Member
    life_since: date | None = None
    meetings_missed: int = 0
    last_attended: date | None = None
    unpaid: list[YearMonth] = field(default_factory=list)

    @property
    def flagged_from(self) -> date | None:
        """The first day the organisational-life flag held (six months after ``life_since``)."""
        return inactive_flag_from(self.life_since) if self.life_since else None


def inactive_members(user: Actor, today: date) -> list[InactivityFlag]:
    """MEM-5 flags of the members in good standing the user looks after, longest first."""
    life = _life_flags(user, today)
    unpaid = {case.member.pk: case for case in flagged_cases(user, today)}
    flags = []
    for member_id in life.keys() | _outside_lost(unpaid.keys()):
        base = life.get(member_id) or InactivityFlag(member=unpaid[member_id].member)
        case = unpaid.get(member_id)
        flags.append(
            InactivityFlag(base.member, base.life_since, base.meetings_missed,
                           base.last_attended, list(case.months) if case else [])
        )  # fmt: skip
    return sorted(flags, key=lambda f: (f.life_since or today, -len(f.unpaid), f.member.pk))


def _outside_lost(member_ids: Iterable[int]) -> set[int]:
    ids = set(member_ids)
    lost = LostContact.objects.filter(member_id__in=ids, found_on__isnull=True)
    return ids - set(lost.values_list("member_id", flat=True))


def _life_flags(user: Actor, today: date) -> dict[int, InactivityFlag]:
    """Members whose last sign of organisational life is six months old or more, while their
    branch or 党小组 held meetings they missed."""
    # A margin of a few days: the exact six months (month ends clamp, DATE-1) are checked below.
    cutoff = add_months(today, -6) + timedelta(days=3)
    rows = _candidates(user, cutoff)
    attended: dict[int, date | None] = {pk: last for pk, last, _ in rows}
    since: dict[int, date] = {pk: last or started for pk, last, started in rows}
    excused = excused_on(list(since), today)
    chosen = [pk for pk in since if pk not in excused]
    members = list(Member.objects.filter(pk__in=chosen).select_related("organization"))
    held = _meetings_since(members, min(since.values(), default=today))
    flags = {}
    for m in members:
        if not inactive_since_flag(since[m.pk], today):
            continue
        days = held[m.organization_id] + (held[m.party_group_id] if m.party_group_id else [])
        missed = len(days) - bisect_right(sorted(days), since[m.pk])
        if missed:
            flags[m.pk] = InactivityFlag(m, since[m.pk], missed, attended[m.pk])
    return flags


def _candidates(user: Actor, cutoff: date) -> list[tuple[int, date | None, date]]:
    """(member id, last meeting attended, start of the current record) of the members in good
    standing, not lost, whose last sign of organisational life is on or before ``cutoff``."""
    open_period = MemberPeriod.objects.filter(member=OuterRef("pk"), valid_to__isnull=True)
    lost = LostContact.objects.filter(found_on__isnull=True).values("member_id")
    return list(
        Member.objects.filter(scope_for(user).org_q("organization__"), status=Status.NORMAL)
        .exclude(pk__in=lost)
        .annotate(
            last_attended=Max(
                "attendance__meeting__held_on",
                filter=Q(
                    attendance__mark__in=["present", "late"], attendance__meeting__state__in=HELD
                ),
            ),
            started=Subquery(open_period.values("valid_from")[:1]),
        )
        .filter(Q(last_attended__lte=cutoff) | Q(last_attended__isnull=True, started__lte=cutoff))
        .values_list("pk", "last_attended", "started")[:LIMIT]
    )


def _meetings_since(members: list[Member], since: date) -> dict[int | None, list[date]]:
    """The days of recorded meetings of the members' branches and 党小组 after ``since``."""
    org_ids = {m.organization_id for m in members} | {
        m.party_group_id for m in members if m.party_group_id
    }
    rows = Meeting.objects.filter(
        organization_id__in=org_ids, state__in=HELD, held_on__gt=since
    ).values_list("organization_id", "held_on")
    held: dict[int | None, list[date]] = defaultdict(list)
    for org_id, day in rows:
        held[org_id].append(day)
    return held


__all__ = ["InactivityFlag", "inactive_members"]
