"""The organisation tree's due items: organisations whose setting breaks an ORG rule."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from dangjian.accounts.access import may_manage_some_organization
from dangjian.core.actor import Actor
from dangjian.core.due import DueItem
from dangjian.orgs.selectors import structure_report

STRUCTURE_RULES = ("ORG-1", "ORG-2", "ORG-3", "ORG-4")


def org_due_items(user: Actor, today: date) -> list[DueItem]:
    """The count of the structure report's rows, for a manager (``today`` unused: the report
    is of the tree as it stands)."""
    if not may_manage_some_organization(user):
        return []
    return [
        DueItem(
            "组织设置不符合规定的党组织",
            len(structure_report(user)),
            reverse("orgs:structure"),
            STRUCTURE_RULES,
            "alert",
            key="orgs.structure",
        )
    ]
