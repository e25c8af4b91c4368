"""Who may do what to a transfer, and the queue of transfers waiting for someone.

The transfers page, its buttons and the home card read these functions, so a card's count is
the number of rows of the list it links to, and a button shows only to whoever the service
lets through (the services check again)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from dangjian.accounts.access import Scope, may_approve_transfer, may_manage_member, scope_for
from dangjian.core.actor import Actor
from dangjian.dynamics.models import OPEN_STATES, Transfer, TransferState
from dangjian.dynamics.selectors import visible_transfers
from dangjian.dynamics.services import LEVEL_LABELS, _committee_of
from dangjian.orgs.models import Organization
from dangjian.orgs.subtrees import SubtreeIndex
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
    open_ones = list(listed_transfers(user).filter(state__in=OPEN_STATES))
    committees = committees_above([s for s in map(_approving_side, open_ones) if s is not None])
    return [t for t in open_ones if _waits_for(user, t, committees)]


def _waits_for(user: Actor, transfer: Transfer, committees: dict[int, Organization]) -> bool:
    """Whether the next step of the open ``transfer`` is ``user``'s; ``committees`` holds the
    党委 above its approving side (``committees_above``)."""
    side = _approving_side(transfer)
    if side is not None:
        return may_approve_transfer(user, committees[side.pk])
    return transfer.state == TransferState.AWAITING and scope_for(user).covers_org(transfer.to_org)


class OpenTransfers:
    """Every open transfer and the 党委 above each approving side, read once (for the daily
    scan), so that many people's queues are decided without a query each: ``awaiting(user)``
    gives what ``transfers_awaiting(user)`` gives, newest first.

    Each transfer is filed under the organisation its next step belongs to (the approving
    党委, else the receiving branch); a person's candidates are those filed in their scope,
    and ``_waits_for`` decides each as ``transfers_awaiting`` does."""

    def __init__(self) -> None:
        rows = (
            Transfer.objects.filter(state__in=OPEN_STATES)
            .select_related("from_org", "to_org")
            # What the decision reads: the approvals awaited and both sides' place in the tree.
            .only("state", "levels", "approvals", "from_org__path", "to_org__path")
        )
        self._open = list(rows.order_by("-created_at", "-pk"))
        sides = [s for s in map(_approving_side, self._open) if s is not None]
        self._committees = committees_above(sides)
        deciders = [(i, self._decider(t)) for i, t in enumerate(self._open)]
        self._by_path = SubtreeIndex((org.path, i) for i, org in deciders)
        self._by_org: dict[int, list[int]] = defaultdict(list)
        for i, org in deciders:
            self._by_org[org.pk].append(i)

    def awaiting(self, user: Actor) -> list[Transfer]:
        found = [self._open[i] for i in sorted(self._candidates(scope_for(user)))]
        return [t for t in found if _waits_for(user, t, self._committees)]

    def _decider(self, transfer: Transfer) -> Organization:
        side = _approving_side(transfer)
        return self._committees[side.pk] if side is not None else transfer.to_org

    def _candidates(self, scope: Scope) -> set[int]:
        if scope.everything:
            return set(range(len(self._open)))
        found = {i for path in scope.subtree_paths for i in self._by_path.under(path)}
        found.update(i for org_id in scope.own_org_ids for i in self._by_org.get(org_id, []))
        return found


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
