"""A year of 党费 for the demo, written through the dues services so that every amount is the
one the platform computes (the generator makes up pay slips and pensions, never dues).

- Pay: a monthly pay slip (岗位工资, 薪级工资, 绩效工资, allowances, overtime, tax, social
  insurance, housing fund, annuity) for every salaried member, in the months the base is taken
  from under the fixed-yearly setting (the first month of the window and each January, DUES-9);
  every month for 年薪制 members, with the year-end payment in January (DUES-3). Imported
  through ``payroll_entry_save``, the payroll import's own service, so each base carries its
  DUES-2 derivation. Retirees: the basic pension declared for the same months (DUES-5).
  Students and farmers pay the flat amounts (DUES-6).
- The ledger of the 12 months up to the current one (``ledger_generate``); payments for most
  (``ledger_mark_paid``: by the member, now and then by a relative, 代缴); months before the
  last three closed per organisation (``month_close``).
- Arrears: members who lost contact pay nothing since (MEM-4), a few members owe the last one
  to three months, one member of 变电运维一站党支部 has paid nothing for seven months: the
  DUES-13 case on the arrears page, with the reminders sent to them (``reminder_record``).
- A member in difficulty exempted by the branch and the 党委 (DUES-7), and one 大额党费 (DUES-11).

Deterministic: its own ``random.Random`` from the demo's seed, dates from the demo's day.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import QuerySet

from dangjian.accounts.models import RoleGrant
from dangjian.demo.names import make_name
from dangjian.dues.bases import declared_income_record, payroll_entry_save
from dangjian.dues.collection import (
    Payment,
    ReductionInput,
    large_payment_record,
    ledger_mark_paid,
    month_close,
    reduction_record,
    reminder_record,
)
from dangjian.dues.ledger import ledger_generate
from dangjian.dues.models import IncomeKind, LedgerEntry, Method, PayerKind
from dangjian.dues.payroll_import import payroll_mapping_save
from dangjian.dues.policy import current_settings
from dangjian.members.choices import DuesCategory, Stage, Status
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.rules.dates import YearMonth, age_on
from dangjian.rules.dues import DuesSettings, ItemCategory

MONTHS = 12  # the ledger of the current month and the 11 before it
OPEN_MONTHS = 3  # the last three months stay open; older ones are closed
ARREARS_SHARE = 0.012  # members who owe the last one to three months
LONG_ARREARS_MONTHS = 7  # six months over, and the current one
CENT = Decimal("0.01")

# The pay slip's columns and what each is (DUES-2), saved as the payroll import's mapping.
PAY_ITEMS: dict[str, ItemCategory] = {
    "岗位工资": ItemCategory.POST_WAGE,
    "薪级工资": ItemCategory.SKILL_WAGE,
    "绩效工资": ItemCategory.REGULAR_BONUS,
    "基本年薪": ItemCategory.BASIC_WAGE,
    "绩效年薪兑现": ItemCategory.ONE_OFF_BONUS,
    "伙食补贴": ItemCategory.MEAL,
    "交通补贴": ItemCategory.TRANSPORT,
    "通讯补贴": ItemCategory.PHONE,
    "加班费": ItemCategory.OVERTIME,
    "个人所得税": ItemCategory.INCOME_TAX,
    "养老保险（个人）": ItemCategory.SOCIAL_INSURANCE,
    "医疗保险（个人）": ItemCategory.SOCIAL_INSURANCE,
    "失业保险（个人）": ItemCategory.SOCIAL_INSURANCE,
    "住房公积金（个人）": ItemCategory.HOUSING_FUND,
    "企业年金（个人）": ItemCategory.ANNUITY,
}
# Monthly post wage (岗位工资) ranges by occupation, yuan, before seniority.
_POST_WAGE = {
    "worker": (2600, 3600),
    "professional": (3000, 4600),
    "manager": (3600, 5600),
    "civil_servant": (3200, 4200),
    "other": (1900, 2600),
}
_PAYING = (DuesCategory.SALARIED, DuesCategory.ANNUAL_SALARY)


@dataclass
class DuesSummary:
    months: int = 0
    payroll: int = 0
    pensions: int = 0
    rows: int = 0
    paid: int = 0
    arrears: list[str] = field(default_factory=list)


def load_dues(*, actor: User, today: date, seed: int) -> DuesSummary:
    """Write the demo's year of dues; ``actor`` is the system administrator."""
    rng = random.Random(seed * 7919 + 17)
    window = [YearMonth.from_date(today) - back for back in range(MONTHS - 1, -1, -1)]
    members = list(
        Member.objects.exclude(joined_on__isnull=True).select_related("organization").order_by("pk")
    )
    summary = DuesSummary(months=len(window))
    payroll_mapping_save(actor=actor, mapping={k: v.value for k, v in PAY_ITEMS.items()})
    settings = current_settings()
    for member in members:
        summary.payroll += _pay_slips(member, window, settings, rng)
        summary.pensions += _pensions(member, window, actor, rng)
    _exemption(members, window, actor, rng)
    for month in window:
        summary.rows += ledger_generate(actor=actor, month=month).created
    owing = _owing(members, window, today, rng)
    summary.paid = _payments(window, owing, actor, today, rng)
    _close_old_months(window, actor)
    summary.arrears = _reminders(owing, window, actor)
    _large_payment(members, window, actor, today)
    return summary


# --- pay and pensions ------------------------------------------------------------------------


def base_months(window: list[YearMonth], member: Member) -> list[YearMonth]:
    """The months a fixed-yearly base is read from (DUES-9): the first month the member owes
    in the window (DUES-8: the month of joining), and each January after it."""
    assert member.joined_on is not None
    first = max(window[0], YearMonth.from_date(member.joined_on))
    return [first, *(m for m in window if m > first and m.month == 1)]


def _joined_by(member: Member, month: YearMonth) -> bool:
    return member.joined_on is not None and member.joined_on <= month.last_day


def _pay_slips(
    member: Member, window: list[YearMonth], settings: DuesSettings, rng: random.Random
) -> int:
    if member.dues_category not in _PAYING:
        return 0
    annual = member.dues_category == DuesCategory.ANNUAL_SALARY
    months = window if annual else base_months(window, member)
    level = _pay_level(member, rng)
    written = 0
    for month in months:
        if not _joined_by(member, month):
            continue
        items = _annual_slip(level, month) if annual else _monthly_slip(level, rng)
        payroll_entry_save(
            member=member,
            month=month,
            items=[
                {"name": n, "category": PAY_ITEMS[n].value, "amount": f"{a:.2f}"} for n, a in items
            ],
            source=None,
            source_ref=f"{month.label}工资表（演示数据）",
            settings=settings,
        )
        written += 1
    return written


def _pay_level(member: Member, rng: random.Random) -> Decimal:
    """The monthly post wage: the occupation's range, plus seniority and education."""
    low, high = _POST_WAGE.get(member.occupation, _POST_WAGE["other"])
    years = max(age_on(member.birth_date, date(2026, 1, 1)) - 22, 0)
    extra = {"postgraduate": 600, "bachelor": 300, "college": 120}.get(member.education, 0)
    return Decimal(rng.randint(low, high) + 45 * years + extra)


def _monthly_slip(post: Decimal, rng: random.Random) -> list[tuple[str, Decimal]]:
    """One month's pay slip; deductions at the usual individual rates of Liaoning."""
    skill = (post * Decimal("0.28")).quantize(CENT)
    merit = (post * Decimal(rng.randint(45, 75)) / 100).quantize(CENT)
    insured = post + skill + merit
    slip = [
        ("岗位工资", post),
        ("薪级工资", skill),
        ("绩效工资", merit),
        ("伙食补贴", Decimal("400.00")),
        ("交通补贴", Decimal("300.00")),
    ]
    if rng.random() < 0.3:
        slip.append(("加班费", Decimal(rng.randint(2, 12) * 60)))
    slip += _deductions(insured)
    return slip


def _deductions(insured: Decimal) -> list[tuple[str, Decimal]]:
    pension = (insured * Decimal("0.08")).quantize(CENT)
    medical = (insured * Decimal("0.02")).quantize(CENT)
    unemployment = (insured * Decimal("0.005")).quantize(CENT)
    fund = (insured * Decimal("0.12")).quantize(CENT)
    annuity = (insured * Decimal("0.02")).quantize(CENT)
    taxable = insured - pension - medical - unemployment - fund - annuity - 5000
    tax = (max(taxable, Decimal(0)) * Decimal("0.03")).quantize(CENT)
    return [
        ("个人所得税", tax),
        ("养老保险（个人）", pension),
        ("医疗保险（个人）", medical),
        ("失业保险（个人）", unemployment),
        ("住房公积金（个人）", fund),
        ("企业年金（个人）", annuity),
    ]


def _annual_slip(post: Decimal, month: YearMonth) -> list[tuple[str, Decimal]]:
    """年薪制: the basic yearly salary paid monthly; the year's merit pay in January (DUES-3)."""
    basic = (post * Decimal("2.6")).quantize(CENT)
    slip = [("基本年薪", basic), ("伙食补贴", Decimal("400.00"))]
    if month.month == 1:
        slip.append(("绩效年薪兑现", (basic * 4).quantize(CENT)))
    return slip + _deductions(basic)


def _pensions(member: Member, window: list[YearMonth], actor: User, rng: random.Random) -> int:
    if member.dues_category != DuesCategory.RETIRED:
        return 0
    amount = Decimal(rng.randint(2900, 6400)) + Decimal(rng.randint(0, 99)) / 100
    written = 0
    for month in base_months(window, member):
        declared_income_record(
            actor=actor,
            member_id=member.pk,
            month=month,
            kind=IncomeKind.PENSION,
            amount=amount,
            evidence=f"{month.label}基本养老金发放明细（社保经办机构）",
        )
        written += 1
    return written


def _exemption(
    members: list[Member], window: list[YearMonth], actor: User, rng: random.Random
) -> None:
    """DUES-7: one retiree in difficulty pays nothing from half a year ago, decided and approved."""
    poor = [
        m
        for m in members
        if m.in_difficulty and m.dues_category == DuesCategory.RETIRED and m.status == Status.NORMAL
    ]
    if not poor:
        return
    member = rng.choice(poor)
    first = window[-6]
    decided = (first - 1).first_day.replace(day=20)
    reduction_record(
        actor=actor,
        data=ReductionInput(
            member_id=member.pk,
            first_month=first,
            last_month=None,
            reduced_to=Decimal("0.00"),
            branch_decision="因病生活困难，党支部委员会研究同意免交党费",
            branch_decided_on=decided,
            approval="党委批复同意",
            approved_on=decided.replace(day=28),
        ),
    )


# --- who pays what ---------------------------------------------------------------------------


@dataclass
class Owing:
    """Months each member leaves unpaid, by member id; the DUES-13 case among them."""

    unpaid: dict[int, set[YearMonth]]
    long_case: int | None


def _owing(
    members: list[Member], window: list[YearMonth], today: date, rng: random.Random
) -> Owing:
    unpaid: dict[int, set[YearMonth]] = defaultdict(set)
    for member in members:
        lost = member.lost_contact_since
        if lost is not None:  # nothing since contact was lost (MEM-4, MEM-5)
            unpaid[member.pk] |= {m for m in window if m.last_day >= lost}
    current = window[-1]
    regular = [m for m in members if _pays_regularly(m)]
    for member in rng.sample(regular, max(1, round(len(regular) * ARREARS_SHARE))):
        unpaid[member.pk] |= set(window[-1 - rng.randint(1, 3) :])
    long_case = _long_case(members)
    if long_case is not None:
        unpaid[long_case] |= set(window[-LONG_ARREARS_MONTHS:])
    for pk in Member.objects.filter(user__username="dangyuan1").values_list("pk", flat=True):
        unpaid[pk].add(current)  # the member's own reminder on the home page
    return Owing(dict(unpaid), long_case)


def _pays_regularly(member: Member) -> bool:
    return (
        member.status == Status.NORMAL
        and member.lost_contact_since is None
        and member.user_id is None
        and member.dues_category != DuesCategory.FARMER
    )


def _long_case(members: list[Member]) -> int | None:
    """A member of the demo secretary's branch, neither a post holder nor a demo login."""
    grant = RoleGrant.objects.filter(user__username="shuji1").first()
    if grant is None or grant.organization_id is None:
        return None
    branch_id = grant.organization_id
    candidates = [
        m
        for m in members
        if m.organization_id == branch_id
        and _pays_regularly(m)
        and m.stage == Stage.FULL
        and m.dues_category == DuesCategory.SALARIED
        and not m.positions.exists()
    ]
    return candidates[-1].pk if candidates else None


def _rows(window: list[YearMonth]) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(
        month__gte=window[0].first_day, due__gt=0, paid_amount=0
    ).select_related("member")


def _payments(
    window: list[YearMonth], owing: Owing, actor: User, today: date, rng: random.Random
) -> int:
    """Mark paid what each member paid: a branch collects on one day of the month, in one
    way, and one call of the service records it (a relative paying for a retiree apart)."""
    days: dict[tuple[int, date], tuple[date, str]] = {}
    groups: dict[tuple[date, str, str], list[int]] = defaultdict(list)
    # By month and member (created in plan order), not by row id: rows are inserted set-wise,
    # in whatever order the database chooses, and the draws below must not depend on it.
    for entry in _rows(window).order_by("month", "member_id"):
        month = YearMonth.from_date(entry.month)
        if month in owing.unpaid.get(entry.member_id, ()):
            continue
        key = (entry.organization_id, entry.month)
        if key not in days:
            day = month.first_day.replace(day=rng.randint(5, 25))
            days[key] = (day, rng.choices(_METHODS, [40, 45, 15])[0])
        paid_on, method = days[key]
        if paid_on > today:
            continue  # not collected yet this month
        proxy = entry.member.dues_category == DuesCategory.RETIRED and rng.random() < 0.04
        payer = make_name(rng, rng.choice("MF"), 1975, "汉族") if proxy else ""
        groups[(paid_on, method, payer)].append(entry.pk)
    paid = 0
    for (paid_on, method, payer), ids in sorted(groups.items()):
        kind = PayerKind.PROXY if payer else PayerKind.SELF
        payment = Payment(paid_on=paid_on, method=method, payer_kind=kind, payer_name=payer)
        paid += len(ledger_mark_paid(actor=actor, entry_ids=ids, payment=payment))
    return paid


_METHODS = (Method.TRANSFER.value, Method.ONLINE.value, Method.CASH.value)


def _close_old_months(window: list[YearMonth], actor: User) -> None:
    rows = LedgerEntry.objects.filter(month__lt=window[-OPEN_MONTHS].first_day)
    pairs = (
        rows.values_list("organization_id", "month").distinct().order_by("month", "organization_id")
    )
    orgs = Organization.objects.in_bulk({org for org, _ in pairs})
    for org_id, month in pairs:
        month_close(actor=actor, organization=orgs[org_id], month=YearMonth.from_date(month))


def _reminders(owing: Owing, window: list[YearMonth], actor: User) -> list[str]:
    """Reminders to the members who owe an overdue month (a DUES-13 case needs them)."""
    overdue = window[-2]
    reminded = [
        pk
        for pk, months in owing.unpaid.items()
        if overdue in months and Member.objects.filter(pk=pk, status=Status.NORMAL).exists()
    ]
    if owing.long_case is not None:
        for month in window[-LONG_ARREARS_MONTHS:-1:2]:
            reminder_record(
                actor=actor, member_ids=[owing.long_case], month=month, channel="电话",
                note="党支部书记电话提醒按时交纳党费",
            )  # fmt: skip
    if reminded:
        reminder_record(
            actor=actor, member_ids=reminded, month=overdue, channel="微信",
            note="党小组组长提醒交纳党费",
        )  # fmt: skip
    names = Member.objects.filter(pk__in=reminded).order_by("pk").values_list("name", flat=True)
    return list(names)


def _large_payment(
    members: list[Member], window: list[YearMonth], actor: User, today: date
) -> None:
    """DUES-11: a leading cadre's voluntary 大额党费, on 七一 when it falls in the window."""
    cadres = [m for m in members if m.is_leading_cadre and m.status == Status.NORMAL]
    july = next((m for m in window if m.month == 7), window[0])
    paid_on = july.first_day
    if not cadres or paid_on > today:
        return
    large_payment_record(
        actor=actor, member_id=cadres[0].pk, amount=Decimal("2000.00"), paid_on=paid_on,
        method=Method.TRANSFER, note="庆祝建党纪念日自愿交纳大额党费",
    )  # fmt: skip
