"""Member dues categories, rounding modes and the local dues settings (DUES-6, DUES-10, DUES-15)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from enum import StrEnum

from dangjian.rules.citations import cite
from dangjian.rules.dues.money import FEN

FARMER_MIN = Decimal("0.20")
FARMER_MAX = Decimal("1.00")
NATIONAL_CAP = Decimal("1000.00")  # DUES-10 (2017通知)


class DuesCategory(StrEnum):
    """How a member's dues are worked out (DUES-1, DUES-3..DUES-6)."""

    SALARIED = "salaried"
    ANNUAL_SALARY = "annual_salary"
    SELF_EMPLOYED = "self_employed"
    RETIRED = "retired"
    FARMER = "farmer"
    STUDENT = "student"
    UNEMPLOYED = "unemployed"
    RELIEF = "relief"

    @property
    def label(self) -> str:
        """The Chinese name of the category."""
        return _CATEGORY_LABELS[self]

    @property
    def is_flat(self) -> bool:
        """Whether members of this category pay a flat monthly amount (DUES-6) instead of a rate."""
        return self in FLAT_CATEGORIES


_CATEGORY_LABELS: dict[DuesCategory, str] = {
    DuesCategory.SALARIED: "在职（按月领取工资）",
    DuesCategory.ANNUAL_SALARY: "年薪制",
    DuesCategory.SELF_EMPLOYED: "灵活就业/个体经营",
    DuesCategory.RETIRED: "离退休",
    DuesCategory.FARMER: "农民",
    DuesCategory.STUDENT: "学生",
    DuesCategory.UNEMPLOYED: "下岗失业",
    DuesCategory.RELIEF: "依靠抚恤、救济或低保生活",
}

FLAT_CATEGORIES = frozenset(
    {DuesCategory.FARMER, DuesCategory.STUDENT, DuesCategory.UNEMPLOYED, DuesCategory.RELIEF}
)


class Rounding(StrEnum):
    """DUES-15: how the amount is rounded; there is no national rule, so it is a setting."""

    HALF_UP_FEN = "half_up_fen"
    JIAO = "jiao"
    YUAN = "yuan"
    UP_FEN = "up_fen"

    @property
    def label(self) -> str:
        """The Chinese description of the mode."""
        return _ROUNDING_LABELS[self]

    @property
    def unit(self) -> Decimal:
        """The smallest positive amount this mode can produce, in fen: 0.01, 0.10 or 1.00."""
        return _ROUNDING_RULES[self][0].quantize(FEN)


_ROUNDING_LABELS: dict[Rounding, str] = {
    Rounding.HALF_UP_FEN: "四舍五入到分",
    Rounding.JIAO: "四舍五入到角",
    Rounding.YUAN: "四舍五入到元",
    Rounding.UP_FEN: "不足一分按一分计（向上取整到分）",
}

# The quantum's exponent is what ``quantize`` rounds to: Decimal("0.1"), not Decimal("0.10").
_ROUNDING_RULES: dict[Rounding, tuple[Decimal, str]] = {
    Rounding.HALF_UP_FEN: (FEN, ROUND_HALF_UP),
    Rounding.JIAO: (Decimal("0.1"), ROUND_HALF_UP),
    Rounding.YUAN: (Decimal("1"), ROUND_HALF_UP),
    Rounding.UP_FEN: (FEN, ROUND_CEILING),
}


def round_amount(value: Decimal, rounding: Rounding) -> Decimal:
    """DUES-15: round ``value`` (yuan) as ``rounding`` says; the result always has two decimals.

    Half-up means 5.005 becomes 5.01 (not the banker's 5.00); "up" means any fraction of a fen
    counts as a whole fen (5.001 becomes 5.01).
    """
    unit, mode = _ROUNDING_RULES[rounding]
    return value.quantize(unit, rounding=mode).quantize(FEN)


@dataclass(frozen=True)
class DuesSettings:
    """The local choices the dues rules leave open.

    - ``reading_2017`` (DUES-2): deduct the member's own social insurance, housing fund and
      annuity from the base as well as income tax (on), or income tax only (off, the 2008 text).
    - ``monthly_cap`` (DUES-10): the monthly cap, ``None`` for no cap.
    - ``rounding`` (DUES-15): how amounts are rounded.
    - ``fixed_yearly`` (DUES-9): the base is fixed once a year (on), or follows each new wage.
    - ``farmer_amount`` (DUES-6): the flat monthly amount for farmers, 0.20 to 1.00 yuan.
    """

    reading_2017: bool = True
    monthly_cap: Decimal | None = NATIONAL_CAP
    rounding: Rounding = Rounding.HALF_UP_FEN
    fixed_yearly: bool = True
    farmer_amount: Decimal = Decimal("0.50")

    def __post_init__(self) -> None:
        if not isinstance(self.farmer_amount, Decimal):
            raise TypeError("农民党员党费标准应为Decimal金额")
        if not FARMER_MIN <= self.farmer_amount <= FARMER_MAX:
            raise ValueError(
                f"农民党员每月党费应在0.20元至1.00元之间，设置为{self.farmer_amount}元"
                f"{cite('DUES-6', '党费规定第六条')}"
            )
        if self.farmer_amount != self.farmer_amount.quantize(FEN):
            raise ValueError(f"农民党员党费标准最多保留两位小数，设置为{self.farmer_amount}元")
        if self.monthly_cap is not None and self.monthly_cap <= 0:
            raise ValueError(f"每月党费上限应大于0元，设置为{self.monthly_cap}元")
