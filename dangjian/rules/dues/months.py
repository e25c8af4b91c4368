"""Dues month by month: when dues start, which base a month uses, back pay and arrears.

DUES-3, DUES-8, DUES-9, DUES-11, DUES-12, DUES-13.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal

from dangjian.rules.citations import cite
from dangjian.rules.dates import YearMonth
from dangjian.rules.dues.amount import DuesAmount, compute_dues
from dangjian.rules.dues.money import format_yuan
from dangjian.rules.dues.settings import DuesCategory, DuesSettings

LARGE_VOLUNTARY_THRESHOLD = Decimal("1000.00")
BACKPAY_LIMIT_MONTHS = 6
ARREARS_MONTHS = 6

Bases = Mapping[YearMonth, Decimal]


def dues_start_month(accepted_on: date) -> YearMonth:
    """DUES-8: a probationary member owes dues from the month of the 支部大会 that accepted them."""
    return YearMonth.from_date(accepted_on)


def effective_base(
    month: YearMonth,
    bases: Bases,
    settings: DuesSettings,
    category: DuesCategory = DuesCategory.SALARIED,
) -> tuple[Decimal | None, str]:
    """DUES-9 (and DUES-3): the base ``month`` uses, with the Chinese explanation.

    ``bases`` maps a month to the base of the wage paid in it; it may list every month or only the
    months the wage changed. ``None`` comes back, with the reason, when no base applies.

    - Annual-salary members (DUES-3): that month's actual pay, whatever DUES-9 says.
    - Fixed yearly (2017通知, the default): the base in force in January, i.e. the latest entry up
      to January; for a member with no entry that early (joined during the year), the first
      entry of the year. Kept all year.
    - Following the wage (党费规定第十条): the latest entry up to ``month``, i.e. a new wage
      counts from the month it is first paid.
    """
    if category is DuesCategory.ANNUAL_SALARY:
        return _actual_pay(month, bases)
    if settings.fixed_yearly:
        return _fixed_yearly(month, bases)
    return _following_wage(month, bases)


def _latest_up_to(bases: Bases, month: YearMonth) -> YearMonth | None:
    return max((m for m in bases if m <= month), default=None)


def _actual_pay(month: YearMonth, bases: Bases) -> tuple[Decimal | None, str]:
    source = cite("DUES-3", "党费规定第三条")
    if month not in bases:
        return None, f"{month.label}没有实际领取薪酬的记录，无法确定年薪制党员的党费基数{source}"
    base = bases[month]
    return base, (
        f"年薪制党员以当月实际领取的薪酬为基数（含当月兑现的年终部分）："
        f"{month.label}实发{format_yuan(base)}元{source}"
    )


def _fixed_yearly(month: YearMonth, bases: Bases) -> tuple[Decimal | None, str]:
    source = cite("DUES-9", "2017通知")
    january = YearMonth(month.year, 1)
    key = _latest_up_to(bases, january)
    if key is not None:
        how = f"{month.year}年年初核定"
    else:
        # No base before the year began: the member joined (or was first recorded) this year.
        key = min((m for m in bases if january <= m <= month), default=None)
        if key is None:
            return None, _no_base(month)
        how = f"{key.label}入党或建档时核定"
    base = bases[key]
    return base, f"党费基数每年核定一次：采用{how}的基数{format_yuan(base)}元，全年不变{source}"


def _following_wage(month: YearMonth, bases: Bases) -> tuple[Decimal | None, str]:
    source = cite("DUES-9", "党费规定第十条")
    key = _latest_up_to(bases, month)
    if key is None:
        return None, _no_base(month)
    base = bases[key]
    return base, (
        f"工资变化后从按新标准领取工资的当月起以新工资为基数："
        f"采用{key.label}起的基数{format_yuan(base)}元{source}"
    )


def _no_base(month: YearMonth) -> str:
    return f"没有{month.label}及以前的党费基数记录，无法确定基数"


def amount_for_month(
    month: YearMonth, bases: Bases, category: DuesCategory, settings: DuesSettings
) -> DuesAmount:
    """DUES-9 with DUES-1..DUES-6: the dues for ``month``, the base chosen by ``effective_base``.

    Flat categories need no base. Raises ``ValueError`` with the reason when no base applies.
    """
    if category.is_flat:
        return compute_dues(category, None, settings)
    base, why = effective_base(month, bases, settings, category)
    if base is None:
        raise ValueError(why)
    result = compute_dues(category, base, settings)
    rule = "DUES-3" if category is DuesCategory.ANNUAL_SALARY else "DUES-9"
    rule_ids = result.rule_ids if rule in result.rule_ids else (*result.rule_ids, rule)
    return replace(result, rule_ids=rule_ids, lines=(why, *result.lines))


def is_large_voluntary(amount: Decimal) -> bool:
    """DUES-11: a voluntary one-off payment of more than 1000 yuan is 大额党费.

    1000.00 itself is not: RULES.md says "more than", which DATE-2 keeps exclusive.
    """
    return amount > LARGE_VOLUNTARY_THRESHOLD


def backpay_check(
    current: YearMonth, target: YearMonth, limit_months: int = BACKPAY_LIMIT_MONTHS
) -> str | None:
    """DUES-12: whether ``target`` may be paid late (补交) in ``current`` without an override.

    In month M, the months M-1 back to M-``limit_months`` are "the last 6 months" and allowed;
    M itself and later months are not back pay at all. ``None`` when allowed, otherwise the
    Chinese message that an override with a reason is needed.
    """
    months_ago = target.months_until(current)
    if months_ago <= limit_months:
        return None
    earliest, latest = current - limit_months, current - 1
    return (
        f"{target.label}的党费距今已{months_ago}个月，补交一般不超过{limit_months}个月"
        f"（本月可直接补交{earliest.label}至{latest.label}），须注明理由并确认后方可补交"
        f"{cite('DUES-12', '党费规定第十二条')}"
    )


def consecutive_unpaid(months_paid: Mapping[YearMonth, bool], upto: YearMonth) -> list[YearMonth]:
    """DUES-13: the trailing run of unpaid months ending at ``upto``, oldest first.

    ``months_paid`` holds the months in which dues were owed, with whether they were paid. A
    month absent from it was not owed (before joining, exempt under DUES-7, paid elsewhere): it
    neither counts towards the run nor breaks it. The run ends at the latest paid month.
    """
    run: list[YearMonth] = []
    for month in sorted((m for m in months_paid if m <= upto), reverse=True):
        if months_paid[month]:
            break
        run.append(month)
    return run[::-1]


def arrears_flag(run: Sequence[YearMonth]) -> bool:
    """DUES-13: 6 or more consecutive unpaid months: raise the flag and the evidence.

    The flag only asks the branch to look; only the 支部大会, with the higher organisation's
    approval, decides that the member is treated as having left the Party.
    """
    return len(run) >= ARREARS_MONTHS
