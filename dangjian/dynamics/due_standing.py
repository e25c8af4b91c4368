"""Home cards of lost contact (MEM-4): 停止党籍 and 除名 proposals due. Each count is the
number of rows of the register's proposals table it links to, read by the same selectors."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from dangjian.accounts.access import may_manage_some_organization
from dangjian.core.actor import Actor
from dangjian.core.due import DueItem
from dangjian.dynamics.standing_selectors import removal_proposals, suspension_proposal_count


def standing_due_items(user: Actor, today: date) -> list[DueItem]:
    """Two items for a manager, left out when empty."""
    if not may_manage_some_organization(user):
        return []
    url = reverse("dynamics:lost")
    items = [
        DueItem("失联满六个月、待决定停止党籍", suspension_proposal_count(user, today), f"{url}?due=suspension",
                ("MEM-4",), "alert", key="dynamics.suspension_due"),
        DueItem("停止党籍满二年、待决定除名", len(removal_proposals(user, today)), f"{url}?due=removal",
                ("MEM-4",), "alert", key="dynamics.removal_due"),
    ]  # fmt: skip
    return [item for item in items if item.count]
