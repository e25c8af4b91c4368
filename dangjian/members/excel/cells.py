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
from dangjian.rules.idcard import EXCEL_MESSAGE, normalize_id_number

_DATE_TEXT = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_DATE_DIGITS = re.compile(r"(\d{4})(\d{2})(\d{2})")
_TIME_SUFFIX = re.compile(r"[ T]0{1,2}:00(:00(\.0+)?)?$")
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


def read_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer() and 10_000_000 <= value <= 99_999_999:
        return _date_from_digits(str(int(value)))
    if is_blank(value):
        return None
    text = _TIME_SUFFIX.sub("", normalize(str(value)))
    match = _DATE_TEXT.fullmatch(text) or _DATE_DIGITS.fullmatch(text)
    if match is None:
        raise CellError(f"“{read_text(value)}”不是可识别的日期，请填写如2024-07-01的日期")
    return _make_date(*match.groups(), shown=read_text(value))


def _date_from_digits(text: str) -> date:
    return _make_date(text[:4], text[4:6], text[6:], shown=text)


def _make_date(year: str, month: str, day: str, *, shown: str) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise CellError(f"“{shown}”不是有效的日期（月或日超出范围）") from None


def _in_range(day: date | None, value: Any) -> date | None:
    if day is not None and not DATE_MIN <= day <= DATE_MAX:
        raise CellError(f"日期“{read_text(value)[:30]}”应在{DATE_RANGE_TEXT}之间")
    return day


def read_bounded_date(value: Any) -> date | None:
    """A date cell within the plausible range (1900..2099), as every door accepts."""
    return _in_range(read_date(value), value)


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


def read_id_number(value: Any) -> str:
    """The number as text, spaces, dashes and full-width forms folded as every door folds them
    (``normalize_id_number``; ID-1 is checked by the service).

    A numeric cell means Excel has already turned the number into a float and lost digits.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise CellError(EXCEL_MESSAGE)
    return normalize_id_number(read_clean_text(value, TextKind.NAME))


def choice_lookup(column: Column) -> dict[str, str]:
    """Accepted spellings of each choice: the label, its part before a bracket, and the code."""
    lookup: dict[str, str] = {}
    for code, label in column.choices:
        lookup[normalize(code).upper()] = code
        lookup[normalize(label)] = code
        lookup.setdefault(normalize(label).split("(")[0], code)
        if label.endswith("族"):
            lookup.setdefault(normalize(label[:-1]), code)
    return lookup


def read_choice(value: Any, column: Column, lookup: dict[str, str]) -> str:
    text = normalize(read_text(value))
    code = lookup.get(text) or lookup.get(text.upper())
    if code is None:
        shown = "、".join(column.labels[:8]) + ("等" if len(column.labels) > 8 else "")
        raise CellError(f"“{read_text(value)}”不是有效的{column.header}，应为：{shown}")
    return code


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


def cell_reader(column: Column) -> Reader:
    """A function reading one cell of ``column``; "" or None for an empty optional cell."""
    if column.kind is CellKind.DATE:
        return read_bounded_date
    if column.kind is CellKind.BOOL:
        return _remembered(read_bool)
    if column.kind is CellKind.INT:
        return read_int
    if column.kind is CellKind.CHOICE:
        lookup = choice_lookup(column)
        return _blank_is("", _remembered(lambda v: read_choice(v, column, lookup)))
    if column.kind is CellKind.ID_NUMBER:
        return _blank_is("", read_id_number)
    kind = kind_for_field(column.field)
    return lambda value: read_clean_text(value, kind)  # a blank cell reads as ""


def read_cell(value: Any, column: Column) -> Any:
    """The typed value of one cell of ``column`` (for one-off reads; loops use cell_reader)."""
    return cell_reader(column)(value)
