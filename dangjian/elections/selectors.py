"""Reads of 班子与换届, scoped from the asker: terms due or overdue (ORG-5)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from dangjian.accounts.access import may_read_committee, scope_for
from dangjian.core.actor import Actor
from dangjian.elections.models import CommitteeTerm, Election, ElectionKind, ElectionStep
from dangjian.members.choices import COMMITTEE_TITLES, PositionTitle
from dangjian.members.models import Position
from dangjian.orgs.models import Organization
from dangjian.rules.dates import add_months

OPEN_STEPS = (ElectionStep.REQUESTED, ElectionStep.APPROVED, ElectionStep.RUNOFF,
              ElectionStep.HELD, ElectionStep.REPORTED)  # fmt: skip


def terms_due(user: Actor, today: date, months_before: int = 6) -> QuerySet[CommitteeTerm]:
    """Current terms ending within ``months_before`` months (the ORG-5 ladder's first rung, a
    setting) or already past their end, the oldest end first."""
    return CommitteeTerm.objects.filter(
        scope_for(user).org_q("organization__"), closed_on__isnull=True,
        ends_on__lte=add_months(today, months_before),
    ).select_related("organization").order_by("ends_on")  # fmt: skip


def terms_overdue(user: Actor, today: date) -> QuerySet[CommitteeTerm]:
    """Current terms past their end without a new election confirmed."""
    return terms_due(user, today, 0).filter(ends_on__lt=today)


def committee_as_of(user: Actor, organization_id: int, day: date) -> list[Position]:
    """The committee posts of an organisation held on ``day`` (a post counts from its
    ``started_on`` up to, not including, its ``ended_on``), 书记 first; empty unless ``user``
    may read the committee (``may_read_committee``: whoever looks after the organisation, and
    its own members)."""
    org = Organization.objects.filter(pk=organization_id).first()
    if org is None or not may_read_committee(user, org):
        return []
    open_on_day = Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    rows = Position.objects.filter(
        open_on_day, organization_id=organization_id, title__in=COMMITTEE_TITLES,
    ).select_related("member")  # fmt: skip
    order = {t.value: i for i, t in enumerate(PositionTitle)}
    return sorted(rows, key=lambda p: (order.get(p.title, 99), p.member.name))


def terms_of(user: Actor, organization_id: int) -> QuerySet[CommitteeTerm]:
    """Every term of an organisation the asker sees, the newest first."""
    return CommitteeTerm.objects.filter(
        scope_for(user).org_q("organization__"), organization_id=organization_id
    ).order_by("-number")


def term_in_force(organization_id: int, day: date) -> CommitteeTerm | None:
    """The term of ``organization_id`` in force on ``day``: elected on or before it and not
    closed by it. Between a new election and the approval of its result two terms are open
    that day; the old one governs until the approval closes it, so the lowest number wins.
    None before the first known term. Unscoped: the caller has checked access."""
    return (
        CommitteeTerm.objects.filter(organization_id=organization_id, elected_on__lte=day)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
        .order_by("number")
        .first()
    )


def term_started_on(org: Organization, day: date) -> date | None:
    """ "本届任期开始" on ``day``: the election day of the term in force (``term_in_force``); the
    date typed on the organisation only while no term of it is recorded at all."""
    term = term_in_force(org.pk, day)
    if term is not None:
        return term.elected_on
    if CommitteeTerm.objects.filter(organization_id=org.pk).exists():
        return None
    return org.term_started_on


TERM_ORDERS: dict[str, tuple[str, ...]] = {
    "due": ("ends_on", "organization__path"),  # overdue first: the earliest end leads
    "org": ("organization__path",),
    "elected": ("-elected_on", "organization__path"),
    "number": ("-number", "organization__path"),
}


def current_terms(user: Actor, *, order: str = "due") -> QuerySet[CommitteeTerm]:
    """Every organisation's current term the asker sees (the 党委's term list), sorted by
    ``order`` (a key of ``TERM_ORDERS``; by due date, overdue first, when unknown)."""
    return (
        CommitteeTerm.objects.filter(
            scope_for(user).org_q("organization__"), closed_on__isnull=True,
            organization__dissolved_on__isnull=True,
        )
        .select_related("organization")
        .order_by(*TERM_ORDERS.get(order, TERM_ORDERS["due"]))
    )  # fmt: skip


def election_for(user: Actor, election_id: int) -> Election | None:
    """The election if ``user`` sees its organisation, else None (as for a missing one)."""
    return (
        Election.objects.filter(scope_for(user).org_q("organization__"), pk=election_id)
        .select_related("organization")
        .first()
    )


def elections_in_scope(user: Actor, *, open_only: bool = False) -> QuerySet[Election]:
    """The elections of the organisations ``user`` sees, the latest request first."""
    rows = Election.objects.filter(scope_for(user).org_q("organization__"))
    if open_only:
        rows = rows.filter(step__in=OPEN_STEPS)
    return rows.select_related("organization").order_by("-requested_on", "-pk")


def term_list_rows(
    user: Actor, *, order: str = "due", limit: int | None = None
) -> list[tuple[int, str, int, date, date]]:
    """The term list as plain rows (term id, organisation name, number, elected on, due on),
    in ``order``, the first ``limit`` when given: what a list page of many thousand terms reads."""
    rows = current_terms(user, order=order).values_list(
        "pk", "organization__name", "number", "elected_on", "ends_on"
    )
    return list(rows[:limit] if limit is not None else rows)


@dataclass(frozen=True)
class PastCommittee:
    """A closed term and the committee posts that ended with it (on its ``closed_on``), and
    the 补选 held in it (``by_elections``, confirmed, the earliest first)."""

    term: CommitteeTerm
    posts: tuple[Position, ...]
    by_elections: tuple[Election, ...] = ()


def past_committees(user: Actor, org: Organization) -> list[PastCommittee]:
    """Every closed term of ``org``, the newest first, each with the posts that ended on the
    day it closed (the day the next committee took office); two queries."""
    terms = list(terms_of(user, org.pk).filter(closed_on__isnull=False))
    ended: dict[date, list[Position]] = {}
    for post in (
        Position.objects.filter(organization=org, title__in=COMMITTEE_TITLES,
                                ended_on__in=[t.closed_on for t in terms])
        .select_related("member").order_by("started_on", "pk")
    ):  # fmt: skip
        assert post.ended_on is not None
        ended.setdefault(post.ended_on, []).append(post)
    order = {t.value: i for i, t in enumerate(PositionTitle)}
    by_term = by_elections_of([t.pk for t in terms])
    return [
        PastCommittee(t, tuple(sorted(ended.get(t.closed_on, []) if t.closed_on else [],
                                      key=lambda p: order.get(p.title, 99))),
                      tuple(by_term.get(t.pk, [])))
        for t in terms
    ]  # fmt: skip


def by_elections_of(term_ids: Sequence[int]) -> dict[int, list[Election]]:
    """The confirmed 补选 of each term in ``term_ids``, the earliest approval first: the
    term's history of who joined its committee and when. One query; unscoped (the caller
    has checked access to the terms)."""
    found: dict[int, list[Election]] = {}
    rows = Election.objects.filter(
        term_id__in=term_ids, kind=ElectionKind.BY_ELECTION, step=ElectionStep.CONFIRMED
    ).order_by("confirmed_on", "pk")
    for e in rows:
        assert e.term_id is not None
        found.setdefault(e.term_id, []).append(e)
    return found
