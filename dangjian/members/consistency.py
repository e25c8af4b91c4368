"""The archive's own consistency checks on a stored member (``rules.plausibility``), worded
for the person who keeps the record: labels instead of codes, the regulation instead of the
rule ID. Shown on the member's page; the demo is held to them by its tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dangjian.members.choices import DuesCategory, Occupation
from dangjian.members.models import Member
from dangjian.rules.plausibility import (
    CATEGORIES_BY_OCCUPATION,
    Finding,
    PersonFacts,
    check_person,
)
from dangjian.rules.sources import rule_citation


@dataclass(frozen=True)
class RecordNotice:
    """A finding as shown: the field's label and the full sentence; ``rule_id`` for tests."""

    field: str
    label: str
    message: str
    rule_id: str


def facts_of(member: Member) -> PersonFacts:
    return PersonFacts(
        birth_date=member.birth_date,
        gender=member.gender,
        education=member.education,
        occupation=member.occupation,
        dues_category=member.dues_category,
        job_title=member.job_title,
        status=member.status,
        lost_contact_since=member.lost_contact_since,
    )


def record_notices(member: Member, today: date) -> list[RecordNotice]:
    """What in ``member``'s record disagrees with itself as of ``today`` ([] when nothing)."""
    return [_notice(member, f) for f in check_person(facts_of(member), today)]


def _notice(member: Member, finding: Finding) -> RecordNotice:
    message = finding.message
    if finding.field == "dues_category":
        message = _category_message(member)
    if finding.rule_id:
        message += f"（依据{rule_citation(finding.rule_id)}）"
    field = Member._meta.get_field(finding.field)
    label = str(getattr(field, "verbose_name", finding.field))
    return RecordNotice(finding.field, label, message, finding.rule_id)


def _category_message(member: Member) -> str:
    allowed = CATEGORIES_BY_OCCUPATION.get(member.occupation, frozenset())
    names = "、".join(f"“{DuesCategory(c).label}”" for c in sorted(allowed))
    return (
        f"党费类别“{member.get_dues_category_display()}”与工作岗位类别"
        f"“{Occupation(member.occupation).label}”不符，应为{names}"
    )
