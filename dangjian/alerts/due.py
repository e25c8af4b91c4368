"""智能研判's home card: the open alerts the asker sees, counted by the list's own selector."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from dangjian.accounts.access import may_manage_some_organization
from dangjian.alerts.selectors import open_alert_counts
from dangjian.core.actor import Actor
from dangjian.core.due import DueItem


def alerts_due_items(user: Actor, today: date) -> list[DueItem]:
    """One card for a manager with open alerts ("alert" when any is of high severity); none
    when there are none (``today`` unused: the alerts are those of the last scan)."""
    if not may_manage_some_organization(user):
        return []
    counts = open_alert_counts(user)
    if not counts["total"]:
        return []
    severity = "alert" if counts.get("high") else "info"
    return [DueItem("智能研判：未解除的预警", counts["total"], f"{reverse('alerts:list')}?state=open",
                    (), severity, key="alerts.open")]  # type: ignore[arg-type]  # fmt: skip
