"""Sanction records as owners of attachments: seen by whoever sees the member, added to by
whoever manages the member (the same questions as for the member's archive)."""

from __future__ import annotations

from dangjian.accounts.access import may_manage_member, visible_members
from dangjian.core.actor import Actor
from dangjian.documents.owners import OwnerKind


def _sees(user: Actor, sanction_id: int) -> bool:
    return visible_members(user).filter(sanctions__pk=sanction_id).exists()


def _manages(user: Actor, sanction_id: int) -> bool:
    member = visible_members(user).filter(sanctions__pk=sanction_id).first()
    return member is not None and may_manage_member(user, member)


SANCTION_OWNER = OwnerKind("sanction", "党纪处分", "discipline.SanctionRecord", _sees, _manages)
