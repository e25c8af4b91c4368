"""The member archive's due items: each is a named flag of the member list (the list page's
"标记"), counted by the same selector and filter the list uses. 流动党员 and 失联党员 are
counted from their registers (``dangjian.dynamics.due``), not from the archive's flags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from dangjian.accounts.access import may_manage_some_organization
from dangjian.core.actor import Actor
from dangjian.core.due import DueItem, OrgCounter, Severity, count_by_organization
from dangjian.members.selectors import MemberFilters, member_search


@dataclass(frozen=True)
class MemberCard:
    title: str
    flag: str  # MemberFilters.flag, the list page's "标记"
    rules: tuple[str, ...]
    severity: Severity


MEMBER_CARDS = (
    MemberCard("预备期将满或已满、待讨论转正的预备党员", "probation_due", ("DEV-17",), "alert"),
    MemberCard("困难党员", "difficulty", ("DUES-7",), "info"),
)


def member_due_items(user: Actor, today: date) -> list[DueItem]:
    """One item per flag for a manager, counted over the members the user may see."""
    if not may_manage_some_organization(user):
        return []
    return [
        _card_item(card, member_search(user, MemberFilters(flag=card.flag), today).count())
        for card in MEMBER_CARDS
    ]


def member_counted_item(key: str, count: int) -> DueItem:
    """The item of the flag ``key`` ("members.<flag>") with ``count`` members."""
    card = next(card for card in MEMBER_CARDS if f"members.{card.flag}" == key)
    return _card_item(card, count)


def _card_item(card: MemberCard, count: int) -> DueItem:
    members_url = reverse("members:list")
    return DueItem(
        card.title,
        count,
        f"{members_url}?{urlencode({'flag': card.flag})}",
        card.rules,
        card.severity,
        key=f"members.{card.flag}",
    )


def member_counters() -> dict[str, OrgCounter]:
    """The daily scan's counts by organisation of each flag, by the same selector and filter."""
    return {f"members.{card.flag}": _flag_counter(card.flag) for card in MEMBER_CARDS}


def _flag_counter(flag: str) -> OrgCounter:
    def count(reader: Actor, today: date) -> dict[int, int]:
        rows = member_search(reader, MemberFilters(flag=flag), today)
        return count_by_organization(rows, "organization_id")

    return count
