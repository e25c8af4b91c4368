"""党员增减台账 of a single branch (STAT-6): each kind of history that crosses a branch's
boundary while staying inside the company reconciles for every organisation, whoever asks, and
the register of 31 December closes one year and opens the next with the same number."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.contrib.auth.models import User

from dangjian.dynamics.ledger import Ledger, ledger_of, membership_ledger
from dangjian.members.choices import Status
from dangjian.members.models import Member
from dangjian.members.services import member_change
from dangjian.orgs.models import Organization
from dangjian.rules.membership_ledger import Change
from tests.factories import make_member

YEARS = ((date(2024, 1, 1), date(2024, 12, 31)), (date(2025, 1, 1), date(2025, 12, 31)))


def _orgs(enterprise: SimpleNamespace) -> list[Organization]:
    return [enterprise.root, enterprise.general, enterprise.branch_a, enterprise.branch_b,
            enterprise.branch_c]  # fmt: skip


def _assert_years_reconcile(enterprise: SimpleNamespace) -> None:
    """Every organisation: each year balanced, and 期末 of 2024 == 期初 of 2025."""
    for org in _orgs(enterprise):
        first, second = (ledger_of(org, start, end) for start, end in YEARS)
        for ledger in (first, second):
            assert ledger.reconciliation.balanced, (org.name, ledger.start, ledger.reconciliation)
        assert first.closing == second.opening, org.name


def _move(member: Member, to: Organization, on: date) -> None:
    member_change(actor=None, member_id=member.pk, changes={"organization_id": to.pk},
                  effective_on=on, reason="组织关系转接", transfer_accepted=True)  # fmt: skip


def _status(member: Member, status: str, on: date, reason: str = "党籍处理") -> None:
    member_change(actor=None, member_id=member.pk, changes={"status": status},
                  effective_on=on, reason=reason)  # fmt: skip


def _kinds(ledger: Ledger) -> list[tuple[date, Change]]:
    return [(e.day, e.change) for e in ledger.entries]


def test_a_secretary_counts_the_members_who_have_left_since(
    enterprise: SimpleNamespace, secretary_a: User, org_admin_general: User, member_a: Member
) -> None:
    """The register of a past day holds who belonged then: a member who left the branch (now
    outside the secretary's scope) still opens the branch's year, so 期初 - 转出 = 期末."""
    make_member(enterprise.branch_a, name="留下")
    _move(member_a, enterprise.branch_c, date(2025, 3, 1))
    for user in (secretary_a, org_admin_general):
        ledger = membership_ledger(user, enterprise.branch_a.pk, *YEARS[1])
        assert (ledger.opening, ledger.closing) == (2, 1), user.username
        assert ledger.reconciliation.balanced
        assert _kinds(ledger) == [(date(2025, 3, 1), Change.TRANSFER_OUT)]
        assert ledger == ledger_of(enterprise.branch_a, *YEARS[1])
        last_year = membership_ledger(user, enterprise.branch_a.pk, *YEARS[0])
        assert last_year.closing == ledger.opening == 2


def test_a_move_inside_the_subtree_crosses_the_branches_boundary(
    enterprise: SimpleNamespace, member_a: Member
) -> None:
    """A -> B inside the 党总支: nothing for the 党总支, 转出 for A and 转入 for B."""
    _move(member_a, enterprise.branch_b, date(2024, 12, 31))
    assert _kinds(ledger_of(enterprise.branch_a, *YEARS[0])) == [
        (date(2024, 12, 31), Change.TRANSFER_OUT)
    ]
    assert _kinds(ledger_of(enterprise.branch_b, *YEARS[0])) == [
        (date(2024, 12, 31), Change.TRANSFER_IN)
    ]
    assert ledger_of(enterprise.general, *YEARS[0]).entries == ()
    _assert_years_reconcile(enterprise)


def test_a_move_on_new_years_day_belongs_to_the_new_year(
    enterprise: SimpleNamespace, member_a: Member
) -> None:
    """The opening register is the eve's (31 December): a move on 1 January is the new year's."""
    _move(member_a, enterprise.branch_c, date(2025, 1, 1))
    assert ledger_of(enterprise.branch_a, *YEARS[0]).entries == ()
    assert ledger_of(enterprise.branch_a, *YEARS[0]).closing == 1
    assert _kinds(ledger_of(enterprise.branch_a, *YEARS[1])) == [
        (date(2025, 1, 1), Change.TRANSFER_OUT)
    ]
    _assert_years_reconcile(enterprise)


def test_a_change_of_party_group_is_no_change_of_the_branch(
    enterprise: SimpleNamespace, member_a: Member
) -> None:
    member_change(actor=None, member_id=member_a.pk, changes={"party_group_id": enterprise.group_a.pk},
                  effective_on=date(2024, 5, 1), reason="编入党小组")  # fmt: skip
    member_change(actor=None, member_id=member_a.pk, changes={"party_group_id": None},
                  effective_on=date(2025, 5, 1), reason="调整党小组")  # fmt: skip
    for org in _orgs(enterprise):
        assert ledger_of(org, *YEARS[0]).entries == ledger_of(org, *YEARS[1]).entries == ()
    _assert_years_reconcile(enterprise)


def test_suspension_and_restoration_in_another_branch(
    enterprise: SimpleNamespace, member_a: Member
) -> None:
    """停止党籍 in A, moved while suspended to B, 恢复党籍 there: A loses, B gains."""
    _status(member_a, Status.SUSPENDED, date(2024, 6, 1))
    _move(member_a, enterprise.branch_b, date(2024, 9, 1))
    _status(member_a, Status.NORMAL, date(2025, 2, 1), "恢复党籍")
    assert _kinds(ledger_of(enterprise.branch_a, *YEARS[0])) == [
        (date(2024, 6, 1), Change.SUSPENDED)
    ]
    assert ledger_of(enterprise.branch_b, *YEARS[0]).entries == ()
    assert _kinds(ledger_of(enterprise.branch_b, *YEARS[1])) == [
        (date(2025, 2, 1), Change.RESTORED)
    ]
    _assert_years_reconcile(enterprise)


def test_several_changes_of_one_member_on_one_day(
    enterprise: SimpleNamespace, member_a: Member, member_b: Member, member_c: Member
) -> None:
    """Moved twice on one day (A -> B -> C): one change from A to C; suspended and restored
    on one day: no change at all; moved and suspended on one day: out of A, never in B."""
    _move(member_a, enterprise.branch_b, date(2024, 4, 1))
    _move(member_a, enterprise.branch_c, date(2024, 4, 1))
    _status(member_b, Status.SUSPENDED, date(2024, 7, 1))
    _status(member_b, Status.NORMAL, date(2024, 7, 1), "恢复党籍")
    _move(member_c, enterprise.branch_b, date(2025, 3, 1))
    _status(member_c, Status.SUSPENDED, date(2025, 3, 1))
    assert _kinds(ledger_of(enterprise.branch_a, *YEARS[0])) == [
        (date(2024, 4, 1), Change.TRANSFER_OUT)
    ]
    assert _kinds(ledger_of(enterprise.branch_b, *YEARS[0])) == []
    assert _kinds(ledger_of(enterprise.branch_c, *YEARS[1])) == [
        (date(2025, 3, 1), Change.SUSPENDED)
    ]
    assert ledger_of(enterprise.branch_b, *YEARS[1]).entries == ()
    _assert_years_reconcile(enterprise)


def test_a_stay_of_one_day(enterprise: SimpleNamespace, member_a: Member) -> None:
    """A period of one day (in B from 30 June to 1 July): in and out of B, A's out and in."""
    _move(member_a, enterprise.branch_b, date(2024, 6, 30))
    _move(member_a, enterprise.branch_a, date(2024, 7, 1))
    assert _kinds(ledger_of(enterprise.branch_b, *YEARS[0])) == [
        (date(2024, 6, 30), Change.TRANSFER_IN), (date(2024, 7, 1), Change.TRANSFER_OUT),
    ]  # fmt: skip
    one_day = ledger_of(enterprise.branch_b, date(2024, 6, 30), date(2024, 6, 30))
    assert (one_day.opening, one_day.closing) == (0, 1) and one_day.reconciliation.balanced
    _assert_years_reconcile(enterprise)


def test_a_new_member_admitted_and_moved_on_the_same_day(enterprise: SimpleNamespace) -> None:
    """Admitted into A and placed in C the same day: 发展 for C only, nothing for A."""
    new = make_member(enterprise.branch_a, name="新党员", stage="probationary",
                      joined_on=date(2025, 6, 1), confirmed_on=None)  # fmt: skip
    _move(new, enterprise.branch_c, date(2025, 6, 1))
    assert ledger_of(enterprise.branch_a, *YEARS[1]).entries == ()
    assert _kinds(ledger_of(enterprise.branch_c, *YEARS[1])) == [
        (date(2025, 6, 1), Change.DEVELOPED)
    ]
    _assert_years_reconcile(enterprise)
