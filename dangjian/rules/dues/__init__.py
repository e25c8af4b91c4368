"""党费 (member dues): DUES-1..DUES-15.

A wrong amount is the worst bug this product can have, so every amount comes with the Chinese
explanation of how it was reached, and every local choice is a field of ``DuesSettings``.

- ``settings``: categories, rounding modes, the settings (DUES-6, DUES-10, DUES-15).
- ``payroll``: the base from payroll items or a self-employed income (DUES-2, DUES-4).
- ``amount``: brackets, flat amounts, the cap, reductions (DUES-1, DUES-3..DUES-7, DUES-10).
- ``months``: dues month by month: start, base of a month, back pay, arrears (DUES-8..DUES-13).
"""

from dangjian.rules.dues.amount import (
    RETIRED_BRACKETS,
    WORKING_BRACKETS,
    Bracket,
    DuesAmount,
    Reduction,
    apply_reduction,
    bracket_for,
    bracket_rate,
    compute_dues,
)
from dangjian.rules.dues.months import (
    amount_for_month,
    arrears_flag,
    backpay_check,
    consecutive_unpaid,
    dues_start_month,
    effective_base,
    is_large_voluntary,
)
from dangjian.rules.dues.payroll import (
    BaseDerivation,
    ItemCategory,
    PayrollItem,
    Treatment,
    derive_base,
    previous_quarter_months,
    self_employed_base,
)
from dangjian.rules.dues.settings import DuesCategory, DuesSettings, Rounding, round_amount

__all__ = [
    "RETIRED_BRACKETS",
    "WORKING_BRACKETS",
    "BaseDerivation",
    "Bracket",
    "DuesAmount",
    "DuesCategory",
    "DuesSettings",
    "ItemCategory",
    "PayrollItem",
    "Reduction",
    "Rounding",
    "Treatment",
    "amount_for_month",
    "apply_reduction",
    "arrears_flag",
    "backpay_check",
    "bracket_for",
    "bracket_rate",
    "compute_dues",
    "consecutive_unpaid",
    "derive_base",
    "dues_start_month",
    "effective_base",
    "is_large_voluntary",
    "previous_quarter_months",
    "round_amount",
    "self_employed_base",
]
