"""民主评议党员 for the annual statistics (STAT-7 table 8, 民主评议党员): for a subtree and a year,
the members who took part and how many were rated in each grade (MEET-6's grades, a setting).

Counting basis (STAT-5): a review counts for the organisation that held it (the one that
recorded the rating), whatever organisation the member belongs to at the year's end; the
subtree is the one of 31 December of that year (the organisations' path history), so a number
reproduces as reported. A member took part when the review of the year has a rating; one
still in progress (some parts entered, no rating) is counted apart, never silently dropped.
A member is reviewed once a year (``one_review_per_year``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q

from dangjian.accounts.access import scope_for
from dangjian.core.actor import Actor
from dangjian.meetings.models import DemocraticReview, Rating
from dangjian.orgs.models import Organization, in_subtree, valid_on
from dangjian.orgs.selectors import path_on

HISTORY = "organization__path_history__"


@dataclass(frozen=True)
class ReviewLine:
    """One organisation's reviews of the year (or the total, ``organization_id`` 0)."""

    organization_id: int
    organization_name: str
    rated: Counter[str] = field(default_factory=Counter)  # Rating code -> members
    unfinished: int = 0

    @property
    def took_part(self) -> int:
        """参加评议的党员: those with a rating."""
        return sum(self.rated.values())

    def cells(self) -> list[Any]:
        """参加评议, one count per grade in the setting's order, 评议未完成."""
        grades = [self.rated.get(code, 0) for code in Rating.values]
        return [self.took_part, *grades, self.unfinished]


@dataclass(frozen=True)
class ReviewTable:
    """Table 8 of the annual report for ``root``'s subtree and ``year``: per organisation that
    held reviews (in tree order) and the total."""

    root: Organization
    year: int
    lines: tuple[ReviewLine, ...]
    total: ReviewLine


def headers() -> tuple[str, ...]:
    return ("党组织", "参加评议的党员", *(str(label) for label in Rating.labels), "评议未完成")


def _reviews_seen(user: Actor, root: Organization) -> Q:
    """Which reviews of the subtree of the day ``user`` counts: all of them for the system and
    for whoever looks after ``root`` (a past year's table holds every organisation that was in
    the subtree that day, as a past register does), else those of the organisations the asker
    sees today."""
    if user is None or scope_for(user).covers_org(root):
        return Q()
    return scope_for(user).org_q("organization__")


def review_table(user: Actor, root: Organization, year: int) -> ReviewTable:
    """STAT-7 table 8 for ``root``'s subtree (as of 31 December of ``year``) that ``user``
    sees: one query. ``user`` None is the system (a frozen snapshot): the whole subtree."""
    on = date(year, 12, 31)
    in_tree = Q(in_subtree(path_on(root, on), f"{HISTORY}path"), valid_on(on, HISTORY))
    rows = (
        DemocraticReview.objects.filter(in_tree, _reviews_seen(user, root), year=year)
        .values_list("organization_id", "organization__name", f"{HISTORY}path", "rating")
    )  # fmt: skip
    found: dict[int, tuple[str, str, Counter[str], list[int]]] = {}
    for org_id, name, path, rating in rows:
        line = found.setdefault(org_id, (path, name, Counter(), [0]))
        if rating:
            line[2][rating] += 1
        else:
            line[3][0] += 1
    lines = tuple(
        ReviewLine(org_id, name, rated, unfinished[0])
        for org_id, (_path, name, rated, unfinished) in sorted(
            found.items(), key=lambda item: item[1][0]
        )
    )
    total = ReviewLine(0, "合计", sum((x.rated for x in lines), Counter()),
                       sum(x.unfinished for x in lines))  # fmt: skip
    return ReviewTable(root, year, lines, total)
