"""入党志愿书 numbers: each issued from the organisation's range, and only once (DEV-30).

细则第四十二条: the form is printed centrally by the provincial organisation department and
strictly managed; in practice each copy bears a number, an organisation receives a range, and a
number once issued (used, spoilt or lost) is never issued again.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from dangjian.rules.verdicts import Verdict


@dataclass(frozen=True)
class NumberRange:
    """The numbers ``first`` to ``last`` (both included), written with ``width`` digits."""

    first: int
    last: int
    width: int

    def __post_init__(self) -> None:
        if not 0 <= self.first <= self.last:
            raise ValueError(f"志愿书编号段有误：起始号{self.first}应不大于终止号{self.last}")
        if len(str(self.last)) > self.width:
            raise ValueError(f"志愿书编号段有误：终止号{self.last}超过{self.width}位")

    def format(self, number: int) -> str:
        """The number as printed, zero-padded: 37000123 with width 10 -> "0037000123"."""
        return str(number).zfill(self.width)

    @property
    def text(self) -> str:
        """ "0037000001至0037000500"."""
        return f"{self.format(self.first)}至{self.format(self.last)}"


def check_form_number(number: str, numbers: NumberRange, issued: Collection[str]) -> Verdict:
    """DEV-30: ``number`` lies in the organisation's range and was never issued before.

    ``issued`` holds every number already issued (as printed). Spaces and full-width digits are
    not accepted here: the boundary normalises input before it reaches a rule.
    """
    if not (number.isascii() and number.isdigit() and len(number) == numbers.width):
        return Verdict.blocked("DEV-30", f"志愿书编号“{number}”应为{numbers.width}位数字")
    if not numbers.first <= int(number) <= numbers.last:
        return Verdict.blocked(
            "DEV-30", f"志愿书编号{number}不在本组织的编号段（{numbers.text}）内"
        )
    if number in issued:
        return Verdict.blocked("DEV-30", f"志愿书编号{number}已发放过，每个编号只能使用一次")
    return Verdict.passed("DEV-30", f"志愿书编号{number}在编号段{numbers.text}内，未曾发放")


def next_free_number(numbers: NumberRange, issued: Collection[str]) -> str | None:
    """The lowest number of the range not yet issued, or ``None`` when the range is used up."""
    for value in range(numbers.first, numbers.last + 1):
        text = numbers.format(value)
        if text not in issued:
            return text
    return None
