"""Reads of the member archive. Every function starts from the asker's scope."""

from __future__ import annotations

import copy
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from django.db.models import Case, Count, F, Q, QuerySet, Value, When

from dangjian.accounts.access import member_scope_q, scope_for, visible_members
from dangjian.core import crypto
from dangjian.core.actor import Actor
from dangjian.core.ranges import prefix_range
from dangjian.members.attributes_on import attribute_name, attributes_on
from dangjian.members.choices import Stage, Status
from dangjian.members.models import EventKind, Member, MemberEvent, MemberNameKey, MemberPeriod
from dangjian.members.pinyin import PINYIN_ALPHABET
from dangjian.members.rows import ROW_FIELDS, MemberRows
from dangjian.orgs.models import Organization, in_subtree, valid_on
from dangjian.orgs.selectors import path_on
from dangjian.rules.dates import add_months, latest_birth_for_age
from dangjian.rules.idcard import looks_like_id_number
from dangjian.rules.numbers import PhoneError, fold_number, id_tail, parse_phone
from dangjian.rules.organization import OrgKind
from dangjian.rules.statistics import AGE_BANDS, latest_accepted_for_probation_end

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


LIST_ORDER = ("organization__path", "name_pinyin", "pk")  # tree order, then by pinyin


def member_search(user: Actor, filters: MemberFilters, on: date) -> QuerySet[Member]:
    """The members ``user`` may see that match ``filters``, in ``LIST_ORDER``."""
    matching = visible_members(user).filter(_filters_q(filters, on))
    return matching.select_related("organization").order_by(*LIST_ORDER)


def _filters_q(filters: MemberFilters, on: date) -> Q:
    """All of ``filters`` as one condition (one ``filter()`` call: each call clones the query)."""
    q = Q(
        **{
            field: value
            for field, value in [
                ("status", filters.status),
                ("stage", filters.stage),
                ("dues_category", filters.dues_category),
                ("gender", filters.gender),
                ("education", filters.education),
                ("occupation", filters.occupation),
            ]
            if value
        }
    )
    if not filters.include_departed and not filters.status:
        q &= Q(status__in=[Status.NORMAL, Status.SUSPENDED])
    if filters.organization_id:
        q &= _organization_q(filters.organization_id)
    return q & _age_band_q(filters.age_band, on) & _flag_q(filters.flag, on) & _text_q(filters.q)


def member_rows(user: Actor, filters: MemberFilters, on: date) -> MemberRows:
    """``member_search`` for the list pages, as rows of the columns a line shows: the encrypted
    numbers are neither fetched nor decrypted, and no model object is built."""
    return MemberRows(_list_lines().filter(member_scope_q(user), _filters_q(filters, on)))


@cache
def _list_lines() -> QuerySet[Member, dict[str, Any]]:
    """The columns and order of list lines, resolved once. Resolving fourteen column names is
    most of the Python time of a 30-line page; each page clones this and adds its filters."""
    columns = Member.objects.order_by(*LIST_ORDER)
    lines: QuerySet[Member, dict[str, Any]] = columns.values(
        "pk", *ROW_FIELDS, organization_name=F("organization__name")
    )
    return lines


def _organization_q(org_id: int) -> Q:
    """Members of the organisation's subtree; of a 党小组, the members who name it (they
    belong to the branch above it)."""
    org = Organization.objects.filter(pk=org_id).first()
    if org is None:
        return Q(pk__in=[])
    if org.kind == OrgKind.GROUP:
        return Q(party_group=org)
    return in_subtree(org.path, "organization__path")


def _text_q(text: str) -> Q:
    """What the search box means: a whole ID number, the last 4 or 6 characters of one, a
    telephone number, pinyin (full or initials, of any common reading), or part of a name.
    Numbers are read as every door reads them (full-width, spaced, dashed, lower-case x)."""
    text = text.strip()
    if not text:
        return Q()
    folded = fold_number(text)
    if (id_number := looks_like_id_number(text)) is not None:
        return Q(id_number_hash=crypto.lookup_hash(id_number))
    if (tail := id_tail(text)) is not None:
        field = "id_tail4_hash" if len(tail) == 4 else "id_tail6_hash"
        return Q(**{field: crypto.id_tail_hash(tail)})
    if folded.isascii() and folded[:1] in "+(0123456789":
        return _phone_q(text)
    key = "".join(unicodedata.normalize("NFKC", text).split()).lower()
    if key.isascii():
        if not key.isalpha():
            return Q(pk__in=[])  # pinyin keys are letters only
        return _name_key_q(key)
    return Q(name__contains=text)


def _phone_q(text: str) -> Q:
    try:
        phone = parse_phone(text)
    except PhoneError:
        return Q(pk__in=[])
    return Q(phone_hash=crypto.lookup_hash(phone.value))


def _name_key_q(prefix: str) -> Q:
    """Members with a pinyin key starting with ``prefix``: one range over the key index (the
    unique index (key, member) gives the member ids without reading the table)."""
    keys = MemberNameKey.objects.filter(prefix_range("key", prefix, PINYIN_ALPHABET))
    return Q(pk__in=keys.values("member_id"))


def _age_band_q(band: str, on: date) -> Q:
    if band not in AGE_BAND_LIMITS:
        return Q()
    youngest, oldest = AGE_BAND_LIMITS[band]
    q = Q()
    if youngest is not None:
        q &= Q(birth_date__lte=latest_birth_for_age(on, youngest))
    if oldest is not None:  # at most `oldest` = not yet `oldest + 1`
        q &= Q(birth_date__gt=latest_birth_for_age(on, oldest + 1))
    return q


# The list's "标记" filter; the home page's cards open the list with one of these, so a card's
# number and the list it opens are one query.
MEMBER_FLAGS = {
    "probation_due": "预备期将满或已满",
    "floating": "流动党员",
    "lost_contact": "失联党员",
    "difficulty": "困难党员",
    "cadre": "领导干部",
}


def _flag_q(flag: str, on: date) -> Q:
    if flag == "probation_due":
        # Probation ends one year after the 支部大会 (DEV-15): those ending within a month.
        latest = latest_accepted_for_probation_end(add_months(on, 1))
        return Q(stage=Stage.PROBATIONARY, joined_on__lte=latest)
    flags = {
        "floating": Q(is_floating=True),
        "lost_contact": Q(lost_contact_since__isnull=False),
        "difficulty": Q(in_difficulty=True),
        "cadre": Q(is_leading_cadre=True),
    }
    return flags.get(flag, Q())


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


def _period_on(organization: Organization, on: date, prefix: str = "") -> Q:
    """A membership period in good standing on ``on``, in ``organization``'s subtree as the
    tree stood that day. ``prefix`` points at the period from the model queried.

    The subtree is joined through the path history (one row per organisation and date), not
    given as a list of ids: ordered by that day's path, a page walks only the subtree's range
    of the path index.
    """
    history = f"{prefix}organization__path_history__"
    return Q(
        in_subtree(path_on(organization, on), f"{history}path"),
        valid_on(on, history),
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": on}),
        **{f"{prefix}valid_from__lte": on, f"{prefix}status": Status.NORMAL},
    )


def period_on_q(organization: Organization, on: date) -> Q:
    """The condition ``members_as_of`` puts on a member query (belongs in good standing on
    ``on``), for a query whose scope was settled elsewhere (the register a service counts)."""
    return _period_on(organization, on, "periods__")


def members_as_of(user: Actor, organization: Organization, on: date) -> QuerySet[Member]:
    """Members who belonged to the subtree of ``organization`` in good standing on ``on``.

    The subtree is the one of that date: an organisation moved in since does not count, one
    moved out since does (the path history says where each sat).
    """
    # One join, not pk__in: periods of a member never overlap, so no row can repeat.
    return register_members(user, organization).filter(_period_on(organization, on, "periods__"))


def register_members(user: Actor, organization: Organization) -> QuerySet[Member]:
    """Whom a register of ``organization`` may list for ``user``: everyone who belonged that
    day when the asker looks after the organisation (a member who has left since still
    belongs to its past register, so a day's figure is the same whoever counts it), else only
    the members the asker sees today."""
    if scope_for(user).covers_org(organization):
        return Member.objects.all()
    return visible_members(user)


# What a past day's list shows as it was that day: the recorded attributes as the archive's
# events had left them (``attributes_on``), the stage of that day's period.
_ROW_FIELDS_THEN = ("name", "gender", "birth_date", "joined_on", "education")


def member_rows_as_of(user: Actor, organization: Organization, on: date) -> MemberRows:
    """``members_as_of`` as list rows, with ``organization_then``: the organisation each member
    belonged to that day (the rows are in the order of that day's tree); name, gender, birth
    date, 入党时间, education and stage as they stood that day, the flags as today."""
    members = members_as_of(user, organization, on).order_by(
        "periods__organization__path_history__path", "name_pinyin", "pk"
    )
    then = attributes_on(on, _ROW_FIELDS_THEN)
    today = [f for f in ROW_FIELDS if f not in (*_ROW_FIELDS_THEN, "stage")]
    renamed = {attribute_name(f): f for f in _ROW_FIELDS_THEN} | {"stage_then": "stage"}
    return MemberRows(
        members.values(
            "pk",
            *today,
            **then,
            stage_then=F("periods__stage"),
            organization_name=organization_today(user),
            organization_then=F("periods__organization__name"),
        ),
        renamed,
    )


def organization_today(user: Actor) -> Case | F:
    """Today's organisation of a past register's member, blank for one the asker no longer
    sees: where a member who has left went is not the past register's to tell."""
    seen = member_scope_q(user)
    if not seen:  # the whole archive
        return F("organization__name")
    return Case(When(seen, then=F("organization__name")), default=Value(""))


def count_members_as_of(user: Actor, organization: Organization, on: date) -> int:
    """How many members ``members_as_of`` gives. For an asker who looks after the organisation
    the periods alone answer: every period belongs to a member and a member's periods never
    overlap, so the join to the member table (one index probe per member) is left out."""
    if scope_for(user).covers_org(organization):
        return MemberPeriod.objects.filter(_period_on(organization, on)).count()
    return members_as_of(user, organization, on).count()


def status_counts(user: Actor, organization: Organization) -> dict[str, int]:
    """Member counts by standing status for a subtree, within the asker's scope."""
    rows = (
        visible_members(user)
        .filter(in_subtree(organization.path, "organization__path"))
        .values("status")
        .annotate(n=Count("*"))
    )
    return {row["status"]: row["n"] for row in rows}
