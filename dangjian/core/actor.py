"""Who is acting: the one type every service, selector and access check takes for its user.

A page or the API passes ``request.user`` (a ``User``, or ``AnonymousUser`` before login); a
job, a management command or the demo loader passes ``None`` ("the system"). Every service
records the act with :func:`acting_user`, so an anonymous visitor and the system are both
stored as "no user" and never as a half-valid row.

This module imports Django's auth models only, so any layer (the audit log in ``core``
included) may use it without pulling in the rest of the accounts app.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User

Actor: TypeAlias = User | AnonymousUser | None
"""The acting user: a logged-in ``User``, an ``AnonymousUser``, or ``None`` for the system."""


def acting_user(actor: Actor) -> User | None:
    """The ``User`` to record as having acted, or ``None`` for the system and anonymous visitors.

    Shape: ``User | AnonymousUser | None`` -> ``User | None``; never raises.
    """
    if isinstance(actor, User) and actor.is_authenticated:
        return actor
    return None


def acting_user_id(actor: Actor) -> int | None:
    """The primary key of :func:`acting_user`, for set-based inserts that write ids."""
    user = acting_user(actor)
    return user.pk if user is not None else None
