"""Reads of the dues records. Every function that serves a person starts from the asker's scope
(``visible_members`` / ``access_organization`` / ``access_member``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Sum

from dangjian.accounts.access import (
    access_member,
    access_organization,
    scope_for,
    visible_members,
    visible_organizations,
)
from dangjian.core.actor import Actor
from dangjian.dues.arrears import (
    TODO_KINDS,
    ArrearsCase,
    arrears_cases,
    dues_attention,
    flagged_cases,
    last_complete_month,
    month_todo_rows,
)
from dangjian.dues.models import (
    LargePayment,
    LedgerAdjustment,
    LedgerEntry,
    MonthClose,
    Reduction,
)
from dangjian.dues.policy import current_settings
from dangjian.dues.rows import ZERO, effective_rows
from dangjian.dues.settings_key import settings_from_key
from dangjian.members.models import Member
from dangjian.orgs.models import Organization, in_subtree
from dangjian.rules.citations import cite
from dangjian.rules.dates import YearMonth
from dangjian.rules.dues import (
    DuesCategory,
    apply_reduction,
    compute_dues,
    effective_base,
)
from dangjian.rules.dues.money import format_yuan

# The pages, the API and the home page read dues through this module (arrears re-exported).
__all__ = [
    "TODO_KINDS",
    "ArrearsCase",
    "Cell",
    "Explanation",
    "MemberMonth",
    "MemberYear",
    "MonthSheet",
    "SummaryRow",
    "Totals",
    "arrears_cases",
    "default_org",
    "dues_attention",
    "effective_rows",
    "entry_explanation",
    "flagged_cases",
    "last_complete_month",
    "member_year",
    "month_sheet",
    "month_todo_rows",
    "sheet_orgs",
    "subtree_summary",
]


def default_org(user: Actor) -> Organization | None:
    """The organisation a manager's dues pages open on: the branch, or the top of the subtree."""
    scope = scope_for(user)
    if scope.own_org_ids:
        return Organization.objects.filter(pk__in=scope.own_org_ids).order_by("depth").first()
    return visible_organizations(user).order_by("depth", "path").first()


# --- the branch's month sheet ------------------------------------------------------------------


@dataclass
class Totals:
    members: int = 0
    owed: int = 0
    settled: int = 0
    missing_base: int = 0
    due: Decimal = ZERO
    paid: Decimal = ZERO

    def add(self, row: LedgerEntry) -> None:
        self.members += 1
        self.missing_base += int(row.due is None)
        self.owed += int(row.owed)
        self.settled += int(row.owed and row.settled)
        self.due += row.due_total or ZERO
        self.paid += row.paid_total

    @property
    def rate(self) -> Decimal | None:
        """交纳率: members who paid in full among those who owe something."""
        if not self.owed:
            return None
        return (Decimal(self.settled) * 100 / self.owed).quantize(Decimal("0.1"))

    @property
    def amount_rate(self) -> Decimal | None:
        if not self.due:
            return None
        return (self.paid * 100 / self.due).quantize(Decimal("0.1"))


@dataclass
class MonthSheet:
    organization: Organization
    month: YearMonth
    rows: list[LedgerEntry]
    closed: MonthClose | None
    totals: Totals


def month_sheet(user: Actor, org_id: int, month: YearMonth) -> MonthSheet:
    org = access_organization(user, org_id)
    rows = list(
        effective_rows()
        .filter(in_subtree(org.path, "organization__path"), month=month.first_day)
        .filter(member__in=visible_members(user))
        .select_related("member", "organization")
        .order_by("organization__path", "member__name_pinyin", "member_id")
    )
    totals = Totals()
    for row in rows:
        totals.add(row)
    closed = MonthClose.objects.filter(organization=org, month=month.first_day).first()
    return MonthSheet(org, month, rows, closed, totals)


# --- why this amount ----------------------------------------------------------------------------


@dataclass
class Explanation:
    base_lines: list[str]
    amount_lines: list[str]
    adjustment_lines: list[str]
    rule_ids: list[str]


def entry_explanation(entry: LedgerEntry) -> Explanation:
    """ "为什么是这个数": the base's derivation, the month's base, the computation, reductions and
    corrections, as they were computed (the settings are those the amount was computed under)."""
    month = YearMonth.from_date(entry.month)
    category = DuesCategory(entry.category)
    adjustments = [_adjustment_line(a) for a in _adjustments(entry)]
    if entry.computation is None:
        return Explanation([], [_missing_base(month, category)], adjustments, [])
    comp = entry.computation
    settings = settings_from_key(comp.settings_key)
    base_lines = list(entry.base_record.lines) if entry.base_record else []
    amount_lines = [*_month_base_line(entry, month, category, settings), *comp.lines]
    rule_ids = list(comp.rule_ids)
    if entry.reduction is not None:
        reduced = _reduction_lines(entry, comp, settings)
        amount_lines += reduced
        rule_ids += ["DUES-7"] if reduced else []
    return Explanation(base_lines, amount_lines, adjustments, rule_ids)


def _adjustments(entry: LedgerEntry) -> list[LedgerAdjustment]:
    cached = getattr(entry, "_prefetched_objects_cache", {}).get("adjustments")
    if cached is not None:
        return list(cached)
    return list(entry.adjustments.select_related("actor").order_by("created_at"))


def _missing_base(month: YearMonth, category: DuesCategory) -> str:
    if category is DuesCategory.SELF_EMPLOYED:
        return f"尚未申报上季度每月纯收入，无法确定{month.label}的党费基数{cite('DUES-4', '党费规定第四条')}"
    return effective_base(month, {}, current_settings(), category)[1]


def _month_base_line(
    entry: LedgerEntry, month: YearMonth, category: DuesCategory, settings: Any
) -> list[str]:
    if category.is_flat or entry.base is None or entry.base_month is None:
        return []
    if category is DuesCategory.SELF_EMPLOYED:
        return [
            f"灵活就业党员的党费基数按季度核定，本月采用上季度月平均纯收入{cite('DUES-4', '党费规定第四条')}"
        ]
    bases = {YearMonth.from_date(entry.base_month): Decimal(entry.base)}
    return [effective_base(month, bases, settings, category)[1]]


def _reduction_lines(entry: LedgerEntry, comp: Any, settings: Any) -> list[str]:
    reduction = entry.reduction
    assert reduction is not None
    base = None if comp.base is None else Decimal(comp.base)
    original = compute_dues(DuesCategory(comp.category), base, settings)
    try:
        reduced = apply_reduction(
            original, reduction.reduced_to, reduction.branch_decision, reduction.approval
        )
    except ValueError:
        return []
    return list(reduced.lines[len(original.lines) :])


def _adjustment_line(a: LedgerAdjustment) -> str:
    parts = []
    if a.due_delta:
        parts.append(f"应交调整{format_yuan(a.due_delta)}元")
    if a.paid_delta:
        parts.append(f"补交{format_yuan(a.paid_delta)}元（{a.paid_on:%Y年%m月%d日}）")
    who = a.actor.get_username() if a.actor else "系统"
    return f"{a.created_at:%Y-%m-%d} {a.get_kind_display()}：{'，'.join(parts)}；原因：{a.reason}（{who}）"


# --- a member's year ------------------------------------------------------------------------------


@dataclass
class MemberMonth:
    month: YearMonth
    entry: LedgerEntry | None
    explanation: Explanation | None


@dataclass
class MemberYear:
    member: Member
    year: int
    months: list[MemberMonth]
    totals: Totals
    large_payments: list[LargePayment]
    reductions: list[Reduction]
    unpaid: list[LedgerEntry] = field(default_factory=list)


def member_year(user: Actor, member_id: int, year: int) -> MemberYear:
    member = access_member(user, member_id)
    entries = {
        e.month: e
        for e in effective_rows(Member.objects.filter(pk=member.pk))
        .filter(month__year=year)
        .select_related("computation", "base_record", "reduction", "organization")
        .prefetch_related(
            Prefetch("adjustments", queryset=LedgerAdjustment.objects.select_related("actor"))
        )
    }
    months, totals = [], Totals()
    for m in YearMonth(year, 1).through(YearMonth(year, 12)):
        entry = entries.get(m.first_day)
        if entry is not None:
            totals.add(entry)
        months.append(MemberMonth(m, entry, entry_explanation(entry) if entry else None))
    return MemberYear(
        member=member,
        year=year,
        months=months,
        totals=totals,
        large_payments=list(member.large_payments.filter(paid_on__year=year).order_by("paid_on")),
        reductions=list(member.dues_reductions.order_by("-first_month")),
        unpaid=[e for e in entries.values() if e.owed and not e.settled],
    )


# --- the subtree summary --------------------------------------------------------------------------


@dataclass
class Cell:
    due: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def rate(self) -> Decimal | None:
        return (self.paid * 100 / self.due).quantize(Decimal("0.1")) if self.due else None


@dataclass
class SummaryRow:
    organization: Organization
    cells: list[Cell]  # January to December
    year: Cell


def subtree_summary(user: Actor, org_id: int, year: int) -> list[SummaryRow]:
    """Due, paid and rate by organisation and month for a subtree, adjustments included."""
    root = access_organization(user, org_id)
    scoped = LedgerEntry.objects.filter(
        in_subtree(root.path, "organization__path"),
        month__year=year,
        member__in=visible_members(user),
    )
    cells: dict[int, dict[int, Cell]] = defaultdict(lambda: defaultdict(Cell))
    for row in scoped.values("organization_id", "month").annotate(
        d=Sum("due"), p=Sum("paid_amount")
    ):
        cell = cells[row["organization_id"]][row["month"].month]
        cell.due += row["d"] or ZERO
        cell.paid += row["p"] or ZERO
    adjusted = LedgerAdjustment.objects.filter(entry__in=scoped).values(
        "entry__organization_id", "entry__month"
    )
    for adj in adjusted.annotate(d=Sum("due_delta"), p=Sum("paid_delta")):
        cell = cells[adj["entry__organization_id"]][adj["entry__month"].month]
        cell.due += adj["d"] or ZERO
        cell.paid += adj["p"] or ZERO
    orgs = Organization.objects.filter(pk__in=cells).order_by("path")
    return [_summary_row(org, cells[org.pk]) for org in orgs]


def _summary_row(org: Organization, months: dict[int, Cell]) -> SummaryRow:
    year = Cell(
        sum((c.due for c in months.values()), ZERO), sum((c.paid for c in months.values()), ZERO)
    )
    return SummaryRow(org, [months.get(m, Cell()) for m in range(1, 13)], year)


def sheet_orgs(user: Actor) -> list[Organization]:
    """The organisations a manager can open the dues pages on (not 党小组)."""
    orgs = list(visible_organizations(user).exclude(kind="group").order_by("path")[:500])
    top = min((o.depth for o in orgs), default=1)
    for org in orgs:
        # A display label for the picker, carried on the object the template already has.
        org.indented = "　" * (org.depth - top) + org.name  # type: ignore[attr-defined]
    return orgs
