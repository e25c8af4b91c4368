"""Ledger generation: who owes a month, where, how much, and running it twice changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User

from dangjian.dues.collection import dues_transfer_record
from dangjian.dues.ledger import GenerationResult, ledger_generate
from dangjian.dues.models import DuesComputation, LedgerEntry
from dangjian.dues.policy import policy_update
from dangjian.dues.selectors import entry_explanation
from dangjian.members.models import Member
from dangjian.members.services import member_change
from dangjian.orgs.models import Organization
from dangjian.rules.dates import YearMonth
from dangjian.rules.dues import DuesCategory
from tests.dues.conftest import D, declare, payroll
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def row(member: Member, month: YearMonth) -> LedgerEntry:
    return LedgerEntry.objects.get(member=member, month=month.first_day)


def generate(
    month: YearMonth, org: Organization | None = None, actor: User | None = None
) -> GenerationResult:
    return ledger_generate(actor=actor, month=month, organization=org)


def test_official_examples_5100_and_4900(
    member_a: Member, member_b: Member, jan_2024: YearMonth
) -> None:
    """DUES-1: base 5100 -> 76.50 (1.5% of the whole base); base 4900 -> 49.00."""
    payroll(member_a, jan_2024, "5100")
    payroll(member_b, jan_2024, "4900")
    result = generate(jan_2024)
    assert result.created == 2
    assert row(member_a, jan_2024).due == D("76.50")
    assert row(member_b, jan_2024).due == D("49.00")


def test_second_run_changes_nothing(
    member_a: Member, member_b: Member, jan_2024: YearMonth
) -> None:
    """Generating the same month twice: the second run creates, updates and removes nothing."""
    payroll(member_a, jan_2024, "5100")
    first = generate(jan_2024)
    before = list(LedgerEntry.objects.values())
    second = generate(jan_2024)
    assert first.created == 2 and first.missing_base == 1
    assert (second.created, second.updated, second.removed) == (0, 0, 0)
    assert list(LedgerEntry.objects.values()) == before
    assert DuesComputation.objects.count() == 1


def test_new_payroll_updates_an_unpaid_row(member_a: Member, jan_2024: YearMonth) -> None:
    generate(jan_2024)
    assert row(member_a, jan_2024).due is None
    payroll(member_a, jan_2024, "3000")
    assert generate(jan_2024).updated == 1
    assert row(member_a, jan_2024).due == D("15.00")


def test_fixed_yearly_keeps_the_january_base(member_a: Member) -> None:
    """DUES-9 (2017通知, default): the base fixed at the start of the year is kept all year."""
    payroll(member_a, YearMonth(2024, 1), "5100")
    payroll(member_a, YearMonth(2024, 6), "12000")
    generate(YearMonth(2024, 7))
    entry = row(member_a, YearMonth(2024, 7))
    assert entry.due == D("76.50")
    assert "全年不变" in entry_explanation(entry).amount_lines[0]


def test_following_the_wage_uses_the_new_base(member_a: Member) -> None:
    """DUES-9 (党费规定第十条): with the setting off, a new wage counts from the month it is paid."""
    policy_update(actor=None, values={"fixed_yearly": False})
    payroll(member_a, YearMonth(2024, 1), "5100")
    payroll(member_a, YearMonth(2024, 6), "12000")
    generate(YearMonth(2024, 5))
    generate(YearMonth(2024, 7))
    assert row(member_a, YearMonth(2024, 5)).due == D("76.50")
    assert row(member_a, YearMonth(2024, 7)).due == D("240.00")


def test_both_readings_of_the_base(member_a: Member, jan_2024: YearMonth) -> None:
    """DUES-2: 2017 reading deducts own social insurance; the 2008 reading only income tax."""
    payroll(member_a, jan_2024, "6000", tax="100", social="1000")
    generate(jan_2024)
    assert row(member_a, jan_2024).base == D("4900")  # 6000 - 100 - 1000
    assert row(member_a, jan_2024).due == D("49.00")
    policy_update(actor=None, values={"reading_2017": False})
    assert generate(jan_2024).updated == 1
    entry = row(member_a, jan_2024)
    assert entry.base == D("5900") and entry.due == D("88.50")
    assert any("2008年规定口径" in line for line in entry_explanation(entry).base_lines)


def test_cap_on_and_off_through_settings(member_a: Member, jan_2024: YearMonth) -> None:
    """DUES-10: 60000 x 2% = 1200 is capped at 1000.00 when on; paid in full when off."""
    payroll(member_a, jan_2024, "60000")
    generate(jan_2024)
    assert row(member_a, jan_2024).due == D("1000.00")
    computation = row(member_a, jan_2024).computation
    assert computation is not None
    assert "DUES-10" in computation.rule_ids
    policy_update(actor=None, values={"cap_enabled": False})
    generate(jan_2024)
    assert row(member_a, jan_2024).due == D("1200.00")


def test_rounding_setting(member_a: Member, jan_2024: YearMonth) -> None:
    """DUES-15: 3001 x 1% = 30.01; to whole yuan: 30.00."""
    payroll(member_a, jan_2024, "3001")
    policy_update(actor=None, values={"rounding": "yuan"})
    generate(jan_2024)
    assert row(member_a, jan_2024).due == D("30.00")


def test_annual_salary_year_end_month(enterprise: SimpleNamespace) -> None:
    """DUES-3: a 年薪制 member's December base includes the year-end payment paid that month."""
    boss = make_member(enterprise.branch_a, name="年薪", dues_category="annual_salary")
    payroll(boss, YearMonth(2024, 11), "8000")
    payroll(boss, YearMonth(2024, 12), "8000", 年终兑现="one_off_bonus:50000")
    generate(YearMonth(2024, 11))
    generate(YearMonth(2024, 12))
    assert row(boss, YearMonth(2024, 11)).due == D("120.00")
    december = row(boss, YearMonth(2024, 12))
    assert december.base == D("58000") and december.due == D("1000.00")
    lines = entry_explanation(december)
    assert any("年终" in line and "规定》第三条" in line for line in lines.base_lines)


def test_self_employed_quarter(enterprise: SimpleNamespace) -> None:
    """DUES-4: Q2 dues use the average monthly net income of Q1: (4000+5000+6000)/3 = 5000 -> 50."""
    shop = make_member(enterprise.branch_a, name="个体", dues_category="self_employed")
    for month, amount in ((1, "4000"), (2, "5000"), (3, "6000")):
        declare(shop, YearMonth(2024, month), amount, kind="net_income")
    generate(YearMonth(2024, 3))
    generate(YearMonth(2024, 5))
    assert row(shop, YearMonth(2024, 3)).due is None  # Q4 2023 was never declared
    may = row(shop, YearMonth(2024, 5))
    assert may.base == D("5000") and may.due == D("50.00")
    assert any("上季度月平均纯收入" in line for line in entry_explanation(may).base_lines)


def test_retired_and_flat_categories(enterprise: SimpleNamespace, jan_2024: YearMonth) -> None:
    """DUES-5: pension 5200 -> 1% = 52.00; DUES-6: farmer 0.50 (setting), student 0.20."""
    retired = make_member(enterprise.branch_a, dues_category="retired")
    farmer = make_member(enterprise.branch_a, dues_category="farmer")
    student = make_member(enterprise.branch_a, dues_category="student")
    declare(retired, jan_2024, "5200", kind="pension")
    generate(jan_2024)
    assert row(retired, jan_2024).due == D("52.00")
    assert row(farmer, jan_2024).due == D("0.50")
    assert row(student, jan_2024).due == D("0.20")


def test_member_joining_mid_year_owes_from_the_month_of_acceptance(
    enterprise: SimpleNamespace,
) -> None:
    """DUES-8: accepted by the 支部大会 on 2024-05-20: nothing for April, dues from May, on the
    base first recorded that year."""
    newcomer = make_member(
        enterprise.branch_a,
        stage="probationary",
        joined_on=date(2024, 5, 20),
        confirmed_on=None,
        applied_on=date(2023, 3, 1),
    )
    payroll(newcomer, YearMonth(2024, 5), "4000")
    generate(YearMonth(2024, 4))
    generate(YearMonth(2024, 5))
    generate(YearMonth(2024, 6))
    assert not LedgerEntry.objects.filter(member=newcomer, month=date(2024, 4, 1)).exists()
    assert row(newcomer, YearMonth(2024, 5)).due == D("40.00")
    june = row(newcomer, YearMonth(2024, 6))
    assert june.due == D("40.00")
    assert "入党或建档时核定" in entry_explanation(june).amount_lines[0]


def test_transfer_between_branches_sending_branch_collects_the_month(
    enterprise: SimpleNamespace, member_a: Member, jan_2024: YearMonth, today_2024: date
) -> None:
    """Transferred from branch A to B on 2024-03-15: A collects March, B from April."""
    payroll(member_a, jan_2024, "5100")
    member_change(
        actor=None,
        member_id=member_a.pk,
        changes={"organization_id": enterprise.branch_b.pk},
        effective_on=date(2024, 3, 15),
        reason="工作调动",
        transfer_accepted=True,
    )
    for m in (3, 4):
        generate(YearMonth(2024, m))
    assert row(member_a, YearMonth(2024, 3)).organization == enterprise.branch_a
    assert row(member_a, YearMonth(2024, 4)).organization == enterprise.branch_b


def test_transferred_out_or_deceased_owes_the_month_of_the_change_only(
    enterprise: SimpleNamespace, jan_2024: YearMonth, today_2024: date
) -> None:
    leaving = make_member(enterprise.branch_a, name="转出")
    dying = make_member(enterprise.branch_a, name="去世")
    suspended = make_member(enterprise.branch_a, name="停止党籍")
    for member, status in (
        (leaving, "transferred_out"),
        (dying, "deceased"),
        (suspended, "suspended"),
    ):
        payroll(member, jan_2024, "3000")
        member_change(
            actor=None, member_id=member.pk, changes={"status": status},
            effective_on=date(2024, 6, 10), reason="变动",
        )  # fmt: skip
    generate(YearMonth(2024, 6))
    generate(YearMonth(2024, 7))
    for member in (leaving, dying, suspended):
        assert row(member, YearMonth(2024, 6)).due == D("15.00")
        assert not LedgerEntry.objects.filter(member=member, month=date(2024, 7, 1)).exists()


def test_transfer_in_with_dues_paid_up_to(
    enterprise: SimpleNamespace, jan_2024: YearMonth, today_2024: date
) -> None:
    """A member arriving with "党费交至2024年6月" owes nothing here before July."""
    arriving = make_member(enterprise.branch_a, name="转入")
    payroll(arriving, jan_2024, "3000")
    dues_transfer_record(
        actor=None, member_id=arriving.pk, direction="in", effective_on=date(2024, 6, 20),
        paid_up_to_month=YearMonth(2024, 6),
    )  # fmt: skip
    generate(YearMonth(2024, 6))
    generate(YearMonth(2024, 7))
    assert not LedgerEntry.objects.filter(member=arriving, month=date(2024, 6, 1)).exists()
    assert row(arriving, YearMonth(2024, 7)).due == D("15.00")


def test_late_recorded_transfer_removes_untouched_rows(
    enterprise: SimpleNamespace, member_a: Member, jan_2024: YearMonth, today_2024: date
) -> None:
    payroll(member_a, jan_2024, "3000")
    generate(YearMonth(2024, 8))
    member_change(
        actor=None, member_id=member_a.pk, changes={"status": "transferred_out"},
        effective_on=date(2024, 7, 20), reason="转出",
    )  # fmt: skip
    assert generate(YearMonth(2024, 8)).removed == 1


def test_secretary_generates_only_her_branch(
    enterprise: SimpleNamespace,
    member_a: Member,
    member_b: Member,
    secretary_a: User,
    jan_2024: YearMonth,
) -> None:
    result = generate(jan_2024, org=enterprise.branch_a, actor=secretary_a)
    assert result.created == 1
    assert LedgerEntry.objects.get().member == member_a


def test_secretary_cannot_generate_another_branch(
    enterprise: SimpleNamespace, secretary_a: User, jan_2024: YearMonth
) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        generate(jan_2024, org=enterprise.branch_b, actor=secretary_a)
    with pytest.raises(PermissionDenied):
        generate(jan_2024, actor=secretary_a)


def test_generation_uses_the_pure_rules_for_every_distinct_base(
    enterprise: SimpleNamespace, jan_2024: YearMonth
) -> None:
    """Each distinct (category, base) is computed once by compute_dues and shared."""
    from dangjian.rules.dues import DuesSettings, compute_dues

    members = [make_member(enterprise.branch_a) for _ in range(6)]
    for i, member in enumerate(members):
        payroll(member, jan_2024, ["2999.99", "3000", "3000.01", "5000", "10000", "10000.01"][i])
    generate(jan_2024)
    for member in members:
        entry = row(member, jan_2024)
        assert entry.base is not None and entry.computation is not None
        expected = compute_dues(_cat(entry.category), Decimal(entry.base), DuesSettings())
        assert entry.due == expected.amount
        assert entry.computation.lines == list(expected.lines)


def _cat(code: str) -> DuesCategory:
    return DuesCategory(code)


def test_each_month_uses_the_category_held_on_its_first_day(
    enterprise: SimpleNamespace, today_2024: date
) -> None:
    """Unemployed from 2024-03-01 (recorded later): February is still reckoned on the wage
    (DUES-1, 5100 -> 76.50) and March at the flat 0.20 (DUES-6), whatever order the months are
    generated in. Unemployed from 2024-04-15: April is still a wage month."""
    first = make_member(enterprise.branch_a, name="三月失业")
    mid = make_member(enterprise.branch_a, name="四月中失业")
    for member, on in ((first, date(2024, 3, 1)), (mid, date(2024, 4, 15))):
        payroll(member, YearMonth(2024, 1), "5100")
        member_change(actor=None, member_id=member.pk, changes={"dues_category": "unemployed"},
                      effective_on=on, reason="失业")  # fmt: skip
    for month in (5, 4, 3, 2):
        generate(YearMonth(2024, month))
    assert row(first, YearMonth(2024, 2)).due == D("76.50")
    assert row(first, YearMonth(2024, 2)).category == "salaried"
    assert row(first, YearMonth(2024, 3)).due == D("0.20")
    assert row(mid, YearMonth(2024, 4)).due == D("76.50")
    assert row(mid, YearMonth(2024, 5)).due == D("0.20")
    assert row(mid, YearMonth(2024, 5)).category == "unemployed"


def test_benchmark_baseline_agrees_with_the_generation_across_a_category_change() -> None:
    """The dues benchmark compares its hand-written INSERT ... SELECT with the generation and
    stops on any difference in rows or total; a member who changed category after the month
    must be reckoned in the old one by both."""
    from dangjian.dues import bench
    from dangjian.members.models import Member, MemberEvent

    bench.create_data(300, lambda line: None)
    changed = Member.objects.filter(dues_category="salaried").order_by("pk")[:5]
    for member in changed:
        MemberEvent.objects.create(member=member, kind="category", effective_on=date(2025, 7, 1),
                                   changes={"dues_category": ["salaried", "farmer"]}, reason="测试")  # fmt: skip
        Member.objects.filter(pk=member.pk).update(dues_category="farmer")
    lines: list[str] = []
    result = bench.run(300, 1, lines.append)
    assert result.members == 300 and "300行" in lines[0]
