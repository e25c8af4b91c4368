"""The waiting-transfers queue reads the 党委 above every approving side in one query: it must
name the same 党委 as the one-by-one lookup the transfer's services use (MEM-2)."""

from __future__ import annotations

from types import SimpleNamespace

from dangjian.dynamics.queues import committees_above
from dangjian.dynamics.services import _committee_of
from tests.factories import make_org


def test_committees_above_equal_the_one_by_one_lookup(enterprise: SimpleNamespace) -> None:
    """A branch under a 党总支 under the 党委, its 党小组, one directly under the 党委, the 党总支,
    the 党委 itself, and a branch under a second 党委 nested in the first (the nearest approves)."""
    inner = make_org("二级党委", "committee", enterprise.root)
    inner_branch = make_org("二级党委一支部", "branch", inner)
    orgs = [enterprise.branch_a, enterprise.group_a, enterprise.branch_c, enterprise.general,
            enterprise.root, inner_branch]  # fmt: skip
    found = committees_above(orgs)
    assert {pk: c.pk for pk, c in found.items()} == {o.pk: _committee_of(o).pk for o in orgs}
    assert found[enterprise.branch_a.pk] == enterprise.root and found[inner_branch.pk] == inner
