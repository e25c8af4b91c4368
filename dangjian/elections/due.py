"""班子与换届's due items on the ORG-5 reminder ladder, for the branch and every 党委 above it
(each sees the terms of its own scope): terms due within ``settings.TERM_DUE_MONTHS`` months
or overdue; overdue terms (reminded every month while overdue); organisations whose 书记 post
is vacant; organisations failing any committee check. Each count is the rows of the list its
url opens, read by the same selectors."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.urls import reverse

from dangjian.accounts.access import may_manage_some_organization
from dangjian.core.actor import Actor
from dangjian.core.due import DueItem
from dangjian.elections.checks import failing_in_scope
from dangjian.elections.selectors import terms_due, terms_overdue


def election_due_items(user: Actor, today: date) -> list[DueItem]:
    """Four items for whoever looks after an organisation with a term (its secretary
    included): terms due (an alert when any is overdue), overdue terms, vacant 书记 posts,
    and every failing check."""
    if not may_manage_some_organization(user):
        return []
    url = reverse("elections:overview")
    due = list(terms_due(user, today, int(settings.TERM_DUE_MONTHS)))
    overdue = list(terms_overdue(user, today))
    failing = failing_in_scope(user, today)
    vacant = [c for c in failing if any(k.kind == "vacant" for k in c.checks)]
    return [
        DueItem(f"{settings.TERM_DUE_MONTHS}个月内到期或已届满的班子", len(due), f"{url}#due",
                ("ORG-5",), "alert" if overdue else "info",
                due_on=due[0].ends_on if due else None, key="elections.due"),
        DueItem("任期已届满未换届的班子", len(overdue), f"{url}?due=overdue#due", ("ORG-5",),
                "alert", due_on=overdue[0].ends_on if overdue else None, key="elections.overdue"),
        DueItem("书记职务空缺的党组织", len(vacant), f"{url}?check=vacant#checks", ("ORG-3",),
                "alert", key="elections.vacant"),
        DueItem("班子检查未通过的党组织", len(failing), f"{url}#checks",
                ("ORG-3", "ORG-5", "DISC-1"), "alert", key="elections.checks"),
    ]  # fmt: skip
