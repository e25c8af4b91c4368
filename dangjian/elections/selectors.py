"""Reads of 班子与换届, scoped from the asker: terms due or overdue (ORG-5)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from dangjian.accounts.access import scope_for
from dangjian.core.actor import Actor
from dangjian.elections.models import CommitteeTerm
from dangjian.rules.dates import add_months


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
