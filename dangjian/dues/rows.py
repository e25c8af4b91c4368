"""Ledger rows as people read them: with the adjustments of closed months added."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from dangjian.dues.models import LedgerEntry
from dangjian.members.models import Member

ZERO = Decimal("0.00")
_MONEY = DecimalField(max_digits=12, decimal_places=2)


def effective_rows(members: QuerySet[Member] | None = None) -> QuerySet[LedgerEntry]:
    """Ledger rows with the adjustments of closed months added (``due_total``, ``paid_total``)."""
    qs = (
        LedgerEntry.objects.all()
        if members is None
        else LedgerEntry.objects.filter(member__in=members)
    )
    return qs.annotate(
        due_adj=Coalesce(Sum("adjustments__due_delta"), Value(ZERO), output_field=_MONEY),
        paid_adj=Coalesce(Sum("adjustments__paid_delta"), Value(ZERO), output_field=_MONEY),
    )
