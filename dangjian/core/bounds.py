"""The declared range of every money, count, id, date and month input, checked at each door.

One table of limits, read by the API schemas (``dangjian.api.types``), the forms and the
spreadsheet imports, so a value refused by one door is refused by all, before any write, with
a message naming the field and the range. The limits are those of the columns the values are
stored in (``dues.models.MONEY``: 12 digits, 2 after the point) and of plausibility (no party
record is dated before 1900 or after 2099).

``check_money`` / ``check_date`` / ``parse_month`` raise ``ValueError`` with a Chinese reason
that does not name the field: the door puts the field's label in front.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

# Primary keys are bigint on PostgreSQL; an id past this is no id at all.
ID_MAX = 2**63 - 1
# A count typed by a person (涉及单位数, 排序): within a 32-bit column.
COUNT_MAX = 2**31 - 1

# Money columns hold 12 digits, 2 of them after the point (dues.models.MONEY).
MONEY_DIGITS = 12
MONEY_PLACES = 2
MONEY_MAX = Decimal("9999999999.99")
# A 党费基数 (typed, or derived from payroll items) stays within the money range too, so that
# the dues computed from it (at most 3% of it, DUES-1) and the base itself always fit.
BASE_DIGITS = MONEY_DIGITS
BASE_MAX = MONEY_MAX
# Payroll items a single compute request may carry (their sum stays within BASE_MAX).
ITEMS_MAX = 100

# No Party record predates the Party (founded 1 July 1921): the floor of a meeting's or a
# study session's day when the organisation's founding is not on file.
PARTY_FOUNDED = date(1921, 7, 1)
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2099, 12, 31)
YEAR_MIN, YEAR_MAX = DATE_MIN.year, DATE_MAX.year
# Dates and months as text, for the API schema: the same range as a pattern.
DATE_PATTERN = r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
MONTH_PATTERN = r"^(19|20)[0-9]{2}-(0?[1-9]|1[0-2])$"
_MONTH = re.compile(r"\s*(\d{4})-(\d{1,2})\s*")

DATE_RANGE_TEXT = f"{DATE_MIN:%Y-%m-%d}至{DATE_MAX:%Y-%m-%d}"
MONEY_RANGE_TEXT = f"不超过{MONEY_MAX:,}元、最多两位小数"


def check_date(value: date) -> date:
    """``value`` when within DATE_MIN..DATE_MAX; ValueError naming the range otherwise."""
    if not DATE_MIN <= value <= DATE_MAX:
        raise ValueError(f"应在{DATE_RANGE_TEXT}之间")
    return value


def check_money(
    value: Decimal, *, maximum: Decimal = MONEY_MAX, allow_negative: bool = False
) -> Decimal:
    """A finite amount with at most two decimals and ``|value| <= maximum``."""
    if not value.is_finite():
        raise ValueError("应为有效的金额")
    try:
        exact = value == value.quantize(Decimal("0.01"))
    except InvalidOperation:  # more digits than the context holds: far out of range anyway
        exact = False
    low = -maximum if allow_negative else Decimal(0)
    if not low <= value <= maximum:
        raise ValueError(f"应在{low:,}至{maximum:,}元之间")
    if not exact:
        raise ValueError("最多两位小数")
    return value


def parse_money(text: str, **limits: object) -> Decimal:
    """Read a typed amount ("1234.5", " 12 "); ValueError for anything else or out of range."""
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError("应为金额数字，如1234.50") from None
    return check_money(value, **limits)  # type: ignore[arg-type]


def parse_month(text: str) -> tuple[int, int]:
    """(year, month) of "2024-07" / "2024-7" within YEAR_MIN..YEAR_MAX; ValueError otherwise."""
    match = _MONTH.fullmatch(text)
    if match is None:
        raise ValueError(f"“{text[:20]}”不是有效的年月，应写作2024-07")
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        raise ValueError(f"月份应在1至12之间，实为{month}")
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValueError(f"年份应在{YEAR_MIN}至{YEAR_MAX}之间")
    return year, month


def parse_id(text: str) -> int | None:
    """A positive id within bigint, or None ("abc", "0", "9223372036854775808")."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 1 <= value <= ID_MAX else None
