"""发展党员's due items: the deadlines past due and those due within 30 days, counted by the
same selector (``pipeline``) the pipeline page lists with the same filter."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from dangjian.accounts.access import may_manage_some_organization
from dangjian.core.actor import Actor
from dangjian.core.due import DueItem
from dangjian.development.selectors import PipelineFilters, pipeline


def development_due_items(user: Actor, today: date) -> list[DueItem]:
    """Two items for a manager: people with a step overdue, and with one due within 30 days."""
    if not may_manage_some_organization(user):
        return []
    url = reverse("development:pipeline")
    items = []
    for due, title, severity in (("overdue", "发展党员步骤已超期", "alert"),
                                 ("soon", "发展党员步骤30天内到期", "info")):  # fmt: skip
        count = pipeline(user, None, PipelineFilters(due=due), today).count()
        items.append(DueItem(title, count, f"{url}?{urlencode({'due': due})}",
                             ("DEV-2", "DEV-5", "DEV-14", "DEV-17"), severity,  # type: ignore[arg-type]
                             key=f"development.{due}"))  # fmt: skip
    return items
