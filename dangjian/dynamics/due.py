"""党员动态管理's due items: transfers waiting for the user, letters past validity without
回执, members abroad to study whose contact is overdue, and the floating and lost-contact
registers themselves. Each count is the number of rows of the list it links to, read by the
same function (never the archive's 流动/失联 flags, which older data set without a record)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.urls import reverse

from dangjian.accounts.access import may_manage_some_organization
from dangjian.core.actor import Actor
from dangjian.core.due import (
    DueItem,
    OrgCounter,
    PersonItems,
    Severity,
    count_by_organization,
)
from dangjian.dynamics.applications import pending_applications
from dangjian.dynamics.floating import abroad_contact_overdue
from dangjian.dynamics.queues import OpenTransfers, transfers_awaiting
from dangjian.dynamics.selectors import letters_without_receipt, open_floating
from dangjian.dynamics.standing_selectors import open_lost_contacts


def dynamics_due_items(user: Actor, today: date) -> list[DueItem]:
    """Six items for a manager (none for a member without an organisation to manage); an
    item with nothing in it is left out."""
    if not may_manage_some_organization(user):
        return []
    items = [
        dynamics_item("dynamics.applications_waiting", pending_applications(user).count()),
        dynamics_item("dynamics.lost_contact", open_lost_contacts(user).count()),
        dynamics_item("dynamics.floating", open_floating(user).count()),
        dynamics_item("dynamics.transfers_waiting", len(transfers_awaiting(user))),
        dynamics_item("dynamics.letters_overdue", letters_without_receipt(user, today).count()),
        dynamics_item("dynamics.contacts_overdue", len(abroad_contact_overdue(user, today))),
    ]
    return [item for item in items if item.count]


def transfers_waiting_remainder(today: date) -> PersonItems:
    """The one item the daily scan cannot count by organisation: transfers whose next step is
    the person's own (it depends on their role, not only on their scope). Every open transfer
    is read once for the scan (``OpenTransfers``), then decided for each person."""
    queue = OpenTransfers()

    def items(user: Actor) -> list[DueItem]:
        if not may_manage_some_organization(user):
            return []
        item = dynamics_item("dynamics.transfers_waiting", len(queue.awaiting(user)))
        return [item] if item.count else []

    return items


def dynamics_counters() -> dict[str, OrgCounter]:
    """The scan's counts by organisation of every other item, read by the same selectors with
    the organisation their scope filters on (a lost contact: the member's branch)."""
    return {
        "dynamics.applications_waiting": lambda reader, today: count_by_organization(
            pending_applications(reader), "from_org_id"
        ),
        "dynamics.lost_contact": lambda reader, today: count_by_organization(
            open_lost_contacts(reader), "member__organization_id"
        ),
        "dynamics.floating": lambda reader, today: count_by_organization(
            open_floating(reader), "organization_id"
        ),
        "dynamics.letters_overdue": lambda reader, today: count_by_organization(
            letters_without_receipt(reader, today), "organization_id"
        ),
        "dynamics.contacts_overdue": lambda reader, today: Counter(
            record.organization_id for record, _due in abroad_contact_overdue(reader, today)
        ),
    }


# key: (title, list, rules, severity)
_ITEMS: dict[str, tuple[str, str, tuple[str, ...], Severity]] = {
    "dynamics.applications_waiting": ("待办理的党员转接申请", "dynamics:applications", ("MEM-2",), "info"),
    "dynamics.lost_contact": ("失联党员", "dynamics:lost", ("MEM-4",), "alert"),
    "dynamics.floating": ("流动党员", "dynamics:floating", ("MEM-3",), "info"),
    "dynamics.transfers_waiting": ("待我处理的组织关系转接", "dynamics:transfers", ("MEM-2",), "info"),
    "dynamics.letters_overdue": ("逾期未回执的介绍信", "dynamics:letters", ("MEM-7",), "alert"),
    "dynamics.contacts_overdue": ("出国（境）学习党员联系逾期", "dynamics:floating", ("MEM-9",), "alert"),
}  # fmt: skip
_QUERY = {
    "dynamics.transfers_waiting": "?waiting=1",
    "dynamics.letters_overdue": "?overdue=1",
    "dynamics.contacts_overdue": "?overdue=1",
}


def dynamics_item(key: str, count: int) -> DueItem:
    """The item ``key`` with ``count`` rows (the scan's counted items too)."""
    title, url_name, rules, severity = _ITEMS[key]
    url = f"{reverse(url_name)}{_QUERY.get(key, '')}"
    return DueItem(title, count, url, rules, severity, key=key)
