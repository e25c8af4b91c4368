"""党员增减台账 (STAT-6): which change of a member's standing is an increase or a decrease of a
subtree, of which kind, and whether the totals reconcile. Pure: no Django, no database.

A member *counts* for a subtree on a day when their membership period of that day is in good
standing (正常) in an organisation of the subtree as the tree stood that day (STAT-5). A change
effective on day D compares the day before D with D: counted before and not after is a decrease,
the reverse an increase; counted on both days (a confirmation, a move between two branches of the
subtree) is neither. A member in transfer (转出中) keeps the sending branch's period until the
receiving branch accepts (MEM-2), so they are counted once, by the sender.

Kinds (STAT-6): increases 发展, 转入 (inside the platform, or from outside with a 介绍信), 恢复党籍,
其他; decreases 转出 (inside, or out of the platform with a 介绍信), 死亡, 出党 (by kind), 停止党籍,
其他.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

NORMAL = "normal"
SUSPENDED = "suspended"
TRANSFERRED_OUT = "transferred_out"
LEFT = "left"
DECEASED = "deceased"


class Change(StrEnum):
    """The kinds of the ledger, increases first; the value is the code, ``label`` the name."""

    DEVELOPED = "developed"
    TRANSFER_IN = "transfer_in"
    TRANSFER_IN_LETTER = "transfer_in_letter"
    RESTORED = "restored"
    OTHER_IN = "other_in"
    TRANSFER_OUT = "transfer_out"
    TRANSFER_OUT_LETTER = "transfer_out_letter"
    DIED = "died"
    LEFT_PARTY = "left_party"
    SUSPENDED = "suspended"
    OTHER_OUT = "other_out"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def is_increase(self) -> bool:
        return self in INCREASES


_LABELS = {
    Change.DEVELOPED: "发展党员",
    Change.TRANSFER_IN: "转入（系统内）",
    Change.TRANSFER_IN_LETTER: "转入（系统外，凭介绍信）",
    Change.RESTORED: "恢复党籍",
    Change.OTHER_IN: "其他增加",
    Change.TRANSFER_OUT: "转出（系统内）",
    Change.TRANSFER_OUT_LETTER: "转出（系统外，开具介绍信）",
    Change.DIED: "死亡",
    Change.LEFT_PARTY: "出党",
    Change.SUSPENDED: "停止党籍",
    Change.OTHER_OUT: "其他减少",
}
INCREASES = (
    Change.DEVELOPED,
    Change.TRANSFER_IN,
    Change.TRANSFER_IN_LETTER,
    Change.RESTORED,
    Change.OTHER_IN,
)
DECREASES = (
    Change.TRANSFER_OUT,
    Change.TRANSFER_OUT_LETTER,
    Change.DIED,
    Change.LEFT_PARTY,
    Change.SUSPENDED,
    Change.OTHER_OUT,
)


@dataclass(frozen=True)
class Side:
    """One side of a change: the standing status and whether the member counted that day.
    ``None`` in place of a side: no membership period (before the record, or after it ends)."""

    status: str
    counted: bool


def classify(
    before: Side | None,
    after: Side | None,
    *,
    developed: bool = False,
    by_letter: bool = False,
) -> Change | None:
    """The ledger's kind of one change, or ``None`` when it changes no count.

    ``developed``: the record starts on the day of admission (入党时间, the 支部大会 the 党委
    approved: STAT-5 counts a new member from then). ``by_letter``: the member came in with an
    incoming 介绍信 that day (from outside the platform).
    """
    was = before is not None and before.counted
    now = after is not None and after.counted
    if was == now:
        return None
    if now:
        return _increase(before, developed=developed, by_letter=by_letter)
    return _decrease(after)


def _increase(before: Side | None, *, developed: bool, by_letter: bool) -> Change:
    if by_letter:
        return Change.TRANSFER_IN_LETTER
    if before is None:
        return Change.DEVELOPED if developed else Change.OTHER_IN
    if before.status == SUSPENDED:
        return Change.RESTORED
    if before.status == NORMAL:  # counted elsewhere the day before: moved in
        return Change.TRANSFER_IN
    return Change.OTHER_IN  # e.g. a 介绍信 cancelled: the member never left


def _decrease(after: Side | None) -> Change:
    if after is None:
        return Change.OTHER_OUT
    return {
        NORMAL: Change.TRANSFER_OUT,  # in good standing, elsewhere: moved out
        TRANSFERRED_OUT: Change.TRANSFER_OUT_LETTER,
        DECEASED: Change.DIED,
        LEFT: Change.LEFT_PARTY,
        SUSPENDED: Change.SUSPENDED,
    }.get(after.status, Change.OTHER_OUT)


# 出党 by kind (STAT-7 tables 10-11): the decision's wording names it.
EXIT_KINDS = (
    ("开除", "开除党籍"),
    ("自行脱党", "自行脱党除名"),
    ("除名", "除名"),
    ("劝退", "劝退"),
    ("退党", "退党"),
    ("取消预备党员资格", "取消预备党员资格"),
)
EXIT_UNSTATED = "出党（未注明方式）"


def exit_kind(wording: str) -> str:
    """The kind of an exit from the words of its record ("经支部大会讨论，予以除名" -> "除名");
    ``EXIT_UNSTATED`` when none is named."""
    for word, kind in EXIT_KINDS:
        if word in wording:
            return kind
    return EXIT_UNSTATED


@dataclass(frozen=True)
class Reconciliation:
    """期初 + 增加 - 减少 against 期末 (STAT-6). ``difference`` is 期末 minus the arithmetic:
    zero when the register and the ledger agree; anything else is shown, never absorbed."""

    opening: int
    increases: int
    decreases: int
    closing: int

    @property
    def expected_closing(self) -> int:
        return self.opening + self.increases - self.decreases

    @property
    def difference(self) -> int:
        return self.closing - self.expected_closing

    @property
    def balanced(self) -> bool:
        return self.difference == 0


def opening_day(start: date) -> date:
    """The day whose register opens a period starting on ``start`` (the day before)."""
    return date.fromordinal(start.toordinal() - 1)
