"""Who may do what to a transfer, and the queue of transfers waiting for someone.

The transfers page, its buttons and the home card read these functions, so a card's count is
the number of rows of the list it links to, and a button shows only to whoever the service
lets through (the services check again)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from dangjian.accounts.access import may_approve_transfer, may_manage_member, scope_for
from dangjian.core.actor import Actor
from dangjian.dynamics.models import OPEN_STATES, Transfer, TransferState
from dangjian.dynamics.selectors import visible_transfers
from dangjian.dynamics.services import LEVEL_LABELS, _committee_of


@dataclass(frozen=True)
class TransferActions:
    """What ``user`` may do to one transfer now; ``awaited`` names the step it waits for."""

    approve: bool
    accept: bool
    refuse: bool
    cancel: bool
    awaited: str

    @property
    def waits_for_me(self) -> bool:
        """The step the transfer waits for is the user's (approve or accept)."""
        return self.approve or self.accept


def transfer_actions(user: Actor, transfer: Transfer) -> TransferActions:
    """The buttons of one row. Reads the 党委 above each side only for open transfers."""
    if transfer.state not in OPEN_STATES:
        return TransferActions(False, False, False, False, "")
    scope = scope_for(user)
    receiving = scope.covers_org(transfer.to_org)
    level = transfer.next_level
    approve = False
    awaited = "转入党支部接收"
    if transfer.state == TransferState.APPROVING and level is not None:
        side = transfer.from_org if level == "sending" else transfer.to_org
        committee = _committee_of(side)
        approve = may_approve_transfer(user, committee)
        awaited = f"{LEVEL_LABELS[level]}（{committee.name}）审批"
    refuse = receiving or may_approve_transfer(user, _committee_of(transfer.to_org))
    return TransferActions(
        approve=approve,
        accept=transfer.state == TransferState.AWAITING and receiving,
        refuse=refuse,
        cancel=may_manage_member(user, transfer.member),
        awaited=awaited,
    )


def listed_transfers(user: Actor) -> QuerySet[Transfer]:
    """The transfers page's rows: out of or into the user's organisations, newest first."""
    return (
        visible_transfers(user)
        .select_related("member", "from_org", "to_org", "party_group")
        .order_by("-created_at", "-pk")
    )


def transfers_awaiting(user: Actor) -> list[Transfer]:
    """Open transfers whose next step is the user's: an approval at their 党委's level, or
    the acceptance by their branch (the home card and the page's "待我处理" list)."""
    open_ones = listed_transfers(user).filter(state__in=OPEN_STATES)
    return [t for t in open_ones if transfer_actions(user, t).waits_for_me]
