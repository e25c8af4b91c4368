"""Reads of the member archive. Every function starts from the asker's scope."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from dangjian.accounts.access import visible_members
from dangjian.core import crypto
from dangjian.members.choices import Status
from dangjian.members.models import EventKind, Member, MemberEvent
from dangjian.orgs.models import Organization, in_subtree
from dangjian.orgs.selectors import organizations_in_subtree_on
from dangjian.rules.dates import latest_birth_for_age
from dangjian.rules.statistics import AGE_BANDS

_DATE_FIELDS = {"birth_date", "applied_on", "joined_on", "confirmed_on", "lost_contact_since"}

# STAT-1 age bands as (youngest, oldest) whole years; None = open.
AGE_BAND_LIMITS: dict[str, tuple[int | None, int | None]] = dict(
    zip(
        AGE_BANDS,
        [(None, 30), (31, 35), (36, 40), (41, 45), (46, 50), (51, 55), (56, 60), (61, None)],
        strict=True,
    )
)


@dataclass(frozen=True)
class MemberFilters:
    q: str = ""
    organization_id: int | None = None
    status: str = ""
    stage: str = ""
    dues_category: str = ""
    gender: str = ""
    age_band: str = ""
    education: str = ""
    occupation: str = ""
    flag: str = ""  # floating / lost_contact / difficulty / cadre
    include_departed: bool = False


def member_search(user: Any, filters: MemberFilters, on: date) -> QuerySet[Member]:
    qs = visible_members(user).select_related("organization")
    if not filters.include_departed and not filters.status:
        qs = qs.filter(status__in=[Status.NORMAL, Status.SUSPENDED])
    if filters.organization_id:
        org = Organization.objects.filter(pk=filters.organization_id).first()
        qs = qs.filter(in_subtree(org.path, "organization__path")) if org else qs.none()
    simple = {
        "status": filters.status,
        "stage": filters.stage,
        "dues_category": filters.dues_category,
        "gender": filters.gender,
        "education": filters.education,
        "occupation": filters.occupation,
    }
    qs = qs.filter(**{k: v for k, v in simple.items() if v})
    qs = _filter_age_band(qs, filters.age_band, on)
    qs = _filter_flag(qs, filters.flag)
    return _filter_text(qs, filters.q.strip()).order_by("organization__path", "name_pinyin", "pk")


# What a row of the member list shows (templates/members/_member_rows.html).
LIST_ROW_FIELDS = (
    "name", "gender", "birth_date", "stage", "status", "joined_on", "education",
    "is_floating", "lost_contact_since", "in_difficulty", "is_leading_cadre",
    "organization__name",
)  # fmt: skip


def member_rows(user: Any, filters: MemberFilters, on: date) -> QuerySet[Member]:
    """``member_search`` for the list pages: only the columns a row shows are read, so the
    encrypted numbers are neither fetched nor decrypted."""
    return member_search(user, filters, on).only(*LIST_ROW_FIELDS)


def _filter_text(qs: QuerySet[Member], text: str) -> QuerySet[Member]:
    if not text:
        return qs
    if len(text) == 18 and text[:17].isdigit():
        return qs.filter(id_number_hash=crypto.lookup_hash(text))
    if text.isascii():
        key = text.lower().replace(" ", "")
        return qs.filter(Q(name_initials__startswith=key) | Q(name_pinyin__startswith=key))
    return qs.filter(name__contains=text)


def _filter_age_band(qs: QuerySet[Member], band: str, on: date) -> QuerySet[Member]:
    if band not in AGE_BAND_LIMITS:
        return qs
    youngest, oldest = AGE_BAND_LIMITS[band]
    if youngest is not None:
        qs = qs.filter(birth_date__lte=latest_birth_for_age(on, youngest))
    if oldest is not None:  # at most `oldest` = not yet `oldest + 1`
        qs = qs.filter(birth_date__gt=latest_birth_for_age(on, oldest + 1))
    return qs


def _filter_flag(qs: QuerySet[Member], flag: str) -> QuerySet[Member]:
    flags = {
        "floating": Q(is_floating=True),
        "lost_contact": Q(lost_contact_since__isnull=False),
        "difficulty": Q(in_difficulty=True),
        "cadre": Q(is_leading_cadre=True),
    }
    return qs.filter(flags[flag]) if flag in flags else qs


def member_timeline(member: Member) -> QuerySet[MemberEvent]:
    """The member's events, newest first. The caller has already passed access_member."""
    return member.events.select_related("actor").order_by("-effective_on", "-id")


def member_as_of(member: Member, on: date) -> Member | None:
    """The member as the archive stood on ``on``: later events undone. None before the record."""
    events = list(member.events.order_by("-effective_on", "-id"))
    created = [e for e in events if e.kind == EventKind.CREATED]
    if created and on < created[0].effective_on:
        return None
    past = copy.copy(member)
    past._state = copy.copy(member._state)
    past._state.fields_cache = {}  # organisation and group are re-read for the past ids
    for event in events:
        if event.effective_on <= on:
            break
        for field, (before, _after) in event.changes.items():
            if field in _DATE_FIELDS and isinstance(before, str):
                before = date.fromisoformat(before)
            if field not in {"id_number", "phone"}:
                setattr(past, field, before)
    return past


def members_as_of(user: Any, organization: Organization, on: date) -> QuerySet[Member]:
    """Members who belonged to the subtree of ``organization`` in good standing on ``on``.

    The subtree is the one of that date: an organisation moved in since does not count, one
    moved out since does (the path history says where each sat).
    """
    then = organizations_in_subtree_on(organization, on)
    # One join, not pk__in: periods of a member never overlap, so no row can repeat.
    return visible_members(user).filter(
        Q(periods__valid_to__isnull=True) | Q(periods__valid_to__gt=on),
        periods__organization_id__in=then,
        periods__valid_from__lte=on,
        periods__status=Status.NORMAL,
    )


def status_counts(user: Any, organization: Organization) -> dict[str, int]:
    """Member counts by standing status for a subtree, within the asker's scope."""
    rows = (
        visible_members(user)
        .filter(in_subtree(organization.path, "organization__path"))
        .values("status")
        .annotate(n=Count("*"))
    )
    return {row["status"]: row["n"] for row in rows}
