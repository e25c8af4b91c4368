"""What the API shows of a member or an organisation: plain dicts for the output schemas."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from django.utils import timezone

from dangjian.elections.selectors import term_started_on
from dangjian.members.choices import DuesCategory, Education, Gender, Occupation, Stage, Status
from dangjian.members.display import event_lines, member_flags, member_view
from dangjian.members.inputs import FIELD_LABELS
from dangjian.members.models import EventKind, Member, MemberEvent
from dangjian.orgs.models import Organization, UnitType
from dangjian.rules.dates import age_on
from dangjian.rules.organization import OrgFacts, OrgKind, StructureWarning
from dangjian.rules.statistics import party_standing_years

T = TypeVar("T")

_SEVERITY = {"error": "不符合规定", "warning": "需要关注"}


class Presented(Generic[T]):
    """A queryset seen through ``present``: sliced and counted by the paginator, lazily."""

    def __init__(self, queryset: QuerySet[Any], present: Callable[[Any], T]) -> None:
        self.queryset = queryset
        self.present = present

    def all(self) -> Presented[T]:
        return self

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, window: slice) -> list[T]:
        return [self.present(row) for row in self.queryset[window]]

    def __iter__(self) -> Iterator[T]:
        return (self.present(row) for row in self.queryset)


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _choice_fields(member: Member) -> dict[str, str]:
    pairs = {
        "gender": Gender,
        "stage": Stage,
        "status": Status,
        "dues_category": DuesCategory,
        "education": Education,
        "occupation": Occupation,
    }
    out: dict[str, str] = {}
    for field, choices in pairs.items():
        out[field] = getattr(member, field)
        out[f"{field}_label"] = _label(choices, getattr(member, field))
    return out


def member_summary(member: Member, today: date) -> dict[str, Any]:
    view = member_view(member, today)
    return {
        "id": member.pk,
        "name": member.name,
        "age": view.age,
        "organization_id": member.organization_id,
        "organization_name": member.organization.name,
        "phone_masked": view.phone_masked,
        "flags": list(view.flags),
        **_choice_fields(member),
    }


_PLAIN_FIELDS = (
    "birth_date", "ethnicity", "native_place", "job_title", "work_unit", "address", "applied_on",
    "joined_on", "confirmed_on", "party_group_id", "is_floating", "floating_to",
    "lost_contact_since", "in_difficulty", "is_leading_cadre",
)  # fmt: skip


def member_detail(
    member: Member, today: date, *, revealed: dict[str, str] | None
) -> dict[str, Any]:
    """The full record; ``revealed`` holds the clear numbers when the asker may see them."""
    view = member_view(member, today)
    numbers = revealed or {"id_number": view.id_masked, "phone": view.phone_masked}
    return {
        **member_summary(member, today),
        **{field: getattr(member, field) for field in _PLAIN_FIELDS},
        **numbers,
        "personal_numbers_masked": revealed is None,
        "party_years": view.party_years,
        "party_group_name": member.party_group.name if member.party_group else "",
    }


def member_as_of_detail(member: Member, on: date) -> dict[str, Any]:
    choices = _choice_fields(member)
    return {
        "as_of": on,
        "id": member.pk,
        "name": member.name,
        "age": age_on(member.birth_date, on),
        "party_years": party_standing_years(member.confirmed_on, on),
        "organization_id": member.organization_id,
        "organization_name": member.organization.name,
        "party_group_id": member.party_group_id,
        **{k: choices[k] for k in ("stage", "stage_label", "status", "status_label")},
        "dues_category": choices["dues_category"],
        "dues_category_label": choices["dues_category_label"],
        "joined_on": member.joined_on,
        "confirmed_on": member.confirmed_on,
        "flags": list(member_flags(member)),
    }


def member_history(member: Member, events: list[MemberEvent]) -> dict[str, Any]:
    return {
        "member_id": member.pk,
        "events": [_event(event, lines, reason) for event, lines, reason in event_lines(events)],
    }


def _event(event: MemberEvent, lines: list[str], reason: str) -> dict[str, Any]:
    changes = [
        {"field": f, "label": FIELD_LABELS.get(f, f), "before": old, "after": new}
        for f, (old, new) in event.changes.items()
    ]
    return {
        "id": event.pk,
        "kind": event.kind,
        "kind_label": _label(EventKind, event.kind),
        "effective_on": event.effective_on,
        "recorded_at": event.recorded_at,
        "reason": reason,
        "actor": event.actor.get_username() if event.actor else "",
        "changes": changes,
        "lines": lines,
    }


def org_summary(org: Organization) -> dict[str, Any]:
    return {
        "id": org.pk,
        "name": org.name,
        "short_name": org.short_name,
        "code": org.code,
        "kind": org.kind,
        "kind_label": OrgKind(org.kind).label,
        "parent_id": getattr(org, "parent_pk", None),
        "depth": org.depth,
        "has_children": org.numchild > 0,
        "unit_name": org.unit_name,
        "unit_type": org.unit_type,
        "unit_type_label": _label(UnitType, org.unit_type) if org.unit_type else "",
        "founded_on": org.founded_on,
        "dissolved_on": org.dissolved_on,
        "is_retirees_branch": org.is_retirees_branch,
    }


def org_detail(
    org: Organization, facts: OrgFacts, warnings: list[StructureWarning]
) -> dict[str, Any]:
    parent = Organization.objects.get_parent(org)
    return {
        **org_summary(org),
        "parent_id": parent.pk if parent else None,
        "parent_name": parent.name if parent else "",
        "unit_count": org.unit_count,
        "approval_document": org.approval_document,
        "term_started_on": term_started_on(org, timezone.localdate()),
        "sort_order": org.sort_order,
        "facts": {
            "all_members": facts.all_members,
            "full_members": facts.full_members,
            "probationary_members": facts.all_members - facts.full_members,
            "committee_size": facts.committee_size,
            "units": facts.units,
        },
        "warnings": [_warning(w) for w in warnings],
    }


def _warning(warning: StructureWarning) -> dict[str, str]:
    return {
        "rule_id": warning.rule_id,
        "message": warning.message,
        "severity": warning.severity,
        "severity_label": _SEVERITY.get(warning.severity, warning.severity),
    }
