"""The dues base of each member and month: from payroll, from declared amounts, from a
self-employed member's previous quarter (DUES-2..DUES-5). Each base keeps its derivation."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db import transaction

from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.errors import InvalidInput
from dangjian.dues.guards import require_manager
from dangjian.dues.models import (
    BaseSource,
    DeclaredIncome,
    DuesBase,
    IncomeKind,
    PayrollEntry,
    PayrollImport,
)
from dangjian.dues.settings_key import settings_key
from dangjian.members.choices import DuesCategory
from dangjian.members.models import Member
from dangjian.rules.citations import cite
from dangjian.rules.dates import YearMonth
from dangjian.rules.dues import (
    DuesSettings,
    ItemCategory,
    PayrollItem,
    derive_base,
    previous_quarter_months,
    self_employed_base,
)
from dangjian.rules.dues.money import format_yuan


class Saved(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


def items_of(raw: list[dict[str, str]]) -> list[PayrollItem]:
    return [PayrollItem(i["name"], ItemCategory(i["category"]), Decimal(i["amount"])) for i in raw]


def derive_payroll_base(
    category: str, items: list[PayrollItem], settings: DuesSettings
) -> tuple[Decimal, list[str]]:
    """DUES-2 (and DUES-3 for 年薪制: the year-end payment counts in the month it is paid)."""
    lines: list[str] = []
    if category == DuesCategory.ANNUAL_SALARY:
        paid_out = [i for i in items if i.category is ItemCategory.ONE_OFF_BONUS]
        if paid_out:
            names = "、".join(f"{i.name}{format_yuan(i.amount)}元" for i in paid_out)
            lines.append(
                f"年薪制党员以当月实际领取的薪酬为基数，当月兑现的年终薪酬（{names}）计入当月基数"
                f"{cite('DUES-3', '党费规定第三条')}"
            )
            items = [_as_pay(i) for i in items]
    derivation = derive_base(items, settings)
    return derivation.base, [*lines, *derivation.lines]


def _as_pay(item: PayrollItem) -> PayrollItem:
    if item.category is not ItemCategory.ONE_OFF_BONUS:
        return item
    return PayrollItem(f"{item.name}（年薪兑现）", ItemCategory.REGULAR_BONUS, item.amount)


def _store_base(
    member_id: int, month: YearMonth, base: Decimal, source: str, lines: list[str], key: str = ""
) -> Saved:
    values = {"base": base, "source": source, "lines": lines, "settings_key": key}
    existing = DuesBase.objects.filter(member_id=member_id, month=month.first_day).first()
    if existing is None:
        DuesBase.objects.create(member_id=member_id, month=month.first_day, **values)
        return Saved.CREATED
    if all(_same(getattr(existing, k), v) for k, v in values.items()):
        return Saved.UNCHANGED
    for k, v in values.items():
        setattr(existing, k, v)
    existing.save(update_fields=[*values, "recorded_at"])
    return Saved.UPDATED


def _same(stored: Any, new: Any) -> bool:
    if isinstance(new, Decimal):
        return Decimal(stored) == new
    return bool(stored == new)


def payroll_entry_save(
    *,
    member: Member,
    month: YearMonth,
    items: list[dict[str, str]],
    source: PayrollImport | None,
    source_ref: str,
    settings: DuesSettings,
) -> Saved:
    """Store one member-month of payroll and the base derived from it. Called by the import."""
    entry = PayrollEntry.objects.filter(member=member, month=month.first_day).first()
    base, lines = derive_payroll_base(member.dues_category, items_of(items), settings)
    key = settings_key(settings)
    if entry is not None and entry.items == items:
        stored = _store_base(member.pk, month, base, BaseSource.PAYROLL, lines, key)
        return Saved.UNCHANGED if stored is Saved.UNCHANGED else Saved.UPDATED
    if entry is None:
        PayrollEntry.objects.create(
            member=member, month=month.first_day, items=items, source=source, source_ref=source_ref
        )
    else:
        entry.items, entry.source, entry.source_ref = items, source, source_ref
        entry.save(update_fields=["items", "source", "source_ref"])
    _store_base(member.pk, month, base, BaseSource.PAYROLL, lines, key)
    return Saved.CREATED if entry is None else Saved.UPDATED


def bases_rederive(*, settings: DuesSettings) -> int:
    """Derive every payroll base again (after the DUES-2 reading changed). Returns the changes."""
    changed = 0
    entries = PayrollEntry.objects.select_related("member").iterator(chunk_size=2000)
    key = settings_key(settings)
    for entry in entries:
        base, lines = derive_payroll_base(
            entry.member.dues_category, items_of(entry.items), settings
        )
        month = YearMonth.from_date(entry.month)
        saved = _store_base(entry.member_id, month, base, BaseSource.PAYROLL, lines, key)
        changed += saved is not Saved.UNCHANGED
    return changed


# --- declared amounts (members without payroll) ----------------------------------------------

_DECLARED_CITES = {
    IncomeKind.PENSION: cite("DUES-5", "党费规定第五条"),
    IncomeKind.WAGE: cite("DUES-2", "党费规定第一条"),
}


def _check_declared(kind: str, amount: Decimal, evidence: str) -> None:
    errors: dict[str, list[str]] = {}
    if kind not in IncomeKind.values:
        errors["kind"] = ["申报类型不是有效的选项"]
    if not evidence.strip():
        errors["evidence"] = ["请填写依据或凭证（如养老金发放单、纳税申报表、收入证明）"]
    if kind != IncomeKind.NET_INCOME and amount < 0:
        errors["amount"] = ["金额不能为负数"]
    if amount != amount.quantize(Decimal("0.01")):
        errors["amount"] = ["金额最多保留两位小数"]
    if errors:
        raise InvalidInput(errors)


@transaction.atomic
def declared_income_record(
    *, actor: Actor, member_id: int, month: YearMonth, kind: str, amount: Decimal, evidence: str
) -> DeclaredIncome:
    """Record a declared pension, wage or monthly net income, and the base it gives."""
    _check_declared(kind, amount, evidence)
    member = Member.objects.select_related("organization").get(pk=member_id)
    require_manager(actor, member.organization)
    record, _ = DeclaredIncome.objects.update_or_create(
        member=member,
        month=month.first_day,
        kind=kind,
        defaults={
            "amount": amount,
            "evidence": evidence.strip(),
            "recorded_by": acting_user(actor),
        },
    )
    if kind == IncomeKind.NET_INCOME:
        _self_employed_bases(member, month)
    else:
        line = (
            f"{IncomeKind(kind).label}{format_yuan(amount)}元（手工申报，依据：{evidence.strip()}）"
            f"{_DECLARED_CITES[IncomeKind(kind)]}"
        )
        _store_base(member.pk, month, amount, BaseSource.DECLARED, [line])
    audit(
        actor=actor,
        action="dues.declare",
        obj=member,
        after={"month": str(month), "kind": kind, "amount": str(amount)},
        detail=evidence.strip(),
    )
    return record


def _self_employed_bases(member: Member, month: YearMonth) -> None:
    """DUES-4: once a quarter's three net incomes are in, the next quarter's months get their
    base: the quarter's average monthly net income."""
    next_quarter_start = YearMonth(month.year, 3 * (month.quarter - 1) + 1) + 3
    quarter = previous_quarter_months(next_quarter_start)
    incomes = dict(
        DeclaredIncome.objects.filter(
            member=member, kind=IncomeKind.NET_INCOME, month__in=[m.first_day for m in quarter]
        ).values_list("month", "amount")
    )
    if len(incomes) < 3:
        return
    amounts = [Decimal(incomes[m.first_day]) for m in quarter]
    base = self_employed_base(amounts).quantize(Decimal("0.000001"))
    lines = _quarter_lines(quarter, amounts, base)
    for offset in range(3):
        _store_base(member.pk, next_quarter_start + offset, base, BaseSource.SELF_EMPLOYED, lines)


def _quarter_lines(
    quarter: tuple[YearMonth, ...], amounts: list[Decimal], base: Decimal
) -> list[str]:
    listing = "、".join(
        f"{m.label}{format_yuan(a)}元" for m, a in zip(quarter, amounts, strict=True)
    )
    total = sum(amounts, Decimal("0"))
    return [
        f"上季度每月纯收入（本人申报）：{listing}",
        f"党费基数为上季度月平均纯收入：{format_yuan(total)} ÷ 3 = {format_yuan(base)}元"
        f"{cite('DUES-4', '党费规定第四条')}",
    ]
