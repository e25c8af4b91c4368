"""The dues base: from payroll items (DUES-2) and from a self-employed member's income (DUES-4).

Payroll items arrive with a category each (set when the payroll columns are mapped on import);
``derive_base`` sorts them into included, excluded and deducted and explains every step.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from dangjian.rules.citations import cite
from dangjian.rules.dates import YearMonth
from dangjian.rules.dues.money import format_yuan
from dangjian.rules.dues.settings import DuesSettings

ZERO = Decimal("0.00")
_DUES2 = cite("DUES-2", "党费规定第一条")
_DUES2_2017 = cite("DUES-2", "2017通知")
_DUES2_BOTH = cite("DUES-2", "党费规定第一条、2017通知")


class Treatment(StrEnum):
    """What a payroll item does to the base."""

    INCLUDE = "include"
    EXCLUDE = "exclude"
    DEDUCT = "deduct"
    DEDUCT_2017 = "deduct_2017"
    IGNORE = "ignore"


class ItemCategory(StrEnum):
    """DUES-2: the category of a payroll item, which decides its treatment."""

    BASIC_WAGE = "basic_wage"
    POST_WAGE = "post_wage"
    SKILL_WAGE = "skill_wage"
    UNIVERSAL_ALLOWANCE = "universal_allowance"
    REGULAR_BONUS = "regular_bonus"
    OVERTIME = "overtime"
    MEAL = "meal"
    TRANSPORT = "transport"
    PHONE = "phone"
    HOUSING = "housing"
    HEATING = "heating"
    OTHER_ALLOWANCE = "other_allowance"
    ONE_OFF_BONUS = "one_off_bonus"
    INCOME_TAX = "income_tax"
    SOCIAL_INSURANCE = "social_insurance"
    HOUSING_FUND = "housing_fund"
    ANNUITY = "annuity"
    IGNORE = "ignore"

    @property
    def label(self) -> str:
        """The Chinese name of the category."""
        return _ITEM_RULES[self][0]

    @property
    def treatment(self) -> Treatment:
        """Whether the item is included, excluded, deducted (always or in the 2017 reading)."""
        return _ITEM_RULES[self][1]

    @property
    def reason(self) -> str:
        """Why the item is treated so, in Chinese, citing DUES-2."""
        return _ITEM_RULES[self][2] + _REASON_CITES[self.treatment]


_REASON_CITES: dict[Treatment, str] = {
    Treatment.INCLUDE: _DUES2,
    Treatment.EXCLUDE: _DUES2_BOTH,
    Treatment.DEDUCT: _DUES2,
    Treatment.DEDUCT_2017: _DUES2_2017,
    Treatment.IGNORE: "",
}

_INCLUDED = "属于相对固定的、经常性的工资收入，计入党费基数"
_ITEM_RULES: dict[ItemCategory, tuple[str, Treatment, str]] = {
    ItemCategory.BASIC_WAGE: ("基本工资", Treatment.INCLUDE, _INCLUDED),
    ItemCategory.POST_WAGE: ("岗位工资（职务工资）", Treatment.INCLUDE, _INCLUDED),
    ItemCategory.SKILL_WAGE: ("技能工资（技术等级、薪级工资）", Treatment.INCLUDE, _INCLUDED),
    ItemCategory.UNIVERSAL_ALLOWANCE: ("普发的岗位津贴补贴", Treatment.INCLUDE, _INCLUDED),
    ItemCategory.REGULAR_BONUS: ("经常性普发的奖金、绩效工资", Treatment.INCLUDE, _INCLUDED),
    ItemCategory.OVERTIME: (
        "加班费",
        Treatment.EXCLUDE,
        "加班费随加班多少变化，不属于相对固定的工资收入，不计入党费基数",
    ),
    ItemCategory.MEAL: ("伙食补贴", Treatment.EXCLUDE, "伙食补贴不计入党费基数"),
    ItemCategory.TRANSPORT: ("交通补贴", Treatment.EXCLUDE, "交通补贴不计入党费基数"),
    ItemCategory.PHONE: ("通讯补贴", Treatment.EXCLUDE, "通讯补贴不计入党费基数"),
    ItemCategory.HOUSING: ("住房补贴", Treatment.EXCLUDE, "住房补贴不计入党费基数"),
    ItemCategory.HEATING: ("取暖补贴", Treatment.EXCLUDE, "取暖补贴不计入党费基数"),
    ItemCategory.OTHER_ALLOWANCE: (
        "其他补贴",
        Treatment.EXCLUDE,
        "非普发、非经常性的补贴不计入党费基数",
    ),
    ItemCategory.ONE_OFF_BONUS: (
        "一次性或非普发的奖金",
        Treatment.EXCLUDE,
        "一次性或非普遍发放的奖金不属于经常性工资收入，不计入党费基数",
    ),
    ItemCategory.INCOME_TAX: (
        "个人所得税",
        Treatment.DEDUCT,
        "党费基数为税后收入，个人所得税从中扣除",
    ),
    ItemCategory.SOCIAL_INSURANCE: (
        "个人缴纳的社会保险费",
        Treatment.DEDUCT_2017,
        "按2017年通知口径，个人缴纳的社会保险费从基数中扣除",
    ),
    ItemCategory.HOUSING_FUND: (
        "个人缴纳的住房公积金",
        Treatment.DEDUCT_2017,
        "按2017年通知口径，个人缴纳的住房公积金从基数中扣除",
    ),
    ItemCategory.ANNUITY: (
        "个人缴纳的职业年金/企业年金",
        Treatment.DEDUCT_2017,
        "按2017年通知口径，个人缴纳的职业年金、企业年金从基数中扣除",
    ),
    ItemCategory.IGNORE: ("不参与计算（如应发合计、工号）", Treatment.IGNORE, "不参与计算"),
}


@dataclass(frozen=True)
class PayrollItem:
    """One column of a member's payroll for one month, with the category it was mapped to.

    Deductions may be given positive or negative (payroll sheets do both); their absolute value
    is deducted.
    """

    name: str
    category: ItemCategory
    amount: Decimal


@dataclass(frozen=True)
class BaseDerivation:
    """DUES-2: the base derived from payroll items, with every item's fate and the explanation."""

    base: Decimal
    included: tuple[PayrollItem, ...]
    excluded: tuple[PayrollItem, ...]
    deducted: tuple[PayrollItem, ...]
    not_deducted: tuple[PayrollItem, ...]
    lines: tuple[str, ...]
    ignored: tuple[PayrollItem, ...] = ()


def derive_base(items: Iterable[PayrollItem], settings: DuesSettings) -> BaseDerivation:
    """DUES-2: the dues base: included income minus income tax (and, under the 2017 reading,
    the member's own social insurance, housing fund and annuity).

    A result below zero is clamped to 0.00, and the explanation says so.
    """
    groups: dict[Treatment, list[PayrollItem]] = {t: [] for t in Treatment}
    for item in items:
        groups[item.category.treatment].append(item)
    deducted, not_deducted = groups[Treatment.DEDUCT], groups[Treatment.DEDUCT_2017]
    if settings.reading_2017:
        deducted, not_deducted = deducted + not_deducted, []
    income = sum((i.amount for i in groups[Treatment.INCLUDE]), ZERO)
    deduction = sum((abs(i.amount) for i in deducted), ZERO)
    lines = _derivation_lines(groups, deducted, not_deducted, settings)
    base = income - deduction
    lines.append(
        f"党费基数 = {format_yuan(income)} − {format_yuan(deduction)} = {format_yuan(base)}元"
    )
    if base < 0:
        lines.append("扣除项合计多于计入项合计，党费基数按0.00元计")
        base = ZERO
    return BaseDerivation(
        base=base,
        included=tuple(groups[Treatment.INCLUDE]),
        excluded=tuple(groups[Treatment.EXCLUDE]),
        deducted=tuple(deducted),
        not_deducted=tuple(not_deducted),
        lines=tuple(lines),
        ignored=tuple(groups[Treatment.IGNORE]),
    )


def _derivation_lines(
    groups: dict[Treatment, list[PayrollItem]],
    deducted: list[PayrollItem],
    not_deducted: list[PayrollItem],
    settings: DuesSettings,
) -> list[str]:
    included = groups[Treatment.INCLUDE]
    lines = [f"计入基数的经常性工资收入：{_listing(included)}{_DUES2}"]
    lines += [f"不计入：{_item_text(i)}——{i.category.reason}" for i in groups[Treatment.EXCLUDE]]
    if settings.reading_2017:
        reading, source = (
            "按2017年通知口径扣除个人所得税及个人缴纳的社保、公积金、年金",
            _DUES2_BOTH,
        )
    else:
        reading, source = "按2008年规定口径只扣除个人所得税", _DUES2
    lines.append(f"扣除（{reading}）：{_listing(deducted, absolute=True)}{source}")
    if not_deducted:
        lines.append(
            f"未扣除：{_listing(not_deducted, absolute=True)}（本单位按2008年规定口径，"
            f"个人缴纳的社保、公积金、年金不从基数中扣除）"
        )
    if groups[Treatment.IGNORE]:
        names = "、".join(i.name for i in groups[Treatment.IGNORE])
        lines.append(f"不参与计算：{names}")
    return lines


def _item_text(item: PayrollItem, absolute: bool = False) -> str:
    amount = abs(item.amount) if absolute else item.amount
    name = (
        item.name if item.name == item.category.label else f"{item.name}（{item.category.label}）"
    )
    return f"{name}{format_yuan(amount)}元"


def _listing(items: Sequence[PayrollItem], absolute: bool = False) -> str:
    if not items:
        return "无"
    total = sum(((abs(i.amount) if absolute else i.amount) for i in items), ZERO)
    parts = "、".join(_item_text(i, absolute) for i in items)
    return f"{parts}，合计{format_yuan(total)}元"


def previous_quarter_months(month: YearMonth) -> tuple[YearMonth, YearMonth, YearMonth]:
    """DUES-4: the three months of the calendar quarter before the one ``month`` falls in."""
    first_of_quarter = YearMonth(month.year, 3 * (month.quarter - 1) + 1)
    start = first_of_quarter - 3
    return (start, start + 1, start + 2)


def self_employed_base(monthly_net_incomes: Sequence[Decimal]) -> Decimal:
    """DUES-4: the base without a monthly wage: the previous quarter's average net income.

    Exactly three monthly figures are needed; a month with a loss counts with its negative net
    income, and a negative average is taken as 0. The average keeps full precision: the dues
    amount is rounded once, at the end (DUES-15), not the base on the way.
    """
    if len(monthly_net_incomes) != 3:
        raise ValueError(f"应提供上季度3个月的纯收入，实为{len(monthly_net_incomes)}个月")
    average = sum(monthly_net_incomes, ZERO) / 3
    return max(average, ZERO)
