"""党员增减台账 (STAT-6): kinds, as-of correctness around a transfer, a confirmation and an exit,
and reconciliation over generated history checked against the day-by-day register."""

from __future__ import annotations

import random
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404

from dangjian.dynamics.ledger import Ledger, ledger_of, membership_ledger
from dangjian.dynamics.services import (
    letter_issue,
    member_transfer_start,
    transfer_accept,
    transfer_approve,
)
from dangjian.members.choices import Status
from dangjian.members.models import Member
from dangjian.members.selectors import members_as_of
from dangjian.members.services import member_change, member_confirm
from dangjian.orgs.models import Organization
from dangjian.rules.membership_ledger import Change
from tests.factories import Role, make_member, make_user

YEAR_START, YEAR_END = date(2024, 1, 1), date(2024, 12, 31)


@pytest.fixture
def committee_admin(enterprise: SimpleNamespace) -> User:
    return make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)


def _year(org: Organization) -> Ledger:
    return ledger_of(org, YEAR_START, YEAR_END)


def _kinds(ledger: Ledger) -> list[tuple[str, Change]]:
    return [(e.name, e.change) for e in ledger.entries]


def _transfer(member: Member, to: Organization, admin: User, started: date, accepted: date) -> None:
    transfer = member_transfer_start(actor=None, member_id=member.pk, to_org_id=to.pk,
                                     effective_on=started, reason="工作调动")  # fmt: skip
    transfer_approve(actor=admin, transfer_id=transfer.pk)
    transfer_approve(actor=admin, transfer_id=transfer.pk)
    transfer_accept(actor=None, transfer_id=transfer.pk, accepted_on=accepted)


def test_a_transfer_is_a_decrease_and_an_increase_for_the_branches_only(
    enterprise: SimpleNamespace, member_a: Member, committee_admin: User
) -> None:
    """Inside the 党总支 the move changes nothing; for each branch it is 转出 / 转入."""
    _transfer(member_a, enterprise.branch_b, committee_admin, date(2024, 3, 1), date(2024, 3, 10))
    assert _kinds(_year(enterprise.branch_a)) == [("张三", Change.TRANSFER_OUT)]
    assert _kinds(_year(enterprise.branch_b)) == [("张三", Change.TRANSFER_IN)]
    assert _year(enterprise.general).entries == ()
    [entry] = _year(enterprise.branch_b).entries
    assert entry.day == date(2024, 3, 10) and "工作调动" in entry.document
    assert entry.organization_name == "二支部"


def test_as_of_before_and_after_a_transfer(
    enterprise: SimpleNamespace, member_a: Member, committee_admin: User
) -> None:
    """MEM-2: counted by the sender until the day of acceptance, once, never twice."""
    _transfer(member_a, enterprise.branch_b, committee_admin, date(2024, 3, 1), date(2024, 3, 10))
    before = ledger_of(enterprise.branch_a, date(2024, 1, 1), date(2024, 3, 9))
    assert (before.opening, before.closing, before.entries) == (1, 1, ())
    after = ledger_of(enterprise.branch_a, date(2024, 3, 10), date(2024, 3, 10))
    assert (after.opening, after.closing) == (1, 0)
    for day in (date(2024, 3, 1), date(2024, 3, 9), date(2024, 3, 10)):
        both = ledger_of(enterprise.general, day, day)
        assert both.closing == 1 and both.reconciliation.balanced


def test_a_member_in_transfer_counts_for_the_sender_only(
    enterprise: SimpleNamespace, member_a: Member
) -> None:
    """An open transfer (转出中) moves nothing: no entry anywhere until accepted."""
    member_transfer_start(actor=None, member_id=member_a.pk, to_org_id=enterprise.branch_b.pk,
                          effective_on=date(2024, 3, 1), reason="工作调动")  # fmt: skip
    assert _year(enterprise.branch_a).closing == 1
    assert _year(enterprise.branch_b).closing == 0
    assert _year(enterprise.branch_a).entries == _year(enterprise.branch_b).entries == ()


def test_a_confirmation_is_neither_increase_nor_decrease(enterprise: SimpleNamespace) -> None:
    member = make_member(enterprise.branch_a, name="预备", stage="probationary",
                         joined_on=date(2023, 5, 1), confirmed_on=None)  # fmt: skip
    member_confirm(actor=None, member_id=member.pk, confirmed_on=date(2024, 5, 1), reason="转正")
    ledger = _year(enterprise.branch_a)
    assert ledger.entries == () and (ledger.opening, ledger.closing) == (1, 1)


def test_a_new_member_on_the_day_of_admission_is_developed(enterprise: SimpleNamespace) -> None:
    make_member(enterprise.branch_a, name="新党员", stage="probationary",
                joined_on=date(2024, 6, 1), confirmed_on=None)  # fmt: skip
    assert _kinds(_year(enterprise.root)) == [("新党员", Change.DEVELOPED)]
    assert _year(enterprise.root).reconciliation.balanced


def test_an_exit_leaves_this_years_count_not_last_years(
    enterprise: SimpleNamespace, member_a: Member
) -> None:
    member_change(actor=None, member_id=member_a.pk, changes={"status": Status.LEFT},
                  effective_on=date(2024, 9, 1), reason="经支部大会讨论，予以除名")  # fmt: skip
    [entry] = _year(enterprise.root).decreases
    assert entry.change is Change.LEFT_PARTY and entry.kind_label == "出党（除名）"
    assert _year(enterprise.root).exit_counts() == {"除名": 1}
    last_year = ledger_of(enterprise.root, date(2023, 1, 1), date(2023, 12, 31))
    assert (last_year.closing, last_year.entries) == (1, ())
    assert _year(enterprise.root).opening == last_year.closing  # STAT-6: years join


def test_suspension_death_restoration_and_letters_by_kind(enterprise: SimpleNamespace) -> None:
    dead, suspended, away = (make_member(enterprise.branch_c, name=n) for n in ("甲", "乙", "丙"))
    member_change(actor=None, member_id=dead.pk, changes={"status": Status.DECEASED},
                  effective_on=date(2024, 2, 1), reason="病故")  # fmt: skip
    member_change(actor=None, member_id=suspended.pk, changes={"status": Status.SUSPENDED},
                  effective_on=date(2024, 3, 1), reason="失联超过6个月，停止党籍")  # fmt: skip
    member_change(actor=None, member_id=suspended.pk, changes={"status": Status.NORMAL},
                  effective_on=date(2024, 8, 1), reason="恢复党籍")  # fmt: skip
    letter = letter_issue(actor=None, member_id=away.pk, destination="外省某公司党委",
                          reason="工作调动", issued_on=date(2024, 4, 1))  # fmt: skip
    ledger = _year(enterprise.root)
    assert sorted(_kinds(ledger)) == sorted([
        ("甲", Change.DIED), ("乙", Change.SUSPENDED), ("乙", Change.RESTORED),
        ("丙", Change.TRANSFER_OUT_LETTER),
    ])  # fmt: skip
    [out] = [e for e in ledger.entries if e.name == "丙"]
    assert letter.number in out.document
    assert (ledger.opening, ledger.closing) == (3, 1) and ledger.reconciliation.balanced


def test_a_reorganised_branch_carries_its_members(enterprise: SimpleNamespace) -> None:
    """A branch moved from under the 党总支 to under the 党委: other decrease for the 党总支."""
    from dangjian.orgs.services import org_move

    make_member(enterprise.branch_b, name="随迁")
    org_move(actor=None, org_id=enterprise.branch_b.pk, new_parent_id=enterprise.root.pk,
             effective_on=date(2024, 7, 1))  # fmt: skip
    ledger = _year(enterprise.general)
    assert _kinds(ledger) == [("随迁", Change.OTHER_OUT)]
    assert ledger.entries[0].document == "党组织隶属关系调整"
    assert ledger.reconciliation.balanced and _year(enterprise.root).entries == ()


def test_a_difference_is_reported_not_hidden(enterprise: SimpleNamespace, member_a: Member) -> None:
    """A damaged history (a second period overlapping the member's own, written around the
    services) makes the register and the arithmetic disagree: the difference is shown."""
    from dangjian.members.models import MemberPeriod

    MemberPeriod.objects.create(member=member_a, organization=enterprise.branch_b, stage="full",
                                status=Status.NORMAL, valid_from=date(2020, 1, 1),
                                valid_to=date(2024, 5, 1))  # fmt: skip
    member_change(actor=None, member_id=member_a.pk, changes={"organization_id": enterprise.branch_c.pk},
                  effective_on=date(2024, 5, 1), reason="调动", transfer_accepted=True)  # fmt: skip
    ledger = _year(enterprise.root)
    assert (ledger.opening, ledger.closing) == (2, 1)
    assert ledger.reconciliation.difference == -1 and not ledger.reconciliation.balanced


def test_scope_secretary_sees_own_branch_only(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    assert membership_ledger(secretary_a, enterprise.branch_a.pk, YEAR_START, YEAR_END).closing == 1
    with pytest.raises((Http404, PermissionDenied)):
        membership_ledger(secretary_a, enterprise.branch_b.pk, YEAR_START, YEAR_END)
    with pytest.raises((Http404, PermissionDenied)):
        membership_ledger(secretary_a, enterprise.general.pk, YEAR_START, YEAR_END)


def _random_history(enterprise: SimpleNamespace, seed: int) -> None:
    """Members created, moved, suspended, restored, exited on random days of 2024."""
    rng = random.Random(seed)
    branches = [enterprise.branch_a, enterprise.branch_b, enterprise.branch_c]
    members = [_random_member(rng, rng.choice(branches)) for _ in range(12)]
    for member in members:
        day = max(member.joined_on or YEAR_START, YEAR_START) + timedelta(days=1)
        for _ in range(rng.randrange(4)):
            day += timedelta(days=rng.randrange(1, 60))
            if day > date(2024, 12, 31):
                break
            member.refresh_from_db()
            _random_step(rng, member, branches, day)


def _random_member(rng: random.Random, branch: Organization) -> Member:
    if rng.random() < 0.3:  # admitted during the year: probationary from the day
        joined = YEAR_START + timedelta(days=rng.randrange(300))
        return make_member(branch, stage="probationary", joined_on=joined, confirmed_on=None)
    return make_member(branch)


def _random_step(
    rng: random.Random, member: Member, branches: list[Organization], day: date
) -> None:
    if member.status == Status.NORMAL and rng.random() < 0.5:
        to = rng.choice([b for b in branches if b.pk != member.organization_id])
        member_change(actor=None, member_id=member.pk, changes={"organization_id": to.pk},
                      effective_on=day, reason="调动", transfer_accepted=True)  # fmt: skip
        return
    nexts = {Status.NORMAL: [Status.SUSPENDED, Status.LEFT, Status.TRANSFERRED_OUT],
             Status.SUSPENDED: [Status.NORMAL], Status.TRANSFERRED_OUT: [Status.NORMAL]}  # fmt: skip
    options = nexts.get(Status(member.status), [])
    if options:
        member_change(actor=None, member_id=member.pk, changes={"status": rng.choice(options)},
                      effective_on=day, reason="变动")  # fmt: skip


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_history_reconciles_and_agrees_with_the_daily_register(
    enterprise: SimpleNamespace, sysadmin: User, seed: int
) -> None:
    """Two truths: the ledger's entries are exactly the differences between the registers of
    consecutive days (``members_as_of``), for every organisation, and the totals reconcile."""
    _random_history(enterprise, seed)
    orgs = [enterprise.root, enterprise.general, enterprise.branch_a, enterprise.branch_c]
    for org in orgs:
        ledger = _year(org)
        assert ledger.reconciliation.balanced, (org.name, ledger.reconciliation)
        expected: set[tuple[int, date, bool]] = set()
        day = YEAR_START
        previous = set(
            members_as_of(sysadmin, org, day - timedelta(days=1)).values_list("pk", flat=True)
        )
        while day <= YEAR_END:
            now = set(members_as_of(sysadmin, org, day).values_list("pk", flat=True))
            expected |= {(pk, day, True) for pk in now - previous}
            expected |= {(pk, day, False) for pk in previous - now}
            previous, day = now, day + timedelta(days=1)
        got = {(e.member_id, e.day, e.change.is_increase) for e in ledger.entries}
        assert got == expected, org.name
    halves = (
        ledger_of(enterprise.root, YEAR_START, date(2024, 6, 30)),
        ledger_of(enterprise.root, date(2024, 7, 1), YEAR_END),
    )
    assert halves[0].closing == halves[1].opening
    assert len(halves[0].entries) + len(halves[1].entries) == len(_year(enterprise.root).entries)
