"""学习教育: class hours against EDU-1/EDU-2, quiz papers and scoring, points (EDU-3).

Class hours are integers of **tenths of an hour** everywhere (``15`` is 1.5 学时): sums are
exact, 32.0 is ``320`` and 31.9 is ``319``. Online hours (an item marked studied) and offline
hours (集中学习 sessions) are counted apart and added for the yearly requirement.

Which requirement applies in a year (``yearly_requirement``):

- EDU-1 (教育管理条例第二十条): every member, 32 学时 a year.
- EDU-2 (2019—2023年全国党员教育培训工作规划) **[setting, default 56]**: a member holding a post
  on a committee (书记, 副书记, 委员...) on the reckoning date. The reckoning date is 12-31 for a
  past year and the day asked for the current year, so a member who becomes a committee member
  in the middle of the year owes 56 学时 for that whole year from the day of the post on, and
  one who left the committee owes 32: the 规划 sets the requirement by the post one holds, and
  the year is judged by the post held when it is judged.
- A member who joins in the middle of the year: RULES.md is silent, so it is a setting
  (``prorate_new_members``, default on): the requirement is cut to the months left from the
  joining month, December included, rounded up to a tenth (joined 2026-07-01: 6/12 of 32 =
  16.0).
- An exemption (年老体弱, 长期病假...) is recorded with its reason and waives the year.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum

TENTHS = 10
EDU1_TENTHS = 320
EDU2_TENTHS = 560
MAX_ITEM_TENTHS = 1000  # 100 学时: no single item or session is longer


class HoursError(ValueError):
    """A class-hour value that cannot be taken; the message is Chinese."""


def parse_hours(text: str | int | float | Decimal) -> int:
    """ "1.5" -> 15 (tenths). Raises ``HoursError`` for text that is not a number, more than
    one decimal place, zero or less, or more than ``MAX_ITEM_TENTHS``."""
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        raise HoursError("学时应为数字，如1或1.5") from None
    if not value.is_finite():
        raise HoursError("学时应为数字，如1或1.5")
    tenths = value * TENTHS
    if tenths != tenths.to_integral_value():
        raise HoursError("学时最多精确到0.1学时")
    if tenths <= 0 or tenths > MAX_ITEM_TENTHS:
        raise HoursError(f"学时应大于0且不超过{MAX_ITEM_TENTHS // TENTHS}学时")
    return int(tenths)


def hours_text(tenths: int) -> str:
    """15 -> "1.5"; 320 -> "32.0" (always one decimal place)."""
    sign = "-" if tenths < 0 else ""
    whole, tenth = divmod(abs(tenths), TENTHS)
    return f"{sign}{whole}.{tenth}"


@dataclass(frozen=True)
class Requirement:
    """The hours a member owes in a year. ``rule_id`` is EDU-1 or EDU-2; ``tenths`` may be cut
    for a member who joined during the year (``prorated``)."""

    rule_id: str
    tenths: int
    prorated: bool = False


def yearly_requirement(
    *,
    year: int,
    joined_on: date | None,
    holds_committee_post: bool,
    edu1_tenths: int = EDU1_TENTHS,
    edu2_tenths: int = EDU2_TENTHS,
    prorate_new_members: bool = True,
) -> Requirement:
    """What a member owes in ``year`` (EDU-1, EDU-2; see the module for the mid-year cases).

    ``holds_committee_post``: a committee post held on the reckoning date (the caller reads
    it from the posts as of that date)."""
    rule_id, full = ("EDU-2", edu2_tenths) if holds_committee_post else ("EDU-1", edu1_tenths)
    if not prorate_new_members or joined_on is None or joined_on.year != year:
        return Requirement(rule_id, full)
    months = 12 - joined_on.month + 1
    cut = -(-full * months // 12)  # rounded up to a tenth: never owe less than the share
    return Requirement(rule_id, cut, prorated=months < 12)


@dataclass(frozen=True)
class HoursStatus:
    """A member's hours in a year against the requirement, in tenths."""

    online: int
    offline: int
    requirement: Requirement
    exemption: str = ""  # the reason when the year is waived

    @property
    def total(self) -> int:
        return self.online + self.offline

    @property
    def met(self) -> bool:
        """Exactly the requirement meets it (DATE-2: "不少于" includes the number)."""
        return bool(self.exemption) or self.total >= self.requirement.tenths

    @property
    def missing(self) -> int:
        return 0 if self.met else self.requirement.tenths - self.total

    @property
    def label(self) -> str:
        if self.exemption:
            return f"免于考核（{self.exemption}）"
        if self.met:
            return "已达标"
        return f"未达标，还差{hours_text(self.missing)}学时"


# --- quizzes --------------------------------------------------------------------------------


class QuestionKind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"

    @property
    def label(self) -> str:
        return {"single": "单选题", "multiple": "多选题", "true_false": "判断题"}[self.value]


OPTION_LETTERS = "ABCDEF"
TRUE_FALSE_ANSWERS = {"对": "A", "正确": "A", "是": "A", "√": "A", "T": "A",
                      "错": "B", "错误": "B", "否": "B", "×": "B", "F": "B"}  # fmt: skip


def normalize_answer(kind: QuestionKind, text: str, option_count: int) -> str:
    """The answer as sorted option letters ("A", "BD"); true/false is "A" (对) or "B" (错).

    Raises ``ValueError`` (Chinese) for letters outside the options, a single-choice or
    true/false answer of more than one letter, or a multiple-choice answer of fewer than two."""
    raw = "".join(str(text).split()).upper().replace(",", "").replace("，", "").replace("、", "")
    if kind is QuestionKind.TRUE_FALSE:
        letter = TRUE_FALSE_ANSWERS.get(raw, raw)
        if letter not in ("A", "B"):
            raise ValueError("判断题的答案应为“对”或“错”")
        return letter
    allowed = OPTION_LETTERS[:option_count]
    letters = sorted(set(raw))
    if not letters or any(c not in allowed for c in letters):
        raise ValueError(f"答案应为选项字母（{'、'.join(allowed)}）")
    if kind is QuestionKind.SINGLE and len(letters) != 1:
        raise ValueError("单选题只能有一个答案")
    if kind is QuestionKind.MULTIPLE and len(letters) < 2:
        raise ValueError("多选题应有两个或以上答案")
    return "".join(letters)


def is_correct(answer: str, given: str) -> bool:
    """All or nothing: a multiple-choice answer scores only when exactly the right letters are
    chosen (a missing or an extra letter scores nothing)."""
    return bool(given) and sorted(set(given)) == sorted(set(answer))


def draw_paper(question_ids: list[int], count: int, seed: int) -> list[int]:
    """``count`` question ids drawn from ``question_ids`` by ``seed``: the same seed and bank
    draw the same paper (an attempt is reproducible), another seed another paper."""
    pool = sorted(set(question_ids))
    return random.Random(seed).sample(pool, min(count, len(pool)))


def score_percent(correct: int, total: int) -> int:
    """Whole percent, rounded half up; 0 for an empty paper."""
    return 0 if total == 0 else (correct * 200 + total) // (total * 2)


# --- points (积分制, EDU-3: configuration only) ------------------------------------------------


@dataclass(frozen=True)
class PointRule:
    """One configured item: ``points`` per event, at most ``cap`` points a year (0: no cap)."""

    code: str
    points: int
    cap: int = 0


def yearly_points(rule: PointRule, events: int) -> int:
    """The points ``events`` occurrences in one year earn under ``rule``, capped (EDU-3)."""
    earned = rule.points * max(events, 0)
    return min(earned, rule.cap) if rule.cap > 0 else earned
