"""班子与换届 in the demo: every organisation elected for a term gets its committee history.

The current term is the one the plan started (``Organization.term_started_on``; a few have run
out, ORG-5); one or two earlier terms come before it, each closed on the day the next began,
with the earlier committee's posts held by members who were full members of the organisation
for the whole of that term (from the archive's periods), ending on that day. One branch with
enough voting members has an election in progress: requested with a fifth more candidates
than seats (ELEC-2) and approved by its 党总支, waiting for the meeting. Deterministic by seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q

from dangjian.elections.checks import TERM_KINDS
from dangjian.elections.models import CommitteeTerm
from dangjian.elections.services import election_approve, election_request
from dangjian.members.choices import COMMITTEE_TITLES, Stage, Status
from dangjian.members.models import MemberPeriod, Position
from dangjian.members.register import branch_register_as_of
from dangjian.orgs.models import Organization
from dangjian.rules.dates import add_years
from dangjian.rules.elections import candidates_needed
from dangjian.rules.organization import OrgKind, term_end, term_years


@dataclass(frozen=True)
class ElectionDemo:
    terms: int
    past_posts: int
    election_id: int | None


def _holders(org: Organization, start: date, end: date) -> list[int]:
    """Members who were full members of ``org`` in good standing through [start, end)."""
    return list(
        MemberPeriod.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=end), organization=org,
            valid_from__lte=start, stage=Stage.FULL, status=Status.NORMAL,
        ).order_by("member_id").values_list("member_id", flat=True).distinct()
    )  # fmt: skip


def _past_terms(rng: random.Random, org: Organization, current: date) -> list[tuple[date, date]]:
    """One or two (elected_on, closed_on) before ``current``, each a full term long."""
    years = term_years(OrgKind(org.kind))
    found: list[tuple[date, date]] = []
    closed = current
    for _ in range(rng.choice((1, 2))):
        elected = add_years(closed, -years)
        if org.founded_on is not None and elected < org.founded_on:
            break
        found.append((elected, closed))
        closed = elected
    return found


def _org_history(rng: random.Random, org: Organization) -> tuple[int, int]:
    """The terms and past posts of one organisation: (terms written, posts written)."""
    assert org.term_started_on is not None
    titles = sorted(
        set(Position.objects.filter(organization=org, title__in=COMMITTEE_TITLES,
                                    ended_on__isnull=True).values_list("title", flat=True))
    )  # fmt: skip
    past = _past_terms(rng, org, org.term_started_on)
    number = len(past) + 1 + rng.randint(0, 4)
    kind = OrgKind(org.kind)
    # The current committee's size as elected: the posts it holds (a 补选 fills up to it).
    terms = [CommitteeTerm(organization=org, number=number, elected_on=org.term_started_on,
                           ends_on=term_end(org.term_started_on, kind), seats=len(titles) or None,
                           approval_document=f"党委组字〔{org.term_started_on.year}〕{rng.randint(1, 60)}号")]  # fmt: skip
    posts = []
    for i, (elected, closed) in enumerate(past, start=1):
        terms.append(CommitteeTerm(organization=org, number=number - i, elected_on=elected,
                                   ends_on=term_end(elected, kind), closed_on=closed,
                                   approval_document=f"党委组字〔{elected.year}〕{rng.randint(1, 60)}号"))  # fmt: skip
        people = _holders(org, elected, closed)
        rng.shuffle(people)
        posts += [Position(member_id=m, organization=org, title=t, started_on=elected, ended_on=closed)
                  for m, t in zip(people, titles, strict=False)]  # fmt: skip
    CommitteeTerm.objects.bulk_create(terms)
    Position.objects.bulk_create(posts)
    return len(terms), len(posts)


def _start_election(today: date) -> int | None:
    """One branch whose term is due or overdue, with at least 5 voting members: its 请示 for
    3 seats with 4 candidates (ELEC-2), approved by the higher organisation."""
    due = CommitteeTerm.objects.filter(
        closed_on__isnull=True, organization__kind=OrgKind.BRANCH,
        ends_on__lte=add_years(today, 1),
    ).select_related("organization").order_by("ends_on", "organization__path")  # fmt: skip
    for term in due:
        voters = [e.member_id for e in branch_register_as_of(term.organization, today).may_vote]
        if len(voters) < 5:
            continue
        seats = 3
        election = election_request(actor=None, organization_id=term.organization_id, seats=seats,
                                    candidate_ids=voters[: candidates_needed(seats)], requested_on=today)  # fmt: skip
        election_approve(actor=None, election_id=election.pk, approved_on=today,
                         document=f"党委组字〔{today.year}〕7号")  # fmt: skip
        return election.pk
    return None


@transaction.atomic
def load_elections(*, today: date, seed: int) -> ElectionDemo:
    """Committee histories for every organisation with a term, and one election under way."""
    rng = random.Random(seed * 31 + 14)
    terms = posts = 0
    orgs = Organization.objects.filter(
        kind__in=[k.value for k in TERM_KINDS], dissolved_on__isnull=True,
        term_started_on__isnull=False,
    ).order_by("path")  # fmt: skip
    for org in orgs:
        written, held = _org_history(rng, org)
        terms, posts = terms + written, posts + held
    return ElectionDemo(terms, posts, _start_election(today))
