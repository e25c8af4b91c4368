"""A full set of marks for a record: the service refuses a record with anyone unmarked."""

from __future__ import annotations

from dangjian.meetings.models import Attendance, Meeting
from dangjian.meetings.selectors import attendees


def complete(
    meeting_id: int, *marks: tuple[int, str], rest: str = "absent"
) -> tuple[tuple[int, str], ...]:
    """``marks`` plus ``rest`` for everyone else who should attend and has no mark yet."""
    meeting = Meeting.objects.get(pk=meeting_id)
    given = {member_id for member_id, _ in marks}
    given |= set(Attendance.objects.filter(meeting=meeting).values_list("member_id", flat=True))
    others = tuple(
        (e.member_id, rest) for e in attendees(meeting).should_attend if e.member_id not in given
    )
    return (*marks, *others)
