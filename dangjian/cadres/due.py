"""干部信息库's due item: 个人有关事项 reports overdue or due within 30 days, for users holding the
cadre permission; the count is the rows of the list it opens (``matter_reports_due``)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from dangjian.accounts.access import may_read_cadres
from dangjian.cadres.selectors import matter_reports_due
from dangjian.core.actor import Actor
from dangjian.core.due import DueItem


def cadre_due_items(user: Actor, today: date) -> list[DueItem]:
    if not may_read_cadres(user):
        return []
    due = list(matter_reports_due(user, today).values_list("due_on", flat=True))
    if not due:
        return []
    overdue = any(d < today for d in due)
    return [DueItem("待报告的干部个人有关事项", len(due), reverse("cadres:matters"), (),
                    "alert" if overdue else "info", due_on=min(due), key="cadres.matters")]  # fmt: skip
