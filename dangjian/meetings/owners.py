"""Meetings as owners of attachments (photos, sign-in sheets, materials): seen by whoever sees
the meeting, added to by whoever may record it."""

from __future__ import annotations

from dangjian.core.actor import Actor
from dangjian.documents.owners import OwnerKind


def _sees(user: Actor, meeting_id: int) -> bool:
    from dangjian.meetings.selectors import visible_meetings

    return visible_meetings(user).filter(pk=meeting_id).exists()


def _manages(user: Actor, meeting_id: int) -> bool:
    from dangjian.accounts.access import may_record_meeting
    from dangjian.meetings.selectors import visible_meetings

    meeting = visible_meetings(user).filter(pk=meeting_id).select_related("organization").first()
    return meeting is not None and may_record_meeting(user, meeting.organization)


MEETING_OWNER = OwnerKind("meeting", "会议", "meetings.Meeting", _sees, _manages)
