"""Due items: what needs doing, whose, by when and under which rule, as one interface.

Each capability (members, organisations, dues, and the workflows to come: membership
development, meetings, transfers, elections) writes one *due-items selector*, a function
``(user, today) -> list[DueItem]`` that reads through the scoped selectors, and registers it
here from its ``AppConfig.ready``. The home page, the daily scan, notifications, the dashboard
and the assistant read :func:`due_items`, so a card, a reminder and a list never disagree.

The contract of a selector: each item's ``count`` is the number of rows the page at ``url``
lists for the same user (one selector with one filter behind both); an item the user may not
see is not returned; the rule IDs are for the department's tag and for code, what a person
reads is ``citation``. This module sits in ``core`` and imports nothing above it: capabilities
register into it, it never imports them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, Protocol

from django.db.models import Count, QuerySet

from dangjian.core.actor import Actor
from dangjian.rules.sources import rule_citations

Severity = Literal["alert", "info"]
# Whose items they are: the asker's own ("my dues"), or those of the organisations they manage.
Audience = Literal["own", "managed"]


@dataclass(frozen=True)
class DueItem:
    """One card of the home page, one line of a reminder.

    ``title`` says what (Chinese); ``count`` how many, equal to the rows of ``url``'s list;
    ``rules`` the rule IDs it serves (a tag for the department, never in a sentence);
    ``severity`` "alert" when it is overdue or breaks a rule; ``due_on`` the deadline when
    the item has one date (None for a standing condition); ``audience`` whose items they are;
    ``key`` a stable name ("members.lost_contact") for notifications and tests.
    """

    title: str
    count: int
    url: str
    rules: tuple[str, ...]
    severity: Severity
    due_on: date | None = None
    audience: Audience = "managed"
    key: str = field(default="", compare=False)

    @property
    def citation(self) -> str:
        """ "《…》第X条" for the item, from the rules it serves ("" for reckoning rules)."""
        return "、".join(rule_citations(self.rules))


class DueItemSelector(Protocol):
    """A capability's due items for ``user`` on ``today``, read within the user's scope."""

    def __call__(self, user: Actor, today: date, /) -> Sequence[DueItem]: ...


# How the daily scan counts one item for everyone at once: for a reader of the whole system
# and a day, the rows of the item's list per organisation ({organization id: rows}), counted
# through the same selector the item's count comes from; a person's count is then the sum
# over the organisations in their scope. ``count_by_organization`` makes one of a queryset.
OrgCounter = Callable[[Actor, date], Mapping[int, int]]

# A counted item with its count: ``(key, count) -> DueItem`` with the title, link, rules and
# severity the selector gives the item, so the scan need not call the selector for them.
CountedItem = Callable[[str, int], DueItem]

# One person's items, from reads made once for many people.
PersonItems = Callable[[Actor], Sequence[DueItem]]


class DueRemainder(Protocol):
    """The items of a capability that are not counted by organisation (e.g. what waits for the
    person's own decision), prepared once per scan for ``today``: what it reads for everyone
    is read then, and the function it returns gives each person's items as the selector
    gives them."""

    def __call__(self, today: date, /) -> PersonItems: ...


@dataclass(frozen=True)
class _Source:
    name: str
    order: int
    selector: DueItemSelector
    label: str = ""
    counters: Mapping[str, OrgCounter] = field(default_factory=dict)
    counted_item: CountedItem | None = None
    remainder: DueRemainder | None = None


@dataclass(frozen=True)
class CountedSource:
    """A capability whose managers' items the scan counts by organisation: ``counters`` by item
    key, ``item`` to make each item of its count, and ``remainder`` for its items that are not
    counted (None: every item is)."""

    name: str
    counters: Mapping[str, OrgCounter]
    item: CountedItem
    remainder: DueRemainder | None


def count_by_organization(rows: QuerySet[Any], organization_field: str) -> dict[int, int]:
    """{organization id: number of rows} of ``rows``, the organisation read through
    ``organization_field`` (e.g. "member__organization_id"), in one grouped query. Counts
    distinct rows, so a selector's joins (annotations over related rows) do not inflate it."""
    grouped = (
        rows.order_by()
        .values(organization_field)
        .annotate(rows=Count("pk", distinct=True))
        .values_list(organization_field, "rows")
    )
    return {org_id: n for org_id, n in grouped if org_id is not None}


_SOURCES: dict[str, _Source] = {}


def register_due_items(
    name: str,
    selector: DueItemSelector,
    *,
    order: int,
    label: str = "",
    counters: Mapping[str, OrgCounter] | None = None,
    counted_item: CountedItem | None = None,
    remainder: DueRemainder | None = None,
) -> None:
    """Add a capability's due-items selector under ``name`` (its app label), shown by ``order``.
    ``label`` is the Chinese name people choose reminders by (default: the app's verbose name;
    required for a name that is not an app, e.g. "dynamics_standing").

    ``counters`` (optional, by item key) let the daily scan count a manager's items for every
    person at once instead of calling ``selector`` person by person, ``counted_item`` (required
    with them) making each item of its count; an item of ``selector`` without a counter must
    then come from ``remainder``. A counted item is a manager's item whose count is the rows
    of its list in the manager's organisations, and ``selector`` gives it only to people who
    manage an organisation (a test per capability checks the two agree).

    Registering the same name again replaces it (``ready`` may run twice in tests)."""
    if counters and counted_item is None:
        raise ValueError(f"{name}: counters need counted_item to make their items")
    _SOURCES[name] = _Source(
        name, order, selector, label, dict(counters or {}), counted_item, remainder
    )


def counted_source(name: str) -> CountedSource | None:
    """The counters of the source ``name``, or None when it has none."""
    source = _SOURCES.get(name)
    if source is None or not source.counters or source.counted_item is None:
        return None
    return CountedSource(name, source.counters, source.counted_item, source.remainder)


def due_item_label(name: str) -> str:
    """The label given when ``name`` was registered ("" when none was given or none is known)."""
    source = _SOURCES.get(name)
    return source.label if source else ""


def due_item_sources() -> list[tuple[str, DueItemSelector]]:
    """The registered selectors by (order, name)."""
    ordered = sorted(_SOURCES.values(), key=lambda s: (s.order, s.name))
    return [(s.name, s.selector) for s in ordered]


def due_items(user: Actor, today: date) -> list[DueItem]:
    """Every capability's due items for ``user`` on ``today``, in registration order."""
    items: list[DueItem] = []
    for _name, selector in due_item_sources():
        items.extend(selector(user, today))
    return items
