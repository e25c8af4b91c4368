"""The monthly dues amount: brackets, flat amounts, rounding, the cap and reductions.

DUES-1, DUES-3..DUES-7, DUES-10, DUES-15. Every result carries its Chinese explanation ("为什么是
这个数"): the base, the bracket, the rate, the exact product, the rounding and the cap.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from dangjian.rules.citations import cite
from dangjian.rules.dues.money import FEN, format_rate, format_yuan
from dangjian.rules.dues.settings import NATIONAL_CAP, DuesCategory, DuesSettings, round_amount

LOW_INCOME_AMOUNT = Decimal("0.20")


@dataclass(frozen=True)
class Bracket:
    """One line of a rate table; ``upper`` is included in the bracket, ``None`` means no limit."""

    upper: Decimal | None
    rate: Decimal
    label: str


WORKING_BRACKETS: tuple[Bracket, ...] = (
    Bracket(Decimal("3000"), Decimal("0.005"), "3000元以下（含）"),
    Bracket(Decimal("5000"), Decimal("0.01"), "3000元以上至5000元（含）"),
    Bracket(Decimal("10000"), Decimal("0.015"), "5000元以上至10000元（含）"),
    Bracket(None, Decimal("0.02"), "10000元以上"),
)

RETIRED_BRACKETS: tuple[Bracket, ...] = (
    Bracket(Decimal("5000"), Decimal("0.005"), "5000元以下（含）"),
    Bracket(None, Decimal("0.01"), "5000元以上"),
)

_BRACKETS: dict[DuesCategory, tuple[Bracket, ...]] = {
    DuesCategory.SALARIED: WORKING_BRACKETS,
    DuesCategory.ANNUAL_SALARY: WORKING_BRACKETS,
    DuesCategory.SELF_EMPLOYED: WORKING_BRACKETS,
    DuesCategory.RETIRED: RETIRED_BRACKETS,
}

# Where the base comes from, per category, and the rule that says so.
_BASE_SOURCES: dict[DuesCategory, tuple[str, str]] = {
    DuesCategory.SALARIED: (
        "每月相对固定的、经常性的工资收入（税后）",
        cite("DUES-2", "党费规定第一条"),
    ),
    DuesCategory.ANNUAL_SALARY: ("当月实际领取的薪酬收入", cite("DUES-3", "党费规定第三条")),
    DuesCategory.SELF_EMPLOYED: ("上季度月平均纯收入", cite("DUES-4", "党费规定第四条")),
    DuesCategory.RETIRED: (
        "基本养老金或基本离退休费，不含各项津贴补贴",
        cite("DUES-5", "党费规定第五条、2017通知"),
    ),
}

_RULE_IDS: dict[DuesCategory, tuple[str, ...]] = {
    DuesCategory.SALARIED: ("DUES-1", "DUES-2", "DUES-15"),
    DuesCategory.ANNUAL_SALARY: ("DUES-1", "DUES-3", "DUES-15"),
    DuesCategory.SELF_EMPLOYED: ("DUES-1", "DUES-4", "DUES-15"),
    DuesCategory.RETIRED: ("DUES-5", "DUES-15"),
}

_BRACKET_CITES: dict[DuesCategory, str] = {
    DuesCategory.SALARIED: cite("DUES-1", "党费规定第二条"),
    DuesCategory.ANNUAL_SALARY: cite("DUES-1", "党费规定第二、三条"),
    DuesCategory.SELF_EMPLOYED: cite("DUES-1", "党费规定第二、四条"),
    DuesCategory.RETIRED: cite("DUES-5", "党费规定第五条"),
}


@dataclass(frozen=True)
class Reduction:
    """DUES-7: a decision that a member in difficulty pays less or nothing, with both approvals.

    ``branch_decision`` identifies the 党支部's decision and ``approval`` the higher 党委's approval
    (for example a meeting and a document number); the reduction is recorded, never a silent edit.
    """

    original: Decimal
    reduced_to: Decimal
    branch_decision: str
    approval: str

    @property
    def exempt(self) -> bool:
        """Whether the member is excused from paying altogether (免交)."""
        return self.reduced_to == 0


@dataclass(frozen=True)
class DuesAmount:
    """The monthly amount due and how it was reached.

    ``raw`` is the exact product of base and rate (the flat amount for DUES-6 categories);
    ``amount`` is what is due after rounding, the cap and any reduction. ``lines`` is the Chinese
    explanation, in order.
    """

    amount: Decimal
    category: DuesCategory
    base: Decimal | None
    rate: Decimal | None
    raw: Decimal
    capped: bool
    rule_ids: tuple[str, ...]
    lines: tuple[str, ...]
    reduction: Reduction | None = None


def bracket_for(category: DuesCategory, base: Decimal) -> Bracket:
    """DUES-1/DUES-5: the bracket the whole ``base`` falls in, for a rate-paying category."""
    brackets = _BRACKETS.get(category)
    if brackets is None:
        raise ValueError(f"{category.label}党员按定额交纳党费，不按比例计算{_flat_cite()}")
    if base < 0:
        raise ValueError(f"党费基数不能为负数，实为{format_yuan(base)}元")
    for bracket in brackets:
        if bracket.upper is None or base <= bracket.upper:
            return bracket
    raise AssertionError("the last bracket has no upper limit")


def bracket_rate(category: DuesCategory, base: Decimal) -> tuple[Decimal, str]:
    """DUES-1/DUES-5: the rate for ``base`` and the Chinese bracket label.

    The bracket of the whole base decides the rate of the whole base; nothing is progressive.
    """
    bracket = bracket_for(category, base)
    return bracket.rate, bracket.label


def compute_dues(
    category: DuesCategory, base: Decimal | None, settings: DuesSettings
) -> DuesAmount:
    """DUES-1, DUES-3..DUES-6, DUES-10, DUES-15: the monthly dues of one member.

    Flat categories (farmers, students, unemployed, relief) ignore ``base``; the others need it.
    The rate of the bracket the whole base falls in applies to the whole base; the product is
    rounded once as the settings say, then capped when the cap is on.
    """
    if category.is_flat:
        return _flat_dues(category, settings)
    if base is None:
        raise ValueError(f"{category.label}党员须有党费基数才能计算党费")
    return _rated_dues(category, base, settings)


def _flat_cite() -> str:
    return cite("DUES-6", "党费规定第六条")


def _flat_dues(category: DuesCategory, settings: DuesSettings) -> DuesAmount:
    """DUES-6: farmers pay the local flat amount; students, unemployed, relief 0.20 yuan."""
    if category is DuesCategory.FARMER:
        amount = settings.farmer_amount
        why = f"农民党员每月交纳{format_yuan(amount)}元（本单位标准，规定为0.20元至1.00元）"
    else:
        amount = LOW_INCOME_AMOUNT
        why = f"{category.label}党员每月交纳0.20元"
    lines = (why + _flat_cite(), f"应交党费{format_yuan(amount)}元")
    return DuesAmount(amount, category, None, None, amount, False, ("DUES-6",), lines)


def _rated_dues(category: DuesCategory, base: Decimal, settings: DuesSettings) -> DuesAmount:
    bracket = bracket_for(category, base)
    raw = base * bracket.rate
    rounded, rounding_line = _round(raw, settings)
    amount, capped, cap_lines = _apply_cap(rounded, settings)
    source, source_cite = _BASE_SOURCES[category]
    rate = format_rate(bracket.rate)
    lines = (
        f"党费基数{format_yuan(base)}元：{source}{source_cite}",
        f"基数在“{bracket.label}”档，整个基数按{rate}交纳，不分段累进{_BRACKET_CITES[category]}",
        f"{format_yuan(base)}元 × {rate} = {format_yuan(raw)}元",
        rounding_line,
        *cap_lines,
        f"应交党费{format_yuan(amount)}元",
    )
    rule_ids = _RULE_IDS[category] + (("DUES-10",) if capped else ())
    return DuesAmount(amount, category, base, bracket.rate, raw, capped, rule_ids, lines)


def _round(raw: Decimal, settings: DuesSettings) -> tuple[Decimal, str]:
    """DUES-15: round once; a positive amount never rounds away to nothing."""
    mode = settings.rounding
    rounded = round_amount(raw, mode)
    source = cite("DUES-15", "本单位设置")
    if raw > 0 and rounded == 0:
        # Paying nothing needs a DUES-7 decision; rounding must not grant it silently.
        unit = format_yuan(mode.unit)
        return mode.unit, f"按{mode.label}将为0.00元，按最小单位{unit}元计{source}"
    if rounded == raw:
        return rounded, f"按{mode.label}，无需舍入{source}"
    return rounded, f"按{mode.label}：{format_yuan(raw)}元 → {format_yuan(rounded)}元{source}"


def _apply_cap(amount: Decimal, settings: DuesSettings) -> tuple[Decimal, bool, tuple[str, ...]]:
    """DUES-10: the monthly cap, when it is on; paying more stays voluntary."""
    cap = settings.monthly_cap
    source = cite("DUES-10", "2017通知")
    if cap is None:
        if amount > NATIONAL_CAP:
            return amount, False, (f"本单位未启用每月1000元上限，按计算金额交纳{source}",)
        return amount, False, ()
    if amount <= cap:
        return amount, False, ()
    limit = format_yuan(cap)
    line = f"超过每月{limit}元上限，按{limit}元交纳；本人自愿多交的可另行交纳{source}"
    return cap, True, (line,)


def apply_reduction(
    amount: DuesAmount, reduced_to: Decimal, branch_decision: str, approval: str
) -> DuesAmount:
    """DUES-7: the amount after a reduction (少交) or exemption (免交) for a member in difficulty.

    Needs both the 党支部's decision and the higher 党委's approval; the result keeps the original
    explanation and adds the decision, and carries the ``Reduction`` record.
    """
    _check_reduction(amount, reduced_to, branch_decision, approval)
    reduced_to = reduced_to.quantize(FEN)
    record = Reduction(amount.amount, reduced_to, branch_decision.strip(), approval.strip())
    outcome = "免交" if record.exempt else f"少交，按{format_yuan(reduced_to)}元交纳"
    line = (
        f"经党支部研究（{record.branch_decision}），报上一级党委批准（{record.approval}），"
        f"{outcome}{cite('DUES-7', '党费规定第七条')}"
    )
    return replace(
        amount,
        amount=reduced_to,
        rule_ids=(*amount.rule_ids, "DUES-7"),
        lines=(*amount.lines, line, f"减免后应交党费{format_yuan(reduced_to)}元"),
        reduction=record,
    )


def _check_reduction(
    amount: DuesAmount, reduced_to: Decimal, branch_decision: str, approval: str
) -> None:
    source = cite("DUES-7", "党费规定第七条")
    if not branch_decision.strip():
        raise ValueError(f"少交或免交党费须有党支部的研究决定{source}")
    if not approval.strip():
        raise ValueError(f"少交或免交党费须经上一级党委批准{source}")
    if amount.reduction is not None:
        raise ValueError("该笔党费已有减免记录，不能重复减免")
    if reduced_to < 0 or reduced_to != reduced_to.quantize(FEN):
        raise ValueError(f"减免后的金额应为不小于0、最多两位小数的金额，实为{reduced_to}元")
    if reduced_to >= amount.amount:
        raise ValueError(
            f"减免后的金额{format_yuan(reduced_to)}元应低于应交金额{format_yuan(amount.amount)}元"
        )
