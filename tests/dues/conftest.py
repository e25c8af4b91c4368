"""Dues fixtures: payroll and declared bases written through the real services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dangjian.dues.bases import Saved, declared_income_record, payroll_entry_save
from dangjian.dues.models import DeclaredIncome, IncomeKind
from dangjian.dues.policy import current_settings
from dangjian.members.models import Member
from dangjian.rules.dates import YearMonth

D = Decimal


def pay_items(basic: str, tax: str = "0", social: str = "0", **extra: str) -> list[dict[str, str]]:
    items = [
        {"name": "基本工资", "category": "basic_wage", "amount": basic},
        {"name": "个人所得税", "category": "income_tax", "amount": tax},
        {"name": "养老保险个人", "category": "social_insurance", "amount": social},
    ]
    for name, (category, amount) in {k: v.split(":") for k, v in extra.items()}.items():
        items.append({"name": name, "category": category, "amount": amount})
    return items


def payroll(member: Member, month: YearMonth, basic: str, **kwargs: str) -> Saved:
    return payroll_entry_save(
        member=member,
        month=month,
        items=pay_items(basic, **kwargs),
        source=None,
        source_ref="测试",
        settings=current_settings(),
    )


def declare(
    member: Member, month: YearMonth, amount: str, kind: str = IncomeKind.WAGE
) -> DeclaredIncome:
    return declared_income_record(
        actor=None,
        member_id=member.pk,
        month=month,
        kind=kind,
        amount=D(amount),
        evidence="收入证明",
    )


@pytest.fixture
def jan_2024() -> YearMonth:
    return YearMonth(2024, 1)


@pytest.fixture
def today_2024(monkeypatch: pytest.MonkeyPatch) -> date:
    """Freeze the services' today at 2024-12-15."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 12, 15))
    return date(2024, 12, 15)
