"""Who receives a message, resolved from roles and scope when it is sent.

A message naming an organisation's people reaches only those who may see that organisation
(``accounts.access.may_receive_about``): its secretary, the administrators of a subtree holding
it, the system administrators and, when members are asked for, its own members. A secretary of
a sibling branch holds the same role and is still left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from django.contrib.auth.models import User
from django.db.models import Q

from dangjian.accounts.access import may_receive_about
from dangjian.accounts.models import Role, RoleGrant
from dangjian.members.choices import Status
from dangjian.members.models import Member
from dangjian.notifications.preferences import MEMBER_ROLE
from dangjian.orgs.models import Organization, in_subtree

MEMBER_ONLY = frozenset({MEMBER_ROLE})
STAFF_ROLES = (Role.SYSTEM_ADMIN, Role.ORG_ADMIN, Role.SECRETARY)


class Recipient(NamedTuple):
    """One person to tell: their roles (for the defaults), and whether they have an e-mail
    address and a phone number on record (the channels they can be reached on). A tuple: a
    members' fan-out makes a hundred thousand of them."""

    user_id: int
    roles: frozenset[str]
    email: str
    has_phone: bool


@dataclass(frozen=True)
class Audience:
    """Whom a message is for: holders of ``roles`` ("member" for the members themselves) who
    may see ``organization``; or the named ``user_ids`` (the daily scan's own reminders)."""

    roles: tuple[str, ...] = ()
    organization: Organization | None = None
    user_ids: tuple[int, ...] = ()


def resolve(audience: Audience) -> list[Recipient]:
    """The recipients of ``audience`` now, each once, in user-id order."""
    found: dict[int, _Found] = {}
    org = audience.organization
    named = set(audience.user_ids)
    if org is not None:
        staff = _staff_covering(org, audience.roles)
        named |= {u for u, _ in staff}
        if MEMBER_ROLE in audience.roles:
            found.update(_members_of(org))
    found.update(_people(named - found.keys()))
    _add_roles(found)
    return [
        Recipient(user_id=u, roles=f.roles, email=f.email, has_phone=f.has_phone)
        for u, f in sorted(found.items())
    ]


@dataclass(slots=True)
class _Found:
    email: str
    has_phone: bool
    roles: frozenset[str]


def _ancestor_paths(org: Organization) -> list[str]:
    step = Organization.steplen
    return [org.path[: step * i] for i in range(1, len(org.path) // step + 1)]


def _staff_covering(org: Organization, wanted: tuple[str, ...]) -> list[tuple[int, str]]:
    """(user, role) of grants that can cover ``org``: system administrators, and grants on
    ``org`` or an organisation above it; each is then checked by the one access rule."""
    staff = [r for r in wanted if r in {s.value for s in STAFF_ROLES}]
    if not staff:
        return []
    grants = RoleGrant.objects.filter(role__in=staff).filter(
        Q(role=Role.SYSTEM_ADMIN) | Q(organization__path__in=_ancestor_paths(org))
    )
    pairs = list(grants.filter(user__is_active=True).values_list("user_id", "role"))
    users = User.objects.in_bulk({u for u, _ in pairs})
    return [(u, r) for u, r in pairs if may_receive_about(users[u], org)]


def _members_of(org: Organization) -> dict[int, _Found]:
    """The users of the members in good standing in ``org``'s subtree, read in one query."""
    members = Member.objects.filter(
        in_subtree(org.path, "organization__path"),
        status=Status.NORMAL,
        user__isnull=False,
        user__is_active=True,
    )
    rows = members.values_list("user_id", "user__email", "phone_hash")
    return {u: _Found(email, phone is not None, MEMBER_ONLY) for u, email, phone in rows}


def _people(user_ids: set[int]) -> dict[int, _Found]:
    """A few named users (staff, the scan's own reminders), active ones only."""
    if not user_ids:
        return {}
    users = User.objects.filter(pk__in=user_ids, is_active=True).values_list("pk", "email")
    members = Member.objects.filter(user_id__in=user_ids).values_list("user_id", "phone_hash")
    phone = {u: h is not None for u, h in members}
    return {
        u: _Found(email, phone.get(u, False), MEMBER_ONLY if u in phone else frozenset())
        for u, email in users
    }


def _add_roles(found: dict[int, _Found]) -> None:
    """Every role each user holds, since the administrator's defaults are per role. Staff
    grants are few, so a members' fan-out reads them all rather than list every member."""
    grants = RoleGrant.objects.all()
    if len(found) <= 1000:
        grants = grants.filter(user_id__in=list(found))
    for user_id, role in grants.values_list("user_id", "role"):
        if user_id in found:
            found[user_id].roles |= {role}
