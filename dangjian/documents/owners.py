"""What an attachment may belong to, and who may see or add one (by owner kind).

Each kind names the model its ids point at and two questions answered through
``accounts.access``: may this user see the owner (then they may download its files), and may
they attach to it. The archive's own kinds (a member, an organisation) are here; a workflow
registers its own kinds from its ``AppConfig.ready`` with ``register_owner_kind``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps

from dangjian.accounts.access import (
    may_manage_member,
    scope_for,
    visible_members,
    visible_organizations,
)
from dangjian.core.actor import Actor

Check = Callable[[Any, int], bool]


@dataclass(frozen=True)
class OwnerKind:
    """A kind of record that holds attachments. ``model`` is an app label and model name
    ("members.Member"); ``may_see`` and ``may_attach`` take the user and the owner's id."""

    code: str
    label: str
    model: str
    may_see: Check
    may_attach: Check

    def exists(self, owner_id: int) -> bool:
        exists: bool = apps.get_model(self.model).objects.filter(pk=owner_id).exists()
        return exists


_KINDS: dict[str, OwnerKind] = {}


def register_owner_kind(kind: OwnerKind) -> None:
    """Make ``kind`` known (again on a reload: the last registration holds)."""
    _KINDS[kind.code] = kind


def owner_kind(code: str) -> OwnerKind | None:
    """The kind registered under ``code``, or ``None``."""
    return _KINDS.get(code)


def _sees_member(user: Actor, member_id: int) -> bool:
    return visible_members(user).filter(pk=member_id).exists()


def _manages_member(user: Actor, member_id: int) -> bool:
    member = visible_members(user).filter(pk=member_id).select_related("organization").first()
    # A member sees their own record but does not add to their archive (may_manage_member).
    return member is not None and may_manage_member(user, member)


def _sees_org(user: Actor, org_id: int) -> bool:
    return visible_organizations(user).filter(pk=org_id).exists()


def _manages_org(user: Actor, org_id: int) -> bool:
    org = visible_organizations(user).filter(pk=org_id).first()
    # Secretaries keep their branch's papers too (covers_org), not only tree administrators.
    return org is not None and scope_for(user).covers_org(org)


register_owner_kind(
    OwnerKind("member", "党员档案", "members.Member", _sees_member, _manages_member)
)
register_owner_kind(
    OwnerKind("organization", "党组织", "orgs.Organization", _sees_org, _manages_org)
)
