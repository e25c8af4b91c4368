"""A meeting's record (会议记录) as Word and PDF, from the replaceable templates
``meeting_minutes.docx`` / ``meeting_minutes.html`` (``documents/doc_templates``).

What it prints, all read from the meeting and the register of its day (``attendees``): topic,
kinds, organisation, date and time, place, host, recorder; who should attend and, by name,
who was present, late, on leave or absent (no mark counts as absent, as on the meeting page),
and who was left out with the reason (MEET-10); the minutes; each vote with its arithmetic and
verdict citing the article (MEET-1, MEET-2); the attachments by name and size. The caller has
checked the asker may see the meeting (``access_meeting``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from django.utils import timezone

from dangjian.documents.models import Attachment
from dangjian.documents.pdf import render_pdf
from dangjian.documents.word import render_docx
from dangjian.meetings.models import Attendance, Mark, Meeting
from dangjian.meetings.selectors import UNMARKED, attendees, floating_reason
from dangjian.meetings.services import meeting_kinds
from dangjian.rules.dates import format_cn_date

TEMPLATE = "meeting_minutes"
NONE = "无"
Format = Literal["docx", "pdf"]


@dataclass(frozen=True)
class Roll:
    """The names of one line of the attendance (出席, 迟到, 请假, 缺席...)."""

    label: str
    names: tuple[str, ...]

    def context(self) -> dict[str, Any]:
        text = "、".join(self.names) if self.names else NONE
        return {"label": self.label, "count": len(self.names), "names": text}


def _size(size: int) -> str:
    """Bytes as people read them: 900 B, 12.3 KB, 4.5 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _lines(text: str) -> list[str]:
    """A multi-line text as its lines (each a paragraph in Word); ``["无"]`` when empty."""
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    return lines or [NONE]


def attendance_rolls(meeting: Meeting) -> list[Roll]:
    """应到, 出席, 迟到, 请假, 缺席, 未记录 (``UNMARKED``, as on every screen), the floating
    members among 应到 with where they went, and 不计入应到 with the reason."""
    register = attendees(meeting)
    marks = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "mark"))
    owed = register.should_attend

    def marked(*codes: str) -> tuple[str, ...]:
        return tuple(e.name for e in owed if marks.get(e.member_id, "") in codes)

    return [
        Roll("应到", tuple(e.name for e in owed)),
        Roll("出席", marked(Mark.PRESENT)),
        Roll("迟到", marked(Mark.LATE)),
        Roll("请假", marked(Mark.LEAVE)),
        Roll("缺席", marked(Mark.ABSENT)),
        Roll(UNMARKED, marked("")),
        Roll(
            "其中流动党员",
            tuple(f"{e.name}（{floating_reason(e)}）" for e in owed if floating_reason(e)),
        ),
        Roll("不计入应到", tuple(f"{e.name}（{e.attendance_label}）" for e in register.left_out)),
    ]


def _votes(meeting: Meeting) -> list[dict[str, Any]]:
    return [
        {
            "number": i,
            "subject": v.subject,
            "counts": (
                f"应到有表决权{v.entitled}人，实到{v.present}人；"
                f"赞成{v.yes}票，反对{v.no}票，弃权{v.abstain}票"
            ),
            "verdicts": "；".join(x["text"] for x in v.verdicts),
            "result": "通过" if v.passed else "未通过",
        }
        for i, v in enumerate(meeting.votes.order_by("recorded_at", "pk"), start=1)
    ]


def _attachments(meeting: Meeting) -> list[str]:
    rows = Attachment.objects.filter(owner_kind="meeting", owner_id=meeting.pk).order_by("pk")
    return [f"{a.name}（{_size(a.size)}）" for a in rows] or [NONE]


def _when(meeting: Meeting) -> str:
    """ "2026年6月1日 14:30–16:30" in the deployment's time zone."""
    starts = timezone.localtime(meeting.starts_at)
    ends = timezone.localtime(meeting.ends_at)
    return f"{format_cn_date(meeting.held_on)} {starts:%H:%M}–{ends:%H:%M}"


def minutes_context(meeting: Meeting) -> dict[str, Any]:
    """The names the templates use (listed in ``doc_templates/README.md``)."""
    names = meeting_kinds()
    online = f"线上：{meeting.online_link}" if meeting.online_link else ""
    place = "；".join(p for p in (meeting.place, online) if p) or NONE
    return {
        "organization_name": meeting.organization.name,
        "topic": meeting.topic,
        "kinds": "、".join(names.get(k.kind, k.kind) for k in meeting.kinds.order_by("pk")),
        "when": _when(meeting),
        "place": place,
        "host": meeting.host.name if meeting.host else NONE,
        "recorder": meeting.recorder.name if meeting.recorder else NONE,
        "state": meeting.get_state_display(),
        "rolls": [r.context() for r in attendance_rolls(meeting)],
        "agenda": _lines(meeting.agenda),
        "content": _lines(meeting.content),
        "decisions": _lines(meeting.decisions),
        "speakers": _lines(meeting.speakers),
        "votes": _votes(meeting),
        "attachments": _attachments(meeting),
        "printed_on": format_cn_date(timezone.localdate()),
    }


def minutes_document(meeting: Meeting, fmt: Format) -> bytes:
    """The record as Word or PDF (A4); ``DocumentError`` (Chinese) for a broken deployment
    template."""
    context = minutes_context(meeting)
    if fmt == "docx":
        return render_docx(f"{TEMPLATE}.docx", context)
    return render_pdf(f"{TEMPLATE}.html", context)
