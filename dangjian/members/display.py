"""What a page or export shows of a member: derived facts and masked personal numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dangjian.members.inputs import FIELD_LABELS
from dangjian.members.models import Member, MemberEvent
from dangjian.rules.dates import age_on
from dangjian.rules.idcard import mask_id_number, mask_phone
from dangjian.rules.sources import readable_citations
from dangjian.rules.statistics import party_standing_years


@dataclass(frozen=True)
class MemberView:
    member: Member
    age: int
    party_years: int | None
    id_masked: str
    phone_masked: str
    flags: tuple[str, ...]


def member_flags(member: Member) -> tuple[str, ...]:
    flags = []
    if member.is_floating:
        flags.append("流动党员")
    if member.lost_contact_since:
        flags.append("失联党员")
    if member.in_difficulty:
        flags.append("困难党员")
    if member.is_leading_cadre:
        flags.append("领导干部")
    return tuple(flags)


def member_view(member: Member, today: date) -> MemberView:
    return MemberView(
        member=member,
        age=age_on(member.birth_date, today),
        party_years=party_standing_years(member.confirmed_on, today),
        id_masked=mask_id_number(member.id_number or ""),
        phone_masked=mask_phone(member.phone or "") if member.phone else "",
        flags=member_flags(member),
    )


def _value_label(field: str, value: object, org_names: dict[int, str]) -> str:
    from dangjian.members import choices

    if value in (None, "", False):
        return "无" if value is not False else "否"
    if value is True:
        return "是"
    if field in ("organization_id", "party_group_id"):
        return org_names.get(int(value), f"#{value}")  # type: ignore[call-overload]
    enums = {
        "gender": choices.Gender, "status": choices.Status, "stage": choices.Stage,
        "education": choices.Education, "occupation": choices.Occupation,
        "dues_category": choices.DuesCategory,
    }  # fmt: skip
    if field in enums:
        try:
            return str(enums[field](value).label)
        except ValueError:
            return str(value)
    return str(value)


def event_lines(events: list[MemberEvent]) -> list[tuple[MemberEvent, list[str], str]]:
    """Each event with its changes as Chinese lines ("所在党组织：一支部 → 二支部") and its reason
    as a person reads it: a rule ID recorded in it ("（MEM-4）") read as the regulation and
    article it stands for."""
    from dangjian.orgs.models import Organization

    org_ids = {
        int(v)
        for e in events
        for f, pair in e.changes.items()
        if f in ("organization_id", "party_group_id")
        for v in pair
        if v
    }
    names = dict(Organization.objects.filter(pk__in=org_ids).values_list("pk", "name"))
    result = []
    for event in events:
        lines = [
            f"{FIELD_LABELS.get(f, f)}：{_value_label(f, old, names)} → {_value_label(f, new, names)}"
            for f, (old, new) in event.changes.items()
        ]
        result.append((event, lines, readable_citations(event.reason)))
    return result
