"""A cadre's party posts (书记, 副书记, 委员... of a 基层党委, 党总支 or 党支部), read from the
organisations' committee records (``members.Position``), never copied into the cadre file.

The committee records are the one truth: an election's confirmation ends the old committee's
posts and starts the new one's on the approval day (``elections.services.election_confirm``),
and a post entered or ended by hand on the organisation's page is the same row. Reading them
here means a new committee appears in its members' cadre files on the day it takes office,
without a step in the cadre database, and a file as of any past date shows the posts of that
date.

Only people who are cadres in the database have a file: a branch committee member who is not a
cadre gets no cadre record (the committees' gender and age mix in the analysis reads every
committee's posts all the same). A cadre is matched to the member archive by the member link
made when the cadre was filed, or else by the same ID number (a member registered later).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from dangjian.cadres.models import Cadre
from dangjian.members.choices import COMMITTEE_TITLES, PositionTitle
from dangjian.members.models import Member, Position
from dangjian.rules.organization import OrgKind

_TITLE_ORDER = {t.value: n for n, t in enumerate(PositionTitle)}


@dataclass(frozen=True)
class PartyPost:
    """One committee post: held from ``started_on`` up to, not including, ``ended_on`` (the
    day the next committee took office; None while held)."""

    organization_id: int
    organization: str
    organization_kind: str  # 基层党委, 党总支, 党支部...
    title: str  # 书记, 副书记, 组织委员...
    started_on: date
    ended_on: date | None

    def held_on(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on > day)

    @property
    def text(self) -> str:
        """E.g. "一支部书记"."""
        return f"{self.organization}{self.title}"


def _held_on(day: date) -> Q:
    # A committee post counts up to, not including, its end (the successor starts that day).
    return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def member_id_of(cadre: Cadre) -> int | None:
    """The member the cadre is: the link made when filed, else the member of the same ID
    number; None for a cadre who is not in the member archive."""
    if cadre.member_id is not None:
        return cadre.member_id
    return (
        Member.objects.filter(id_number_hash=cadre.id_number_hash)
        .values_list("pk", flat=True)
        .first()
    )


def _post(p: Position) -> PartyPost:
    return PartyPost(
        organization_id=p.organization_id, organization=p.organization.name,
        organization_kind=OrgKind(p.organization.kind).label,
        title=PositionTitle(p.title).label, started_on=p.started_on, ended_on=p.ended_on,
    )  # fmt: skip


def party_posts(cadre: Cadre, on: date | None = None) -> list[PartyPost]:
    """The cadre's committee posts, the latest first; only those held on ``on`` when given
    (the file as of a date). Empty for a cadre not in the member archive."""
    member_id = member_id_of(cadre)
    if member_id is None:
        return []
    rows = Position.objects.filter(member_id=member_id, title__in=COMMITTEE_TITLES).select_related(
        "organization"
    )
    if on is not None:
        rows = rows.filter(_held_on(on))
    found = list(rows.order_by("-started_on", "pk"))
    if on is not None:  # several held at once: 书记 before 委员
        found.sort(key=lambda p: _TITLE_ORDER.get(p.title, 99))
    return [_post(p) for p in found]


def party_posts_on(cadres: Iterable[Cadre], on: date) -> dict[int, list[PartyPost]]:
    """For a page of cadres: each cadre's committee posts held on ``on`` (cadre id -> posts,
    书记 first), in one query."""
    by_member = _members_of(list(cadres))
    found: dict[int, list[PartyPost]] = {}
    rows = (
        Position.objects.filter(_held_on(on), member_id__in=list(by_member),
                                title__in=COMMITTEE_TITLES)
        .select_related("organization")
    )  # fmt: skip
    for p in sorted(rows, key=lambda p: (_TITLE_ORDER.get(p.title, 99), p.pk)):
        found.setdefault(by_member[p.member_id], []).append(_post(p))
    return found


def _members_of(cadres: list[Cadre]) -> dict[int, int]:
    """Member id -> cadre id: the link, else the member of the same ID number."""
    by_member = {c.member_id: c.pk for c in cadres if c.member_id is not None}
    unlinked = {c.id_number_hash: c.pk for c in cadres if c.member_id is None}
    if unlinked:
        for pk, digest in Member.objects.filter(id_number_hash__in=list(unlinked)).values_list(
            "pk", "id_number_hash"
        ):
            if digest is not None:
                by_member[pk] = unlinked[digest]
    return by_member
