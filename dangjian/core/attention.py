"""The home page's "needs attention" cards. Each card is a named filter of a list page: its
number is that list's count, computed by the same selector, so a card and the list it opens
never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from dangjian.accounts.access import may_manage_some_organization
from dangjian.accounts.actor import Actor
from dangjian.members.selectors import MemberFilters, member_search
from dangjian.orgs.selectors import structure_report
from dangjian.rules.sources import rule_citations


@dataclass(frozen=True)
class Attention:
    title: str
    count: int
    url: str
    rules: tuple[str, ...]  # rule IDs, shown as a small tag beside the citation
    severity: str  # "alert" when it is overdue or breaks a rule

    @property
    def citation(self) -> str:
        """ "依据《…》第X条" for the card, from the rules it serves."""
        return "、".join(rule_citations(self.rules))


@dataclass(frozen=True)
class MemberCard:
    title: str
    flag: str  # MemberFilters.flag, the list page's "标记"
    rules: tuple[str, ...]
    severity: str


MEMBER_CARDS = (
    MemberCard("预备期将满或已满、待讨论转正的预备党员", "probation_due", ("DEV-17",), "alert"),
    MemberCard("失联党员", "lost_contact", ("MEM-4",), "alert"),
    MemberCard("流动党员", "floating", ("MEM-3",), "info"),
    MemberCard("困难党员", "difficulty", ("DUES-7",), "info"),
)


def attention_items(user: Actor, today: date) -> list[Attention]:
    if not may_manage_some_organization(user):
        return []
    members_url = reverse("members:list")
    items = [
        Attention(
            card.title,
            member_search(user, MemberFilters(flag=card.flag), today).count(),
            f"{members_url}?{urlencode({'flag': card.flag})}",
            card.rules,
            card.severity,
        )
        for card in MEMBER_CARDS
    ]
    structure = ("ORG-1", "ORG-2", "ORG-3", "ORG-4")
    items.append(
        Attention(
            "组织设置不符合规定的党组织",
            len(structure_report(user)),
            reverse("orgs:structure"),
            structure,
            "alert",
        )
    )
    return items
