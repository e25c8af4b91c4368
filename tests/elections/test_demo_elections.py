"""The demo's 班子与换届: every organisation with a term has 2 or 3 terms, some overdue, past
committees' posts ending the day the next term began, one election in progress."""

from __future__ import annotations

import pytest
from django.db.models import Count
from django.utils import timezone

from dangjian.demo import DemoSummary, load_demo
from dangjian.elections.checks import TERM_KINDS
from dangjian.elections.models import CommitteeTerm, Election, ElectionStep
from dangjian.members.models import Position
from dangjian.orgs.models import Organization


@pytest.fixture
def demo(db: None) -> DemoSummary:
    return load_demo(members=300, organisations=30, seed=11)


def test_every_organisation_with_a_term_has_its_history(demo: DemoSummary) -> None:
    today = timezone.localdate()
    orgs = Organization.objects.filter(kind__in=[k.value for k in TERM_KINDS],
                                       term_started_on__isnull=False)  # fmt: skip
    counts = dict(orgs.annotate(n=Count("terms")).values_list("pk", "n"))
    assert counts and all(n in (2, 3) for n in counts.values()), counts
    assert CommitteeTerm.objects.filter(closed_on__isnull=True).count() == len(counts)
    assert CommitteeTerm.objects.filter(closed_on__isnull=True, ends_on__lt=today).exists()
    for term in CommitteeTerm.objects.filter(closed_on__isnull=False):
        following = CommitteeTerm.objects.get(
            organization=term.organization, number=term.number + 1
        )
        assert following.elected_on == term.closed_on
    past = Position.objects.filter(
        ended_on__isnull=False, organization__terms__closed_on__isnull=False
    )
    assert past.exists()
    assert Election.objects.filter(step=ElectionStep.APPROVED).count() == 1
