"""党员动态管理's due items: transfers waiting for the user, letters past validity without
回执, members abroad to study whose contact is overdue, and the floating and lost-contact
registers themselves. Each count is the number of rows of the list it links to, read by the
same function (never the archive's 流动/失联 flags, which older data set without a record)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from dangjian.accounts.access import may_manage_some_organization
from dangjian.core.actor import Actor
from dangjian.core.due import DueItem
from dangjian.dynamics.applications import pending_applications
from dangjian.dynamics.floating import abroad_contact_overdue
from dangjian.dynamics.queues import transfers_awaiting
from dangjian.dynamics.selectors import letters_without_receipt, open_floating
from dangjian.dynamics.standing_selectors import open_lost_contacts


def dynamics_due_items(user: Actor, today: date) -> list[DueItem]:
    """Six items for a manager (none for a member without an organisation to manage); an
    item with nothing in it is left out."""
    if not may_manage_some_organization(user):
        return []
    items = [
        DueItem(
            "待办理的党员转接申请",
            pending_applications(user).count(),
            reverse("dynamics:applications"),
            ("MEM-2",),
            "info",
            key="dynamics.applications_waiting",
        ),
        DueItem(
            "失联党员",
            open_lost_contacts(user).count(),
            reverse("dynamics:lost"),
            ("MEM-4",),
            "alert",
            key="dynamics.lost_contact",
        ),
        DueItem(
            "流动党员",
            open_floating(user).count(),
            reverse("dynamics:floating"),
            ("MEM-3",),
            "info",
            key="dynamics.floating",
        ),
        DueItem(
            "待我处理的组织关系转接",
            len(transfers_awaiting(user)),
            f"{reverse('dynamics:transfers')}?waiting=1",
            ("MEM-2",),
            "info",
            key="dynamics.transfers_waiting",
        ),
        DueItem(
            "逾期未回执的介绍信",
            letters_without_receipt(user, today).count(),
            f"{reverse('dynamics:letters')}?overdue=1",
            ("MEM-7",),
            "alert",
            key="dynamics.letters_overdue",
        ),
        DueItem(
            "出国（境）学习党员联系逾期",
            len(abroad_contact_overdue(user, today)),
            f"{reverse('dynamics:floating')}?overdue=1",
            ("MEM-9",),
            "alert",
            key="dynamics.contacts_overdue",
        ),
    ]
    return [item for item in items if item.count]
