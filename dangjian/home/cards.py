"""The home page's "needs attention" cards: every capability's due items for the asker.

Each card comes from its capability's own due-items selector (``dangjian.members.due``,
``dangjian.orgs.due``, ``dangjian.dues.arrears.dues_attention``, registered in their
``AppConfig.ready``); its number is the count of the list it opens, so a card and its list
never disagree."""

from __future__ import annotations

from datetime import date

from dangjian.core.actor import Actor
from dangjian.core.due import DueItem, due_items


def attention_items(user: Actor, today: date) -> list[DueItem]:
    """The cards for ``user`` on ``today``, in the capabilities' registration order."""
    return due_items(user, today)
