"""What the 组织生活 pages show, shaped from the selectors: the compliance matrix's grid (with
the meetings behind each held cell), the current period's due kinds, a member's own year."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from dangjian.core.actor import Actor
from dangjian.meetings.models import Attendance, Mark, Meeting, MeetingState
from dangjian.meetings.selectors import (
    UNMARKED,
    OrganizationCompliance,
    should_attend,
    visible_meetings,
)
from dangjian.rules.meetings.compliance import Cell, CellState
from dangjian.rules.meetings.kinds import Frequency
from dangjian.rules.meetings.periods import Period, periods_between

_ORDER = {CellState.MISSING: 0, CellState.OPEN: 1, CellState.HELD: 2, CellState.NOT_OWED: 3}


@dataclass(frozen=True)
class MeetingLink:
    pk: int
    held_on: date
    topic: str


@dataclass(frozen=True)
class GridCell:
    """One kind in one column: the state of the periods of that kind ending in the column
    (``None``: nothing of this kind falls due in the column) and the meetings behind it."""

    state: CellState | None
    periods: tuple[Period, ...] = ()
    meetings: tuple[MeetingLink, ...] = ()
    held_periods: int = 0

    @property
    def label(self) -> str:
        """ "已召开", or for a column of several periods not all held "未召开（1/3）"."""
        if self.state is None:
            return ""
        if len(self.periods) > 1 and self.state is not CellState.HELD:
            return f"{self.state.label}（已开{self.held_periods}/{len(self.periods)}）"
        return self.state.label

    @property
    def title(self) -> str:
        return "、".join(p.label for p in self.periods)


@dataclass(frozen=True)
class GridRow:
    compliance: OrganizationCompliance
    kind_label: str
    frequency_label: str
    cells: tuple[GridCell, ...]
    first: bool  # the first kind of its organisation (the name spans the rows)


@dataclass
class Grid:
    columns: list[Period]
    rows: list[GridRow] = field(default_factory=list)


def _combined(cells: list[Cell]) -> CellState | None:
    """The column's state for several periods (a monthly kind in a quarter column): the worst."""
    owed = [c.state for c in cells]
    if not owed:
        return None
    return min(owed, key=lambda s: _ORDER[s])


def counted_meetings(
    org_ids: list[int], first: date, last: date
) -> dict[tuple[int, str], list[MeetingLink]]:
    """The meetings that count (recorded or reviewed) of ``org_ids`` in ``first``..``last``,
    by (organisation, kind): one query; a meeting marked with two kinds is listed under both."""
    rows = (
        Meeting.objects.filter(
            organization_id__in=org_ids,
            held_on__range=(first, last),
            state__in=[MeetingState.RECORDED, MeetingState.REVIEWED],
        )
        .values_list("organization_id", "kinds__kind", "pk", "held_on", "topic")
        .order_by("held_on", "pk")
    )
    found: dict[tuple[int, str], list[MeetingLink]] = defaultdict(list)
    for org_id, kind, pk, held_on, topic in rows:
        found[(org_id, kind)].append(MeetingLink(pk, held_on, topic))
    return found


def compliance_grid(rows: list[OrganizationCompliance], year: int, grain: Frequency) -> Grid:
    """Organisations by ``grain`` (months or quarters) of ``year``: each kind's cell sits in
    the column its period ends in (a quarterly kind in the quarter's last month, a yearly one
    in the last column); held cells carry their meetings."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    columns = periods_between(first, last, grain)
    links = counted_meetings([r.organization.pk for r in rows], first, last)
    grid = Grid(columns)
    for oc in rows:
        for i, kc in enumerate(oc.kinds):
            cells: list[GridCell] = []
            for column in columns:
                due = [c for c in kc.cells if column.contains(c.period.last_day)]
                state = _combined(due)
                periods = tuple(c.period for c in due)
                meetings = tuple(
                    m
                    for m in links.get((oc.organization.pk, kc.requirement.kind.value), [])
                    if any(p.contains(m.held_on) for p in periods)
                )
                held = sum(1 for c in due if c.state is CellState.HELD)
                cells.append(GridCell(state, periods, meetings, held))
            req = kc.requirement
            row = GridRow(oc, req.kind.label, req.frequency.label, tuple(cells), i == 0)
            grid.rows.append(row)
    return grid


@dataclass(frozen=True)
class DueKind:
    """One kind owed in the period containing today: its period and state."""

    organization_name: str
    kind_label: str
    period: Period
    state: CellState


def due_now(rows: list[OrganizationCompliance], today: date) -> list[DueKind]:
    """The kinds whose current period contains ``today``, still open ones first."""
    found = [
        DueKind(oc.organization.name, kc.requirement.kind.label, c.period, c.state)
        for oc in rows
        for kc in oc.kinds
        for c in kc.cells
        if c.period.contains(today)
    ]
    return sorted(found, key=lambda d: (d.state is CellState.HELD, d.period.last_day))


@dataclass(frozen=True)
class OwnLine:
    meeting: Meeting
    mark: str  # a Mark code, or "" when nothing was marked (not attended)

    @property
    def label(self) -> str:
        return Mark(self.mark).label if self.mark else UNMARKED


@dataclass(frozen=True)
class OwnYear:
    """A member's attendance over a year's held meetings they should have attended."""

    lines: tuple[OwnLine, ...]

    @property
    def owed(self) -> int:
        return len(self.lines)

    @property
    def attended(self) -> int:
        return sum(1 for x in self.lines if x.mark in (Mark.PRESENT, Mark.LATE))

    def count(self, mark: str) -> int:
        return sum(1 for x in self.lines if x.mark == mark)

    @property
    def on_leave(self) -> int:
        return self.count(Mark.LEAVE)

    @property
    def late(self) -> int:
        return self.count(Mark.LATE)

    @property
    def absent(self) -> int:
        return sum(1 for x in self.lines if x.mark in (Mark.ABSENT, ""))

    @property
    def rate_text(self) -> str:
        """实到 ÷ 应到 as a percentage with one decimal, "—" when nothing was owed."""
        if not self.owed:
            return "—"
        return f"{self.attended * 100 / self.owed:.1f}%"


def own_year(user: Actor, member_id: int, year: int, today: date) -> OwnYear:
    """The held meetings of ``year`` (up to ``today``) that ``member_id`` should have attended
    by the register of each meeting's day, with their mark."""
    meetings = list(
        visible_meetings(user)
        .filter(held_on__year=year, held_on__lte=today)
        .filter(state__in=[MeetingState.RECORDED, MeetingState.REVIEWED])
        .select_related("organization")
        .order_by("held_on", "pk")
    )
    marks = dict(
        Attendance.objects.filter(member_id=member_id, meeting__in=meetings).values_list(
            "meeting_id", "mark"
        )
    )
    lines = tuple(OwnLine(m, marks.get(m.pk, "")) for m in meetings if should_attend(m, member_id))
    return OwnYear(lines)
