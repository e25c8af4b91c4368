"""How amounts and rates are written in the Chinese explanation lines."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

FEN = Decimal("0.01")
_SHOWN_PLACES = Decimal("0.0001")


def format_yuan(value: Decimal) -> str:
    """An amount in yuan, as exact as it is: "76.50", "5.005"; "3333.3333…" past four decimals.

    Explanations show the unrounded product on purpose, so the rounding step can be checked.
    """
    if value == value.quantize(FEN):
        return f"{value.quantize(FEN):f}"
    if value == value.quantize(_SHOWN_PLACES):
        return f"{value.normalize():f}"
    return f"{value.quantize(_SHOWN_PLACES, rounding=ROUND_DOWN):f}…"


def format_rate(rate: Decimal) -> str:
    """A rate as a percentage: Decimal("0.015") -> "1.5%"."""
    return f"{(rate * 100).normalize():f}%"
