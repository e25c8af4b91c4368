"""Reads of 组织生活, each starting from the asker's scope.

- ``visible_meetings`` / ``access_meeting``: meetings of the organisations a user looks after,
  and those of a member's own branch and 党小组.
- ``attendees``: who should attend a meeting, from the register of the meeting's day (MEET-9,
  MEET-10: excusals only with their record).
- ``compliance``: required, held and missing per organisation, kind and period (MEET-8).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from dangjian.accounts.access import _record_refusal, may_record_meeting, require, scope_for
from dangjian.core.actor import Actor
from dangjian.meetings.models import Excusal, Meeting, MeetingKindMark, MeetingState
from dangjian.members.choices import Stage, Status
from dangjian.members.models import Member, Position
from dangjian.members.register import (
    Register,
    RegisterEntry,
    branch_register_as_of,
    with_excusals,
)
from dangjian.orgs.models import Organization, in_subtree
from dangjian.rules.meetings.compliance import KindCompliance, kind_compliance
from dangjian.rules.meetings.kinds import Holder, MeetingKind, requirements_for
from dangjian.rules.organization import OrgKind

# One word for a person who should attend and has no mark, on every screen and export (a
# record with anyone unmarked is refused now; older records may still hold such people).
# Rates count them as not attended, never as present.
UNMARKED = "未记录"

COMMITTEE_MINIMUM = 7  # ORG-3: a branch of 7 or more full members elects a committee


def visible_meetings(user: Actor) -> QuerySet[Meeting]:
    """Meetings of the organisations ``user`` looks after, and of their own branch and 党小组."""
    scope = scope_for(user)
    q = scope.org_q("organization__")
    if scope.own_member_id is not None:
        own = (
            Member.objects.filter(pk=scope.own_member_id)
            .values("organization_id", "party_group_id")
            .first()
        )
        if own:
            q |= Q(organization_id__in=[v for v in own.values() if v])
    return Meeting.objects.filter(q)


def access_meeting(user: Actor, meeting_id: int) -> Meeting:
    """The meeting if ``user`` may see it; ``Http404`` otherwise (``None``, the system, sees all)."""
    found = Meeting.objects if user is None else visible_meetings(user)
    meeting = found.filter(pk=meeting_id).select_related("organization").first()
    if meeting is None:
        if Meeting.objects.filter(pk=meeting_id).exists():
            _record_refusal(user, f"无权查看该会议（#{meeting_id}）")
        raise Http404("未找到该会议")
    return meeting


MINUTES_DENIED = (
    "会议记录和全体人员出席情况仅供本组织党务工作者查看；本人出席情况请在“我的会议”中查看"
)


def access_meeting_record(user: Actor, meeting_id: int) -> Meeting:
    """The meeting with its minutes and everyone's marks, for whoever may record it (the
    meeting page, the printed minutes, the API's detail): ``Http404`` outside the scope,
    ``PermissionDenied`` (``MINUTES_DENIED``) for a member who only sees it listed."""
    meeting = access_meeting(user, meeting_id)
    if user is not None:
        require(may_record_meeting(user, meeting.organization), MINUTES_DENIED)
    return meeting


def excused_on(member_ids: Sequence[int], on: date) -> dict[int, str]:
    """MEET-10: the members among ``member_ids`` excused on ``on``, with the recorded reason."""
    rows = Excusal.objects.filter(member_id__in=list(member_ids), starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)
    )
    return {r.member_id: r.reason for r in rows}


def branch_of(organization: Organization) -> Organization:
    """The 党支部 an organisation's meetings belong to: itself, or a 党小组's parent branch."""
    if organization.kind == OrgKind.GROUP:
        return Organization.objects.get_parent(organization) or organization
    return organization


def committee_on(organization: Organization, day: date) -> set[int]:
    """The member ids holding a post in ``organization``'s committee on ``day`` (MEET-2)."""
    held = Position.objects.filter(organization=organization, started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    )
    return set(held.values_list("member_id", flat=True))


def is_committee_meeting(kinds: Iterable[str]) -> bool:
    """A meeting held only as a 支部委员会会议: the committee attends, not the whole branch."""
    return set(kinds) == {MeetingKind.BRANCH_COMMITTEE.value}


def branch_register(branch: Organization, day: date) -> Register:
    """The register of ``branch`` on ``day`` with the excusals of that day applied (MEET-10)."""
    base = branch_register_as_of(branch, day)
    return with_excusals(base, excused_on([e.member_id for e in base.entries], day))


def attendees(meeting: Meeting) -> Register:
    """Who should attend ``meeting``: ``attendees_on`` its organisation, day and kinds."""
    kinds = tuple(meeting.kinds.values_list("kind", flat=True))
    return attendees_on(meeting.organization, meeting.held_on, kinds)


def attendees_on(organization: Organization, day: date, kinds: Iterable[str]) -> Register:
    """Who should attend a meeting of ``organization`` on ``day`` held as ``kinds`` (kind
    codes): the register of its branch on that day, excusals applied (MEET-10), with the
    失联 and 流出 records open that day (MEM-4: lost, listed apart and not counted; MEM-3:
    floating, counted and noted with where they went, see ``floating_reason``).

    For a 党小组's meeting, the branch's register narrowed to the group's members (the group
    a member belongs to is kept on the member, not dated: today's group is used). For a
    meeting held only as a 支部委员会会议, narrowed to the committee members of that day
    (MEET-2): an ordinary member neither should attend it nor counts it in their rate.
    """
    register = branch_register(branch_of(organization), day)
    if is_committee_meeting(kinds):
        members = committee_on(organization, day)
    elif organization.kind == OrgKind.GROUP:
        members = set(Member.objects.filter(party_group=organization).values_list("pk", flat=True))
    else:
        return register
    entries = tuple(e for e in register.entries if e.member_id in members)
    return Register(organization.pk, day, entries)


def floating_reason(entry: RegisterEntry) -> str | None:
    """ "流动党员（外出至…）" for a floating member (MEM-3), else ``None``. A floating member is
    still a member of the branch with a vote there (MEM-3 withholds the vote only where they
    are); MEET-10 leaves them out of "should attend" only with an excusal, so a screen lists
    them apart with this reason instead of among the others, never silently."""
    return next((n for n in entry.notes if n.startswith("流动党员")), None)


def should_attend(meeting: Meeting, member_id: int) -> RegisterEntry | None:
    """The register entry of ``member_id`` if they should attend ``meeting``, else ``None``."""
    entry = attendees(meeting).entry(member_id)
    return entry if entry is not None and entry.should_attend else None


@dataclass(frozen=True)
class OrganizationCompliance:
    """One organisation's compliance over a span: one ``KindCompliance`` per kind it owes."""

    organization: Organization
    kinds: tuple[KindCompliance, ...]

    @property
    def missing(self) -> int:
        return sum(len(k.missing) for k in self.kinds)


def compliance(
    user: Actor, root: Organization, first: date, last: date, today: date
) -> list[OrganizationCompliance]:
    """MEET-8 for every branch and 党小组 of ``root``'s subtree that ``user`` sees, over
    ``first``..``last``: three queries whatever the number of organisations."""
    scope = scope_for(user)
    holders = list(
        Organization.objects.filter(scope.org_q(), in_subtree(root.path))
        .filter(kind__in=[OrgKind.BRANCH, OrgKind.JOINT_BRANCH, OrgKind.TEMP_BRANCH, OrgKind.GROUP])
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=first))
        .order_by("path")
    )
    held = _held_dates([o.pk for o in holders], first, last)
    full = full_member_counts([o.pk for o in holders])
    return [_organization_compliance(o, held, full, first, last, today) for o in holders]


def _held_dates(org_ids: list[int], first: date, last: date) -> dict[tuple[int, str], list[date]]:
    rows = MeetingKindMark.objects.filter(
        meeting__organization_id__in=org_ids, meeting__held_on__range=(first, last),
        meeting__state__in=[MeetingState.RECORDED, MeetingState.REVIEWED],
    ).values_list("meeting__organization_id", "kind", "meeting__held_on")  # fmt: skip
    held: dict[tuple[int, str], list[date]] = defaultdict(list)
    for org_id, kind, held_on in rows:
        held[(org_id, kind)].append(held_on)
    return held


def full_member_counts(org_ids: list[int]) -> dict[int, int]:
    rows = (
        Member.objects.filter(organization_id__in=org_ids, status=Status.NORMAL, stage=Stage.FULL)
        .values("organization_id")
        .annotate(n=Count("pk"))
    )
    return {r["organization_id"]: r["n"] for r in rows}


def _organization_compliance(
    org: Organization, held: dict[tuple[int, str], list[date]], full: dict[int, int],
    first: date, last: date, today: date,
) -> OrganizationCompliance:  # fmt: skip
    holder = Holder.GROUP if org.kind == OrgKind.GROUP else Holder.BRANCH
    owed = requirements_for(holder, has_committee=full.get(org.pk, 0) >= COMMITTEE_MINIMUM)
    kinds = tuple(
        kind_compliance(
            r,
            held.get((org.pk, r.kind.value), []),
            first=first,
            last=last,
            today=today,
            exists_from=org.founded_on,
        )
        for r in owed
    )
    return OrganizationCompliance(org, kinds)


@dataclass(frozen=True)
class AttendanceYear:
    """A member's year: meetings counted they should have attended, and how each went."""

    should: int
    present: int
    late: int
    leave: int

    @property
    def rate(self) -> float:
        """(present + late) / should; 1.0 when nothing was owed."""
        return (self.present + self.late) / self.should if self.should else 1.0


def member_attendance(member: Member, year: int) -> AttendanceYear:
    """The attendance of ``member`` at the counted meetings of their branch and 党小组 in
    ``year`` with a row for them (a meeting's register decides who should attend; the
    recorder writes a mark for each of them). A row at a meeting held only as a 支部委员会会议
    counts only if ``member`` sat on that committee that day (MEET-2), so a mark written
    for an ordinary member never lowers their rate."""
    from dangjian.meetings.models import Attendance, Mark

    rows = list(
        Attendance.objects.filter(
            member=member, meeting__held_on__year=year,
            meeting__state__in=[MeetingState.RECORDED, MeetingState.REVIEWED],
        ).values_list("mark", "meeting_id", "meeting__organization_id", "meeting__held_on")
    )  # fmt: skip
    kinds: dict[int, set[str]] = defaultdict(set)
    for meeting_id, kind in MeetingKindMark.objects.filter(
        meeting_id__in=[r[1] for r in rows]
    ).values_list("meeting_id", "kind"):
        kinds[meeting_id].add(kind)
    posts = list(
        Position.objects.filter(member=member).values_list(
            "organization_id", "started_on", "ended_on"
        )
    )

    def sat_on(org_id: int, day: date) -> bool:
        return any(
            o == org_id and start <= day and (end is None or end > day) for o, start, end in posts
        )

    marks = [
        mark
        for mark, meeting_id, org_id, day in rows
        if not is_committee_meeting(kinds[meeting_id]) or sat_on(org_id, day)
    ]
    return AttendanceYear(len(marks), marks.count(Mark.PRESENT), marks.count(Mark.LATE),
                          marks.count(Mark.LEAVE))  # fmt: skip
