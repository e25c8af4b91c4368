"""The member's study items still to do, as due items (``core.due``): the home page, the
portal's to-dos and the reminders read them from here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.urls import reverse

from dangjian.core.actor import Actor
from dangjian.core.due import DueItem, Severity
from dangjian.study.selectors import items_for_member, own_member, studied_item_ids


def study_due_items(user: Actor, today: date) -> Sequence[DueItem]:
    """One item for a member with items not yet studied: how many (the rows of 待学习 on the
    我的学习 page), the soonest deadline, an alert when one is overdue (EDU-1)."""
    member = own_member(user)
    if member is None:
        return []
    done = studied_item_ids(member)
    due = [i.due_on for i in items_for_member(member) if i.pk not in done]
    if not due:
        return []
    severity: Severity = "alert" if min(due) < today else "info"
    return [DueItem(f"我的学习：{len(due)}项待学习", len(due), reverse("study:mine"), ("EDU-1",),
                    severity, due_on=min(due), audience="own", key="study.items")]  # fmt: skip
