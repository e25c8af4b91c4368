"""The bulk path of the demo's and the benchmark's meetings: the same rows the services write
(meeting, its kinds, the record event, attendance), in batches, for history too long to write
one service call at a time. Who attended is taken from the organisation's members as they
stand (normal members who had joined by the day), an approximation good enough for history;
the services compute the register of the day for everything recorded through them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from dangjian.meetings.models import (
    Attendance,
    Meeting,
    MeetingEvent,
    MeetingKindMark,
    MeetingState,
)

_SHANGHAI = ZoneInfo("Asia/Shanghai")
BATCH = 5000


@dataclass(frozen=True)
class MeetingRow:
    """One held meeting: ``marks`` (member id, mark code) of those who should attend."""

    organization_id: int
    held_on: date
    kinds: tuple[str, ...]
    topic: str
    marks: tuple[tuple[int, str], ...] = ()
    reviewed: bool = False


def _at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=_SHANGHAI)


@transaction.atomic
def write_meetings(
    rows: Sequence[MeetingRow], *, actor_id: int | None, reviewer_id: int | None
) -> int:
    """Insert ``rows`` as recorded (or reviewed) meetings with their kinds, events and marks;
    returns how many meetings were written."""
    now = timezone.now()
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        meetings = Meeting.objects.bulk_create([
            Meeting(organization_id=r.organization_id, topic=r.topic, held_on=r.held_on,
                    starts_at=_at(r.held_on, 14), ends_at=_at(r.held_on, 16), place="党员活动室",
                    content=f"{r.topic}。与会党员结合岗位工作交流学习体会。",
                    state=MeetingState.REVIEWED if r.reviewed else MeetingState.RECORDED,
                    created_by_id=actor_id)
            for r in chunk
        ], batch_size=BATCH)  # fmt: skip
        MeetingKindMark.objects.bulk_create(
            (MeetingKindMark(meeting=m, kind=k) for m, r in zip(meetings, chunk, strict=True) for k in r.kinds),
            batch_size=BATCH,
        )  # fmt: skip
        events = [
            MeetingEvent(meeting=m, action="record", actor_id=actor_id, at=now) for m in meetings
        ]
        events += [MeetingEvent(meeting=m, action="accept", actor_id=reviewer_id, at=now)
                   for m, r in zip(meetings, chunk, strict=True) if r.reviewed]  # fmt: skip
        MeetingEvent.objects.bulk_create(events, batch_size=BATCH)
        Attendance.objects.bulk_create(_attendance(meetings, chunk), batch_size=BATCH)
    return len(rows)


def _attendance(meetings: Iterable[Meeting], rows: Sequence[MeetingRow]) -> Iterable[Attendance]:
    for meeting, row in zip(meetings, rows, strict=True):
        for member_id, mark in row.marks:
            yield Attendance(meeting=meeting, member_id=member_id, mark=mark)
