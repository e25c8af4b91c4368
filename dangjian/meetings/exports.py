"""Excel exports of 组织生活: the compliance matrix of a subtree for a year, and a year's
attendance of a branch (member × meeting marks, and each member's rate). Written through the
one workbook writer (``documents.excel.table_xlsx`` over ``core.spreadsheet``), so no text
becomes a formula."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dangjian.core.actor import Actor
from dangjian.documents.excel import table_xlsx
from dangjian.meetings.cadres import CADRE_HEADERS, CadreYear, cadre_rows
from dangjian.meetings.models import Attendance, Mark, Meeting, MeetingState
from dangjian.meetings.review_stats import ReviewTable
from dangjian.meetings.review_stats import headers as review_headers
from dangjian.meetings.selectors import (
    UNMARKED,
    OrganizationCompliance,
    attendees,
    visible_meetings,
)
from dangjian.orgs.models import Organization
from dangjian.rules.sources import rule_citation

COMPLIANCE_HEADERS = ("党组织", "会议类型", "频次", "应开（期）", "已开（期）", "未开（期）", "未开期间", "各期情况", "依据")  # fmt: skip
NOT_RECORDED = UNMARKED


def compliance_rows(rows: Sequence[OrganizationCompliance]) -> list[list[Any]]:
    """One line per organisation and kind owed: counts of periods, the periods missed, each
    period's state ("第一季度：已召开1次")."""
    lines: list[list[Any]] = []
    for org in rows:
        for k in org.kinds:
            r = k.requirement
            cells = "；".join(
                f"{c.period.label}：{c.state.label}" + (f"{c.held}次" if c.held else "")
                for c in k.cells
            )
            missed = "、".join(p.label for p in k.missing)
            lines.append([org.organization.name, r.kind.label, r.frequency.label, k.required,
                          k.held, len(k.missing), missed, cells, rule_citation(r.rule_id)])  # fmt: skip
    return lines


def compliance_xlsx(root: Organization, year: int, rows: Sequence[OrganizationCompliance]) -> bytes:
    title = f"{root.name}{year}年组织生活落实情况"
    return table_xlsx(title, COMPLIANCE_HEADERS, compliance_rows(rows), sheet="落实情况")


@dataclass(frozen=True)
class AttendanceYear:
    """A branch's counted meetings of a year and, per person who should have attended any of
    them, the mark at each ("" when not expected, ``NOT_RECORDED`` when expected and unmarked)."""

    organization: Organization
    year: int
    meetings: tuple[Meeting, ...]
    people: tuple[tuple[str, tuple[str, ...]], ...]

    def totals(self, marks: tuple[str, ...]) -> tuple[int, Counter[str], str]:
        """(should attend, count per mark label, rate "92.3%") of one person; rate counts
        出席 and 迟到 over the meetings they should have attended."""
        expected = [m for m in marks if m]
        counted = Counter(expected)
        came = counted[Mark.PRESENT.label] + counted[Mark.LATE.label]
        rate = f"{came * 100 / len(expected):.1f}%" if expected else ""
        return len(expected), counted, rate


def attendance_year(user: Actor, organization: Organization, year: int) -> AttendanceYear:
    """The recorded and reviewed meetings of ``organization`` and its 党小组 held in ``year``
    that ``user`` sees, and who should have attended each (the register of its day)."""
    meetings = tuple(
        visible_meetings(user)
        .filter(organization__path__startswith=organization.path, held_on__year=year,
                state__in=[MeetingState.RECORDED, MeetingState.REVIEWED])
        .select_related("organization")
        .order_by("held_on", "id")
    )  # fmt: skip
    labels = dict(Mark.choices)
    marks = {
        (a.meeting_id, a.member_id): str(labels[a.mark])
        for a in Attendance.objects.filter(meeting__in=meetings)
    }
    names: dict[int, str] = {}
    expected: dict[int, set[int]] = {}
    for meeting in meetings:
        for entry in attendees(meeting).should_attend:
            names.setdefault(entry.member_id, entry.name)
            expected.setdefault(entry.member_id, set()).add(meeting.pk)
    people = tuple(
        (names[member_id], tuple(
            marks.get((m.pk, member_id), NOT_RECORDED) if m.pk in expected[member_id] else ""
            for m in meetings
        ))
        for member_id in sorted(names, key=lambda i: (names[i], i))
    )  # fmt: skip
    return AttendanceYear(organization, year, meetings, people)


def attendance_xlsx(data: AttendanceYear) -> bytes:
    headers = ["姓名", *(f"{m.held_on:%m-%d} {m.topic}" for m in data.meetings),
               "应到（次）", "出席", "迟到", "请假", "缺席", NOT_RECORDED, "出席率"]  # fmt: skip
    rows: list[list[Any]] = []
    for name, marks in data.people:
        expected, counted, rate = data.totals(marks)
        rows.append([name, *marks, expected, *(counted[str(label)] for _, label in Mark.choices),
                     counted[NOT_RECORDED], rate])  # fmt: skip
    title = (
        f"{data.organization.name}{data.year}年组织生活出席情况（出席率＝出席与迟到次数÷应到次数）"
    )
    return table_xlsx(title, headers, rows, sheet="出席情况")


def cadres_xlsx(root: Organization, year: int, lines: list[CadreYear]) -> bytes:
    """MEET-9 per cadre: one line per leading cadre of the subtree (``meetings.cadres``)."""
    title = (f"{root.name}{year}年领导干部参加双重组织生活情况（参加率＝出席与迟到次数÷应参加次数；"
             f"依据{rule_citation('MEET-9')}）")  # fmt: skip
    return table_xlsx(title, CADRE_HEADERS, cadre_rows(lines), sheet="双重组织生活")


def reviews_xlsx(table: ReviewTable) -> bytes:
    """STAT-7 table 8 (民主评议党员): a line per organisation that held reviews, then the total."""
    title = (f"{table.root.name}{table.year}年民主评议党员情况（党内统计年报表8；"
             "按组织评议的党组织统计；评议未完成的不计入参加评议人数）")  # fmt: skip
    rows = [[x.organization_name, *x.cells()] for x in (*table.lines, table.total)]
    return table_xlsx(title, review_headers(), rows, sheet="民主评议党员")


def year_span(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)
