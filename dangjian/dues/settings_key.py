"""A stable key for a set of dues settings.

The key names the settings a stored amount was computed under, so an amount computed under one
set of settings is never reused under another, and the explanation can be rebuilt exactly.
Pure functions of ``DuesSettings``, read by the ledger, the bases and the selectors alike.
"""

from __future__ import annotations

from decimal import Decimal

from dangjian.rules.dues import DuesSettings, Rounding


def settings_key(s: DuesSettings) -> str:
    """ "r1|c1000.00|half_up_fen|f1|a0.50": every field of the settings, in a fixed order."""
    cap = "-" if s.monthly_cap is None else f"{s.monthly_cap:.2f}"
    return (
        f"r{int(s.reading_2017)}|c{cap}|{s.rounding.value}|f{int(s.fixed_yearly)}"
        f"|a{s.farmer_amount:.2f}"
    )


def settings_from_key(key: str) -> DuesSettings:
    reading, cap, rounding, fixed, farmer = key.split("|")
    return DuesSettings(
        reading_2017=reading == "r1",
        monthly_cap=None if cap == "c-" else Decimal(cap[1:]),
        rounding=Rounding(rounding),
        fixed_yearly=fixed == "f1",
        farmer_amount=Decimal(farmer[1:]),
    )
