"""Form fields that parse to the declared ranges of ``dangjian.core.bounds``, in Chinese."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from dangjian.core import bounds


class MoneyField(forms.DecimalField):
    """An amount in yuan: finite, at most two decimals, within the money columns' range.

    ``allow_negative`` for corrections (应交调整), whose range is symmetric around zero.
    """

    def __init__(
        self,
        *,
        maximum: Decimal = bounds.MONEY_MAX,
        allow_negative: bool = False,
        minimum: Decimal | None = None,
        **kwargs: Any,
    ) -> None:
        low = minimum if minimum is not None else (-maximum if allow_negative else Decimal(0))
        kwargs.setdefault("decimal_places", bounds.MONEY_PLACES)
        super().__init__(max_value=maximum, min_value=low, max_digits=bounds.MONEY_DIGITS, **kwargs)
        self.low, self.high = low, maximum

    def range_text(self) -> str:
        return f"应在{self.low:,}至{self.high:,}元之间，最多两位小数"


class CountField(forms.IntegerField):
    """A whole number typed by a person, within a 32-bit column unless told otherwise."""

    def __init__(
        self, *, max_value: int = bounds.COUNT_MAX, min_value: int = 0, **kwargs: Any
    ) -> None:
        super().__init__(max_value=max_value, min_value=min_value, **kwargs)
