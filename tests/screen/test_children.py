"""The children of the screen, counted together by one grouped query, give each child's own
register of the day (``count_members_as_of``), before and after a transfer and an exit, and
a child moved under the root since counts as it stood that day."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User

from dangjian.members.selectors import count_members_as_of
from dangjian.orgs.models import Organization
from dangjian.orgs.services import org_move
from dangjian.screen.selectors import children_counts, screen_data, screen_frame
from tests.screen.conftest import AFTER, BEFORE


@pytest.mark.parametrize("on", [BEFORE, AFTER, date(2024, 12, 31)])
def test_children_counted_together_equal_each_register(
    history: SimpleNamespace, sysadmin: User, on: date
) -> None:
    # 二支部 moves from the 党总支 to the 党委 on 2024-11-01: a child of the root only after.
    org_move(actor=None, org_id=history.branch_b.pk, new_parent_id=history.root.pk,
             effective_on=date(2024, 11, 1))  # fmt: skip
    frame = screen_frame(sysadmin, history.root.pk, on)
    shown = {c.id: c.members for c in screen_data(frame).children}
    assert set(shown) == {history.general.pk, history.branch_b.pk, history.branch_c.pk}
    for org_id, members in shown.items():
        org = Organization.objects.get(pk=org_id)
        assert members == count_members_as_of(sysadmin, org, on), (org.name, on)
    together = children_counts(frame, list(Organization.objects.filter(pk__in=shown)))
    # 二支部 sat under the 党总支 before the move: counted one by one, not from the root's groups.
    assert (history.branch_b.pk in together) == (on >= date(2024, 11, 1))
