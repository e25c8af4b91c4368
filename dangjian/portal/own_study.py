"""The member's study on the portal: the items still to study, and this year's class hours
against EDU-1 (EDU-2 for a committee member), read through the study app's own selectors.

Shape: ``study_todos(member)`` -> the items not yet studied, soonest due first;
``own_hours(member, today)`` -> ``OwnHours`` (texts in 学时, as the 我的学习 page shows them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dangjian.members.models import Member
from dangjian.rules.citations import cite
from dangjian.rules.study import HoursStatus, hours_text
from dangjian.study.models import StudyItem
from dangjian.study.selectors import items_for_member, member_status, studied_item_ids


def study_todos(member: Member) -> list[StudyItem]:
    """The items assigned to the member's organisation or above, not withdrawn, not studied."""
    done = studied_item_ids(member)
    return [item for item in items_for_member(member) if item.pk not in done]


@dataclass(frozen=True)
class OwnHours:
    """This year's hours: online (items studied), offline (集中学习), their sum, what is owed,
    the verdict, and the citation of the requirement."""

    year: int
    online: str
    offline: str
    total: str
    required: str
    met: bool
    label: str
    prorated: bool
    citation: str


def own_hours(member: Member, today: date) -> OwnHours:
    status = member_status(member, today.year, today)
    return OwnHours(
        year=today.year, online=hours_text(status.online), offline=hours_text(status.offline),
        total=hours_text(status.total), required=hours_text(status.requirement.tenths),
        met=status.met, label=status.label, prorated=status.requirement.prorated,
        citation=citation_of(status),
    )  # fmt: skip


def citation_of(status: HoursStatus) -> str:
    """第二十条 of the 条例 sets the yearly hours of every member; a committee member's larger
    share comes from the 培训规划, cited after it."""
    if status.requirement.rule_id == "EDU-2":
        return f"{cite('EDU-1')}{cite('EDU-2')}"
    return cite(status.requirement.rule_id)
