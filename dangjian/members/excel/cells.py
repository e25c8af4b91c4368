"""Reading one spreadsheet cell into a typed value, with a Chinese reason when it cannot be read.

python-calamine hands over str, float, bool, date or datetime; an empty cell is "". These
functions are pure: no database, so they are tested on their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from dangjian.core.bounds import DATE_MAX, DATE_MIN, DATE_RANGE_TEXT, ID_MAX
from dangjian.core.text import TextError, TextKind, clean_text, kind_for_field
from dangjian.members.excel.columns import CellKind, Column, normalize
from dangjian.members.excel.synonyms import AMBIGUOUS_VALUES, VALUE_SYNONYMS
from dangjian.rules.date_text import (
    DateTextError,
    MonthOnly,
    month_of,
    number_as_date,
    parse_date_text,
)
from dangjian.rules.idcard import EXCEL_MESSAGE, normalize_id_number

_TRUE = frozenset({"是", "Y", "YES", "√", "✓", "✔", "TRUE", "1", "有"})
_FALSE = frozenset({"否", "N", "NO", "×", "✗", "✘", "FALSE", "0", "无", ""})


class CellError(ValueError):
    """The cell cannot be read; the message says why, in Chinese."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_text(value: Any) -> str:
    if isinstance(value, str):  # most cells: checked first
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone number or code typed as a number
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip() if value is not None else ""  # int, or another type


def read_date_or_month(value: Any) -> date | MonthOnly | None:
    """A date cell as written: a date, a ``MonthOnly`` (1985.06), or None when blank.

    Text goes through ``rules.date_text``; a number in a General-format cell is an Excel day
    number (33011), a yyyymmdd number, or a year and month (1987.03).
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return number_as_date(float(value))
        if is_blank(value):
            return None
        return parse_date_text(str(value))
    except DateTextError as exc:
        raise CellError(str(exc)) from None


def read_date(value: Any) -> date | None:
    """A date cell that must name the day; a year and month alone is refused, asking for it."""
    day = read_date_or_month(value)
    if isinstance(day, MonthOnly):
        raise CellError(needs_day(day))
    return day


def needs_day(month: MonthOnly) -> str:
    return f"“{month}”只填写到月份，该日期须具体到日，请补充{month}的哪一天"


def _in_range(day: Any, value: Any) -> Any:
    if isinstance(day, MonthOnly):
        if not DATE_MIN.year <= day.year <= DATE_MAX.year:
            raise CellError(f"日期“{read_text(value)[:30]}”应在{DATE_RANGE_TEXT}之间")
        return day
    if day is not None and not DATE_MIN <= day <= DATE_MAX:
        raise CellError(f"日期“{read_text(value)[:30]}”应在{DATE_RANGE_TEXT}之间")
    return day


def read_bounded_date(value: Any) -> date | None:
    """A date cell within the plausible range (1900..2099), as every door accepts."""
    day: date | None = _in_range(read_date(value), value)
    return day


def read_bounded_date_or_month(value: Any) -> date | MonthOnly | None:
    """A date cell within the plausible range that may name only the year and month."""
    day: date | MonthOnly | None = _in_range(read_date_or_month(value), value)
    return day


def read_dues_month(value: Any) -> date | None:
    """A 党费交至 cell: a month ("2024-05", "2024年5月", "2024.5") or any day of it, stored as
    the month's first day (as a transfer stores the month dues are paid up to)."""
    day = read_bounded_date_or_month(value)
    if day is None:
        return None
    month = month_of(day)
    return date(month.year, month.month, 1)


_CELL_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def read_clean_text(value: Any, kind: TextKind) -> str:
    """A text cell through the one normaliser (NFC, trimmed, no control characters). A line
    break typed into a one-line cell (Alt+Enter in a long address) is layout, not content: it
    reads as a space."""
    text = read_text(value)
    if kind is not TextKind.MULTILINE:
        text = _CELL_BREAKS.sub(" ", text.strip())
    try:
        return clean_text(text, kind)
    except TextError as exc:
        raise CellError(str(exc)) from None


def read_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = normalize(read_text(value)).upper()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(f"“{read_text(value)}”无法识别，请填写“是”或“否”")


def read_int(value: Any) -> int | None:
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer() and 0 <= value <= ID_MAX:
        return int(value)
    text = normalize(read_text(value))
    if text.isascii() and text.isdigit() and len(text) <= 19 and int(text) <= ID_MAX:
        return int(text)
    raise CellError(f"“{read_text(value)[:30]}”不是有效的整数（0至{ID_MAX}）")


MASKED_ID_MESSAGE = (
    "公民身份号码已脱敏（含“*”），无法确定是哪名党员：脱敏导出的名册不能直接再导入。"
    "请填写完整号码，或由可查看完整号码的组织管理员导出名册后修改再导入"
)


def read_id_number(value: Any) -> str:
    """The number as text, spaces, dashes and full-width forms folded as every door folds them
    (``normalize_id_number``; ID-1 is checked by the service).

    A numeric cell means Excel has already turned the number into a float and lost digits.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise CellError(EXCEL_MESSAGE)
    number = normalize_id_number(read_clean_text(value, TextKind.NAME))
    if "*" in number:
        raise CellError(MASKED_ID_MESSAGE)
    return number


def choice_lookup(column: Column, meanings: dict[str, str] | None = None) -> dict[str, str]:
    """Accepted spellings of each choice: the label, its part before a bracket, the code, the
    synonyms of ``synonyms.VALUE_SYNONYMS`` and the meanings chosen for this file."""
    lookup: dict[str, str] = {}
    for code, label in column.choices:
        lookup[normalize(code).upper()] = code
        lookup[normalize(label)] = code
        lookup.setdefault(normalize(label).split("(")[0], code)
        if label.endswith("族"):
            lookup.setdefault(normalize(label[:-1]), code)
    for text, code in VALUE_SYNONYMS.get(column.field, {}).items():
        lookup.setdefault(normalize(text).upper(), code)
    for text, code in (meanings or {}).items():
        lookup[normalize(text)] = code
    return lookup


def read_choice(value: Any, column: Column, lookup: dict[str, str]) -> str:
    text = normalize(read_text(value))
    code = lookup.get(text) or lookup.get(text.upper())
    if code is None:
        raise CellError(_not_a_choice(value, column, text))
    return code


def _not_a_choice(value: Any, column: Column, text: str) -> str:
    codes = AMBIGUOUS_VALUES.get(column.field, {}).get(text)
    labels = dict(column.choices)
    if codes:
        meant = "还是".join(f"“{labels[c]}”" for c in codes)
        return (
            f"“{read_text(value)}”可能是{meant}，导入时不作猜测：请在列对应页面选择"
            f"该文件中“{read_text(value)}”的含义，该行暂未导入"
        )
    return f"“{read_text(value)[:30]}”不是有效的{column.header}，应为：{'、'.join(column.labels)}"


_CJK_SPACES = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")


def read_person_name(value: Any) -> str:
    """A name; spaces typed between Chinese characters to line names up (孙  明) are removed."""
    return _CJK_SPACES.sub("", read_clean_text(value, TextKind.NAME))


_AREA_CODE = re.compile(r"^[(（]\s*(0\d{2,3})\s*[)）]\s*")


def read_phone(value: Any) -> str:
    """A phone number as typed: full-width folded, spaces dropped, "(0531)86012345" written
    with its area code first ("0531-86012345") as the archive keeps landlines."""
    text = normalize(read_clean_text(value, TextKind.TEXT))
    return _AREA_CODE.sub(lambda m: f"{m[1]}-", text)


Reader = Callable[[Any], Any]


def _blank_is(empty: Any, read: Reader) -> Reader:
    def reader(value: Any) -> Any:
        return empty if is_blank(value) else read(value)

    return reader


def _remembered(read: Reader) -> Reader:
    """Choice and yes/no columns repeat a handful of texts: read each distinct value once.

    Values are told apart by type too (1.0, 1 and True are equal keys to a dict).
    """
    seen: dict[Any, Any] = {}

    def reader(value: Any) -> Any:
        key = value if isinstance(value, str) else (type(value), value)
        if key not in seen:
            seen[key] = read(value)  # a CellError is raised again next time, never stored
        return seen[key]

    return reader


def cell_reader(column: Column, meanings: dict[str, str] | None = None) -> Reader:
    """A function reading one cell of ``column``; "" or None for an empty optional cell.

    ``meanings``: what ambiguous values of a choice column mean in this file.
    """
    if column.kind is CellKind.DATE and column.field == "dues_paid_to":
        return read_dues_month  # dues are paid up to a month
    if column.kind is CellKind.DATE:
        # The ID number holds the day of birth: a birth date may be written to the month.
        return read_bounded_date_or_month if column.field == "birth_date" else read_bounded_date
    if column.kind is CellKind.BOOL:
        return _remembered(read_bool)
    if column.kind is CellKind.INT:
        return read_int
    if column.kind is CellKind.CHOICE:
        lookup = choice_lookup(column, meanings)
        return _blank_is("", _remembered(lambda v: read_choice(v, column, lookup)))
    if column.kind is CellKind.ID_NUMBER:
        return _blank_is("", read_id_number)
    if column.field == "name":
        return read_person_name
    if column.field == "phone":
        return read_phone
    kind = kind_for_field(column.field)
    return lambda value: read_clean_text(value, kind)  # a blank cell reads as ""


def read_cell(value: Any, column: Column) -> Any:
    """The typed value of one cell of ``column`` (for one-off reads; loops use cell_reader)."""
    return cell_reader(column)(value)
