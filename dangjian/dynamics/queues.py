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
from dangjian.orgs.models import Organization
from dangjian.rules.organization import OrgKind


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
    the acceptance by their branch (the home card and the page's "待我处理" list). The same
    decision as ``transfer_actions(...).waits_for_me``, with the 党委 above every approving
    side read in one query (``committees_above``) instead of one per transfer."""
    scope = scope_for(user)
    open_ones = list(listed_transfers(user).filter(state__in=OPEN_STATES))
    sides = [s for s in (_approving_side(t) for t in open_ones) if s is not None]
    committees = committees_above(sides)
    waiting = []
    for t in open_ones:
        side = _approving_side(t)
        if side is not None:
            mine = may_approve_transfer(user, committees[side.pk])
        else:
            mine = t.state == TransferState.AWAITING and scope.covers_org(t.to_org)
        if mine:
            waiting.append(t)
    return waiting


def _approving_side(transfer: Transfer) -> Organization | None:
    """The organisation whose 党委 approves next (None unless an approval is awaited)."""
    level = transfer.next_level
    if transfer.state != TransferState.APPROVING or level is None:
        return None
    return transfer.from_org if level == "sending" else transfer.to_org


def committees_above(orgs: list[Organization]) -> dict[int, Organization]:
    """{organisation id: ``_committee_of(organisation)``} for ``orgs`` in one query: the
    nearest 党委 among each one's ancestors (longest path prefix), else the root above it,
    else itself."""
    step = Organization.steplen
    prefixes = {o.path[:end] for o in orgs for end in range(step, len(o.path), step)}
    above = {a.path: a for a in Organization.objects.filter(path__in=prefixes)}
    found: dict[int, Organization] = {}
    for org in orgs:
        chain = [above[org.path[:end]] for end in range(step, len(org.path), step)
                 if org.path[:end] in above]  # fmt: skip
        committees = [a for a in chain if a.kind == OrgKind.COMMITTEE]
        found[org.pk] = committees[-1] if committees else (chain[0] if chain else org)
    return found
