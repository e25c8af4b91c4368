"""MEET-9 per cadre: leading cadres who are members take part in the organisational life of their
own branch or 党小组 as ordinary members too (双重组织生活, 教育管理条例第十六条).

Who counts as a leading cadre in a year, from what the archive holds (there is no other source
in the platform): a member in good standing in the subtree on the year's last day (today for
the current year) who, that day, carries the archive's flag 领导干部 (``is_leading_cadre``, read
as it stood then: later flag events undone), or who held on any day of the year a party post
(``Position``) in a 基层党委 or 党总支, i.e. a committee above the branch. Both reasons are shown.

Their own branch is the organisation of their membership that day (a cadre transferred during
the year is counted in the branch they ended the year in). What they should have attended: the
meetings of that branch, and of the 党小组 they are in, held in the year up to that day and
counted for compliance (recorded or reviewed), for which the register of the meeting's day lists
them among those who should attend (``attendees``: excusals and the like apply as for anyone).
Attended: marked 出席 or 迟到. One register per counted meeting of a branch with a cadre.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import F, Q

from dangjian.core.actor import Actor
from dangjian.meetings.models import Attendance, Mark, Meeting, MeetingState
from dangjian.meetings.selectors import attendees
from dangjian.members.choices import PositionTitle
from dangjian.members.models import EventKind, Member, MemberEvent, Position
from dangjian.members.selectors import members_as_of
from dangjian.orgs.models import Organization
from dangjian.rules.organization import OrgKind

ABOVE_BRANCH = (OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH)
FLAG = "is_leading_cadre"
FLAGGED = "档案标记为领导干部"


@dataclass(frozen=True)
class CadreYear:
    """One cadre's year in their own branch: why they count, the branch, meetings owed and how
    each went (``attended`` = 出席 + 迟到; ``unmarked`` owed meetings without a mark)."""

    member_id: int
    name: str
    reasons: tuple[str, ...]
    branch_id: int
    branch_name: str
    should: int = 0
    attended: int = 0
    late: int = 0
    leave: int = 0
    absent: int = 0
    unmarked: int = 0

    @property
    def rate(self) -> float | None:
        """attended ÷ should; ``None`` when nothing was owed."""
        return self.attended / self.should if self.should else None

    @property
    def rate_text(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"


def as_of_day(year: int, today: date) -> date:
    """The day the year is read at: its 31 December, or today for the current year."""
    return min(date(year, 12, 31), today)


def _flag_candidates(on: date) -> set[int]:
    """Members flagged now, or whose flag changed after ``on`` (it may have been set then)."""
    now = set(Member.objects.filter(is_leading_cadre=True).values_list("pk", flat=True))
    changed = MemberEvent.objects.filter(
        kind=EventKind.FLAG, effective_on__gt=on, changes__has_key=FLAG
    ).values_list("member_id", flat=True)
    return now | set(changed)


def _flag_on(rows: list[dict[str, Any]], on: date) -> dict[int, bool]:
    """Each member's 领导干部 flag as it stood on ``on``: today's value with later changes undone
    (newest first, so the oldest change after ``on`` gives the value of the day)."""
    flags = {row["pk"]: bool(row["flag_now"]) for row in rows}
    later = MemberEvent.objects.filter(
        member_id__in=list(flags), kind=EventKind.FLAG, effective_on__gt=on
    ).order_by("-effective_on", "-id")
    for event in later.values("member_id", "changes"):
        change = event["changes"].get(FLAG)
        if change:
            flags[event["member_id"]] = bool(change[0])
    return flags


def _posts(first: date, last: date) -> dict[int, list[str]]:
    """Posts held on any day of ``first``..``last`` in a 党委 or 党总支: member -> "X党委书记"."""
    held = Position.objects.filter(
        organization__kind__in=ABOVE_BRANCH, started_on__lte=last
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=first))
    found: dict[int, list[str]] = defaultdict(list)
    labels = dict(PositionTitle.choices)
    for member_id, org_name, title in held.values_list("member_id", "organization__name", "title"):
        found[member_id].append(f"{org_name}{labels.get(title, title)}")
    return found


# The columns of the day's membership period (the join ``members_as_of`` made, as the register).
_THEN = {
    "flag_now": F("is_leading_cadre"),
    "org": F("periods__organization_id"),
    "org_name": F("periods__organization__name"),
    "path": F("periods__organization__path_history__path"),
}


def leading_cadres(user: Actor, root: Organization, year: int, today: date) -> list[CadreYear]:
    """The leading cadres of ``root``'s subtree that ``user`` sees, in tree order, each with
    their own branch (meetings not yet counted)."""
    on = as_of_day(year, today)
    posts = _posts(date(year, 1, 1), on)
    candidates = _flag_candidates(on) | set(posts)
    found_then = members_as_of(user, root, on).filter(pk__in=candidates)
    rows: list[dict[str, Any]] = [
        dict(row) for row in found_then.values("pk", "name", "name_pinyin", **_THEN)
    ]
    flags = _flag_on(rows, on)
    found = []
    for row in sorted(rows, key=lambda r: (r["path"], r["name_pinyin"], r["pk"])):
        reasons = tuple(posts.get(row["pk"], [])) + ((FLAGGED,) if flags[row["pk"]] else ())
        if reasons:
            found.append(CadreYear(row["pk"], row["name"], reasons, row["org"], row["org_name"]))
    return found


def _counted(branch_ids: set[int], year: int, on: date) -> list[Meeting]:
    """Counted meetings of the branches and their 党小组 in ``year`` up to ``on``."""
    groups = Organization.objects.filter(kind=OrgKind.GROUP)
    holders = Q(organization_id__in=branch_ids)
    for branch in Organization.objects.filter(pk__in=branch_ids):
        below = groups.filter(path__startswith=branch.path, depth=branch.depth + 1)
        holders |= Q(organization__in=below)
    return list(
        Meeting.objects.filter(holders, held_on__gte=date(year, 1, 1), held_on__lte=on,
                               state__in=[MeetingState.RECORDED, MeetingState.REVIEWED])
        .select_related("organization").order_by("held_on", "pk")
    )  # fmt: skip


def cadre_attendance(user: Actor, root: Organization, year: int, today: date) -> list[CadreYear]:
    """MEET-9 for every leading cadre of ``root``'s subtree in ``year`` (see the module)."""
    cadres = leading_cadres(user, root, year, today)
    if not cadres:
        return []
    ids = {c.member_id for c in cadres}
    meetings = _counted({c.branch_id for c in cadres}, year, as_of_day(year, today))
    marks = dict(
        ((a.meeting_id, a.member_id), a.mark)
        for a in Attendance.objects.filter(meeting__in=meetings, member_id__in=ids)
    )
    owed: dict[int, list[str]] = defaultdict(list)
    for meeting in meetings:
        for entry in attendees(meeting).should_attend:
            if entry.member_id in ids:
                owed[entry.member_id].append(marks.get((meeting.pk, entry.member_id), ""))
    return [_tally(c, owed[c.member_id]) for c in cadres]


def _tally(cadre: CadreYear, marks: list[str]) -> CadreYear:
    count = marks.count
    return CadreYear(
        cadre.member_id, cadre.name, cadre.reasons, cadre.branch_id, cadre.branch_name,
        should=len(marks), attended=count(Mark.PRESENT) + count(Mark.LATE), late=count(Mark.LATE),
        leave=count(Mark.LEAVE), absent=count(Mark.ABSENT), unmarked=count(""),
    )  # fmt: skip


CADRE_HEADERS = ("姓名", "领导干部依据", "所在党支部", "应参加（次）", "参加（次）", "其中迟到",
                 "请假", "缺席", "未记录", "参加率")  # fmt: skip


def cadre_rows(lines: list[CadreYear]) -> list[list[Any]]:
    """The table's lines, for the page and the workbook alike."""
    return [
        [c.name, "；".join(c.reasons), c.branch_name, c.should, c.attended, c.late, c.leave,
         c.absent, c.unmarked, c.rate_text]
        for c in lines
    ]  # fmt: skip
