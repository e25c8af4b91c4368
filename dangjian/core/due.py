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

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Protocol

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


@dataclass(frozen=True)
class _Source:
    name: str
    order: int
    selector: DueItemSelector
    label: str = ""


_SOURCES: dict[str, _Source] = {}


def register_due_items(
    name: str, selector: DueItemSelector, *, order: int, label: str = ""
) -> None:
    """Add a capability's due-items selector under ``name`` (its app label), shown by ``order``.
    ``label`` is the Chinese name people choose reminders by (default: the app's verbose name;
    required for a name that is not an app, e.g. "dynamics_standing").

    Registering the same name again replaces it (``ready`` may run twice in tests)."""
    _SOURCES[name] = _Source(name, order, selector, label)


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
