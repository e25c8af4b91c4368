"""Reads of 组织关系转接, scoped from the asker."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from dangjian.accounts.access import scope_for
from dangjian.core.actor import Actor
from dangjian.dynamics.models import OPEN_STATES, LetterState, Transfer, TransferLetter


def visible_transfers(user: Actor) -> QuerySet[Transfer]:
    """Transfers out of or into the organisations ``user`` looks after."""
    scope = scope_for(user)
    return Transfer.objects.filter(scope.org_q("from_org__") | scope.org_q("to_org__"))


def transferring_out_ids(member_ids: list[int]) -> set[int]:
    """Which of ``member_ids`` have an open transfer (shown as 转出中 by the sender, MEM-2)."""
    return set(
        Transfer.objects.filter(member_id__in=member_ids, state__in=OPEN_STATES).values_list(
            "member_id", flat=True
        )
    )


def letters_without_receipt(user: Actor, today: date) -> QuerySet[TransferLetter]:
    """MEM-7: letters past their validity with no 回执, oldest first (an alert each)."""
    return TransferLetter.objects.filter(
        scope_for(user).org_q("organization__"), state=LetterState.ISSUED, valid_until__lt=today
    ).order_by("valid_until")


__all__ = ["letters_without_receipt", "transferring_out_ids", "visible_transfers"]
