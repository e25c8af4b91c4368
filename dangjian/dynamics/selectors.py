"""Reads of 组织关系转接, scoped from the asker."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404

from dangjian.accounts.access import scope_for
from dangjian.core.actor import Actor
from dangjian.dynamics.models import (
    OPEN_STATES,
    FloatingRecord,
    LetterState,
    Transfer,
    TransferLetter,
)
from dangjian.members.choices import Status

# Members still in the Party (in good standing or suspended): the registers list only them.
STILL_MEMBERS = (Status.NORMAL, Status.SUSPENDED)


def visible_transfers(user: Actor) -> QuerySet[Transfer]:
    """Transfers out of or into the organisations ``user`` looks after."""
    scope = scope_for(user)
    return Transfer.objects.filter(scope.org_q("from_org__") | scope.org_q("to_org__"))


def access_transfer(user: Actor, transfer_id: int) -> Transfer:
    """One transfer out of or into the user's organisations; ``Http404`` otherwise (a missing
    one and one of another branch answer alike, so an id cannot be probed)."""
    transfer = (
        visible_transfers(user)
        .select_related("member", "from_org", "to_org", "party_group")
        .filter(pk=transfer_id)
        .first()
    )
    if transfer is None:
        raise Http404("未找到该组织关系转接")
    return transfer


def visible_letters(user: Actor) -> QuerySet[TransferLetter]:
    """介绍信 issued by the organisations ``user`` looks after."""
    return TransferLetter.objects.filter(scope_for(user).org_q("organization__")).select_related(
        "member", "organization"
    )


def access_letter(user: Actor, letter_id: int) -> TransferLetter:
    """One letter of the user's organisations; ``Http404`` otherwise."""
    letter = visible_letters(user).filter(pk=letter_id).first()
    if letter is None:
        raise Http404("未找到该介绍信")
    return letter


def visible_floating(user: Actor) -> QuerySet[FloatingRecord]:
    """Floating records (流出 and 流入) of the branches ``user`` looks after."""
    return FloatingRecord.objects.filter(scope_for(user).org_q("organization__")).select_related(
        "organization", "member"
    )


def open_floating(user: Actor) -> QuerySet[FloatingRecord]:
    """The floating register (MEM-3): open records (流出 and 流入) of the user's branches. A
    流出 member who has left the Party is not listed, even where an older record was never
    ended (an exit ends it, MEM-8). The page, the API, the export, the home card and the
    assistant all list from here, so their numbers agree."""
    return visible_floating(user).filter(
        Q(member__isnull=True) | Q(member__status__in=STILL_MEMBERS), returned_on__isnull=True
    )


def access_floating(user: Actor, record_id: int) -> FloatingRecord:
    """One floating record of the user's branches; ``Http404`` otherwise."""
    record = visible_floating(user).filter(pk=record_id).first()
    if record is None:
        raise Http404("未找到该流动党员记录")
    return record


def own_transfers(user: Actor) -> QuerySet[Transfer]:
    """The asker's own transfers as a member (the phone page, "我的组织关系转到哪了"); none
    for an account without a member record."""
    member_id = scope_for(user).own_member_id
    return Transfer.objects.filter(member_id=member_id if member_id is not None else 0)


def own_letters(user: Actor) -> QuerySet[TransferLetter]:
    """The 介绍信 issued for the asker as a member; none without a member record."""
    member_id = scope_for(user).own_member_id
    return TransferLetter.objects.filter(
        member_id=member_id if member_id is not None else 0
    ).select_related("member", "organization")


def transferring_out_ids(member_ids: list[int]) -> set[int]:
    """Which of ``member_ids`` have an open transfer (shown as 转出中 by the sender, MEM-2)."""
    return set(
        Transfer.objects.filter(member_id__in=member_ids, state__in=OPEN_STATES).values_list(
            "member_id", flat=True
        )
    )


# What the letters list shows of each letter (its number is made of year and sequence).
LETTER_LIST_COLUMNS = ("pk", "year", "sequence", "destination", "issued_on", "valid_until",
                       "state", "member__name", "organization__name")  # fmt: skip


def letters_without_receipt(user: Actor, today: date) -> QuerySet[TransferLetter]:
    """MEM-7: letters past their validity with no 回执, oldest first (an alert each)."""
    return TransferLetter.objects.filter(
        scope_for(user).org_q("organization__"), state=LetterState.ISSUED, valid_until__lt=today
    ).order_by("valid_until")


__all__ = [
    "access_floating",
    "access_letter",
    "access_transfer",
    "letters_without_receipt",
    "open_floating",
    "own_letters",
    "own_transfers",
    "transferring_out_ids",
    "visible_floating",
    "visible_letters",
    "visible_transfers",
]
