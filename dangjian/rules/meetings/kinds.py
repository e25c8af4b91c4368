"""The kinds of organisational life, who holds each, and how often (MEET-1..MEET-7).

The frequencies are the defaults of RULES.md; a deployment changes them in its settings
(MEET-4's 党课 has no frequency in the regulations, MEET-6's 组织生活会 may be held more often).
A meeting may count as several kinds (a 主题党日 that is also the quarter's 党员大会 and a 党课).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Frequency(StrEnum):
    """How often a kind is required: once a month, a quarter or a year."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    @property
    def label(self) -> str:
        """每月 / 每季度 / 每年."""
        return {"month": "每月", "quarter": "每季度", "year": "每年"}[self.value]


class Holder(StrEnum):
    """Who holds a kind: the 党支部 itself, or each of its 党小组."""

    BRANCH = "branch"
    GROUP = "group"


class MeetingKind(StrEnum):
    """The kinds the regulations name; a deployment may add free kinds of its own."""

    BRANCH_ASSEMBLY = "branch_assembly"
    BRANCH_COMMITTEE = "branch_committee"
    GROUP_MEETING = "group_meeting"
    PARTY_LECTURE = "party_lecture"
    THEME_DAY = "theme_day"
    LIFE_MEETING = "life_meeting"
    DEMOCRATIC_REVIEW = "democratic_review"

    @property
    def label(self) -> str:
        """The Chinese name, e.g. "支部党员大会"."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    MeetingKind.BRANCH_ASSEMBLY: "支部党员大会",
    MeetingKind.BRANCH_COMMITTEE: "支部委员会会议",
    MeetingKind.GROUP_MEETING: "党小组会",
    MeetingKind.PARTY_LECTURE: "党课",
    MeetingKind.THEME_DAY: "主题党日",
    MeetingKind.LIFE_MEETING: "组织生活会",
    MeetingKind.DEMOCRATIC_REVIEW: "民主评议党员",
}


@dataclass(frozen=True)
class Requirement:
    """How often ``kind`` must be held, by whom, under which rule."""

    kind: MeetingKind
    frequency: Frequency
    holder: Holder
    rule_id: str


DEFAULT_REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(MeetingKind.BRANCH_ASSEMBLY, Frequency.QUARTER, Holder.BRANCH, "MEET-1"),
    Requirement(MeetingKind.BRANCH_COMMITTEE, Frequency.MONTH, Holder.BRANCH, "MEET-2"),
    Requirement(MeetingKind.GROUP_MEETING, Frequency.MONTH, Holder.GROUP, "MEET-3"),
    Requirement(MeetingKind.PARTY_LECTURE, Frequency.QUARTER, Holder.BRANCH, "MEET-4"),
    Requirement(MeetingKind.THEME_DAY, Frequency.MONTH, Holder.BRANCH, "MEET-5"),
    Requirement(MeetingKind.LIFE_MEETING, Frequency.YEAR, Holder.BRANCH, "MEET-6"),
    Requirement(MeetingKind.DEMOCRATIC_REVIEW, Frequency.YEAR, Holder.BRANCH, "MEET-6"),
)


def requirements_for(
    holder: Holder,
    *,
    has_committee: bool,
    requirements: tuple[Requirement, ...] = DEFAULT_REQUIREMENTS,
) -> tuple[Requirement, ...]:
    """What a 党支部 or a 党小组 must hold. A branch without a committee (under 7 full members,
    ORG-3: a secretary instead) owes no 支部委员会会议."""
    return tuple(
        r for r in requirements
        if r.holder is holder and (has_committee or r.kind is not MeetingKind.BRANCH_COMMITTEE)
    )  # fmt: skip
