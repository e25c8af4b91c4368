"""组织生活's due items: the meetings owed this period and not yet recorded, and those the
period just ended missed, per kind, counted from ``compliance`` (the selector of the matrix).

For every branch and 党小组 the user sees, and each kind it owes (MEET-1..MEET-7):

- *current*: the period containing ``today`` (this month, quarter or year by the kind's
  frequency) is still open and nothing counting for it has been recorded;
- *previous*: the period just before it ended without a meeting (MEET-8: missing).

``due_rows`` lists those rows; the card's count is ``len(due_rows(...))`` for the same kind and
the same ``which``, and the card links to the list that shows exactly these rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal
from urllib.parse import urlencode

from django.urls import reverse

from dangjian.accounts.access import may_manage_some_organization
from dangjian.core.actor import Actor
from dangjian.core.due import DueItem
from dangjian.meetings.selectors import compliance
from dangjian.orgs.models import Organization
from dangjian.orgs.selectors import tree_roots
from dangjian.rules.meetings.compliance import CellState
from dangjian.rules.meetings.kinds import MeetingKind
from dangjian.rules.meetings.periods import Period, period_of

Which = Literal["current", "previous"]
WHICH: tuple[Which, ...] = ("current", "previous")


@dataclass(frozen=True)
class DueRow:
    """One organisation owing one kind for one period."""

    organization: Organization
    kind: MeetingKind
    period: Period
    rule_id: str


def _previous(period: Period) -> Period:
    return period_of(period.first_day - timedelta(days=1), period.frequency)


def due_rows(user: Actor, today: date, which: Which, kind: str | None = None) -> list[DueRow]:
    """The (organisation, kind, period) rows owed on ``today``: ``current`` open and not held,
    ``previous`` missing. ``kind`` narrows to one kind code. Ordered by organisation path, kind.

    One ``compliance`` call per root of the user's scope, over last year's first day to today
    (the previous period of a yearly kind is last year)."""
    first, rows = date(today.year - 1, 1, 1), []
    for root in tree_roots(user):
        for org in compliance(user, root, first, today, today):
            for k in org.kinds:
                requirement = k.requirement
                if kind is not None and requirement.kind.value != kind:
                    continue
                period = period_of(today, requirement.frequency)
                wanted, state = (
                    (period, CellState.OPEN) if which == "current"
                    else (_previous(period), CellState.MISSING)
                )  # fmt: skip
                cell = next((c for c in k.cells if c.period == wanted), None)
                if cell is not None and cell.state is state:
                    rows.append(
                        DueRow(org.organization, requirement.kind, wanted, requirement.rule_id)
                    )
    return rows


def missing_list_url(which: Which, kind: str) -> str:
    return f"{reverse('meetings_doors:missing')}?{urlencode({'which': which, 'kind': kind})}"


def meeting_due_items(user: Actor, today: date) -> list[DueItem]:
    """For a manager: per kind, the organisations that have not yet held it this period
    ("info"), and those that missed it in the period just ended ("alert"); kinds with no row
    are left out."""
    if not may_manage_some_organization(user):
        return []
    items: list[DueItem] = []
    for which in WHICH:
        counts: dict[MeetingKind, tuple[int, str]] = {}
        for row in due_rows(user, today, which):
            n, _ = counts.get(row.kind, (0, ""))
            counts[row.kind] = (n + 1, row.rule_id)
        for kind, (n, rule_id) in counts.items():
            title = (
                f"本期应开未开的{kind.label}" if which == "current"
                else f"上期未开的{kind.label}"
            )  # fmt: skip
            items.append(DueItem(
                title, n, missing_list_url(which, kind.value), (rule_id, "MEET-8"),
                "info" if which == "current" else "alert", key=f"meetings.{which}.{kind.value}",
            ))  # fmt: skip
    return items
