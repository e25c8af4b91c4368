"""Parsed, typed input of 组织生活: what forms, the API and imports hand to the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class MeetingInput:
    """A meeting as planned. ``kinds``: the ``rules.meetings.kinds.MeetingKind`` codes (or a
    deployment's own kinds) it counts as; ``starts_at``/``ends_at`` timezone-aware."""

    organization_id: int
    topic: str
    kinds: tuple[str, ...]
    starts_at: datetime
    ends_at: datetime
    place: str = ""
    online_link: str = ""
    host_id: int | None = None
    recorder_id: int | None = None
    agenda: str = ""

    @property
    def held_on(self) -> date:
        return self.starts_at.date()


@dataclass(frozen=True)
class MinutesInput:
    """What the recorder writes after the meeting; ``marks`` member id -> mark code
    (present, late, leave, absent) for those who should attend and did not sign in.
    ``decisions``/``speakers`` ``None``: not sent, the stored text is kept."""

    content: str
    decisions: str | None = None
    speakers: str | None = None
    marks: tuple[tuple[int, str], ...] = ()
