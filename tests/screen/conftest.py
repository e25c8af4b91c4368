"""A small history for the big screen: a transfer, a confirmation (转正) and an exit in 2024."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from dangjian.members.choices import Status
from dangjian.members.services import member_change, member_confirm
from tests.factories import make_member

BEFORE = date(2024, 3, 31)  # before every change
AFTER = date(2024, 9, 30)  # after all three


@pytest.fixture
def history(enterprise: SimpleNamespace) -> SimpleNamespace:
    """一支部 (A): 调出 moves to 三支部 (C) on 2024-05-01; 预备 is confirmed on 2024-06-01;
    二支部 (B): 出党 leaves the Party on 2024-07-01; 常在 stays in A throughout."""
    moving = make_member(enterprise.branch_a, name="调出", gender="F", education="college",
                         occupation="worker", birth_date=date(1995, 5, 5),
                         joined_on=date(2018, 7, 1), confirmed_on=date(2019, 7, 1))  # fmt: skip
    probationary = make_member(enterprise.branch_a, name="预备", stage="probationary", gender="M",
                               joined_on=date(2023, 6, 1), confirmed_on=None,
                               birth_date=date(1999, 1, 2))  # fmt: skip
    leaving = make_member(enterprise.branch_b, name="出党", occupation="manager", gender="M",
                          joined_on=date(1975, 7, 1), confirmed_on=date(1976, 7, 1),
                          birth_date=date(1950, 2, 2))  # fmt: skip
    # Genders are given: the factory alternates them by creation order, and a figure by gender
    # must not hang on which tests ran before.
    staying = make_member(enterprise.branch_a, name="常在", gender="M")
    member_change(actor=None, member_id=moving.pk, changes={"organization_id": enterprise.branch_c.pk},
                  effective_on=date(2024, 5, 1), reason="调动", transfer_accepted=True)  # fmt: skip
    member_confirm(
        actor=None, member_id=probationary.pk, confirmed_on=date(2024, 6, 1), reason="转正"
    )
    member_change(actor=None, member_id=leaving.pk, changes={"status": Status.LEFT},
                  effective_on=date(2024, 7, 1), reason="出党")  # fmt: skip
    return SimpleNamespace(moving=moving, probationary=probationary, leaving=leaving,
                           staying=staying, **vars(enterprise))  # fmt: skip
