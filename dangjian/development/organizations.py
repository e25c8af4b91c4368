"""Which organisation decides what for a branch's people (细则第二十二条)."""

from __future__ import annotations

from dangjian.orgs.models import Organization
from dangjian.rules.development.admission import Approver
from dangjian.rules.organization import OrgKind


def approving_committee(branch: Organization) -> Organization | None:
    """The nearest 基层党委 above ``branch`` (the one with approval power), or ``None`` when no
    党委 stands above it in the tree (a 党总支 alone cannot approve, DEV-14)."""
    ancestors = Organization.objects.get_ancestors(branch)
    committees = [o for o in ancestors if o.kind == OrgKind.COMMITTEE]
    return committees[-1] if committees else None


def approver_kind(branch: Organization) -> Approver:
    """How ``check_approver`` names whoever stands above ``branch``."""
    if approving_committee(branch) is not None:
        return Approver.PARTY_COMMITTEE
    parent = Organization.objects.get_parent(branch)
    if parent is not None and parent.kind == OrgKind.GENERAL_BRANCH:
        return Approver.GENERAL_BRANCH
    return Approver.BRANCH


def deciding_organization(branch: Organization) -> Organization:
    """Who records a 党委's step for ``branch``: its approving committee, else its parent (which
    the approver check then refuses by name), else the branch itself."""
    return approving_committee(branch) or Organization.objects.get_parent(branch) or branch
