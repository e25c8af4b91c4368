"""班子与换届's due items: terms due within ``settings.TERM_DUE_MONTHS`` months or overdue, and
organisations failing a committee check, counted by the selectors the overview page lists."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.urls import reverse

from dangjian.accounts.access import may_manage_some_organization
from dangjian.core.actor import Actor
from dangjian.core.due import DueItem
from dangjian.elections.checks import failing_in_scope
from dangjian.elections.selectors import terms_due


def election_due_items(user: Actor, today: date) -> list[DueItem]:
    """Two items for a manager: the terms due (overdue ones included; an alert when any is
    overdue) and the organisations with a failing check; each count is its list's rows."""
    if not may_manage_some_organization(user):
        return []
    url = reverse("elections:overview")
    due = list(terms_due(user, today, int(settings.TERM_DUE_MONTHS)))
    overdue = any(t.ends_on < today for t in due)
    return [
        DueItem(f"{settings.TERM_DUE_MONTHS}个月内到期或已届满的班子", len(due), f"{url}#due",
                ("ORG-5",), "alert" if overdue else "info", key="elections.due"),
        DueItem("班子检查未通过的党组织", len(failing_in_scope(user, today)), f"{url}#checks",
                ("ORG-3", "ORG-5", "DISC-1"), "alert", key="elections.checks"),
    ]  # fmt: skip
