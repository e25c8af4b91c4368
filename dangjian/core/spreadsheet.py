"""The one way the platform writes spreadsheets: xlsxwriter behind ``SafeWorkbook``/``SafeSheet``.

Every export, template and generated file goes through here, so none can turn data into a live
formula (CSV/formula injection: a member named ``=HYPERLINK("http://evil.example","x")``):

- text is always written as a string cell (never through xlsxwriter's guessing ``write``), and the
  workbook is opened with ``strings_to_formulas``/``strings_to_urls``/``strings_to_numbers`` off;
- text starting with = + - @, a tab or a line break also gets Excel's quote prefix (the style of
  a value typed after an apostrophe): shown and kept as text, even when the cell is edited, while
  the value itself is unchanged, so an exported roster imports again as it was;
- numbers stay numbers (a negative amount is a number, not text).

``neutralise`` is the same guard for plain-text sinks (CSV): it prefixes an apostrophe.
Layout (widths, panes, comments, drop-down validation) goes to ``SafeSheet.layout``, the
xlsxwriter worksheet itself; it writes no cell values.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

CellFormat = Format  # for callers' annotations, so they need not import xlsxwriter
RISKY_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"


def is_risky_text(text: str) -> bool:
    """Would a spreadsheet application read this text as the start of a formula?"""
    return text.startswith(RISKY_STARTS)


def neutralise(text: str) -> str:
    """For plain-text sinks (CSV): an apostrophe before risky text, as OWASP advises."""
    return f"'{text}" if is_risky_text(text) else text


class SafeWorkbook:
    """An xlsxwriter workbook that writes values only through ``SafeSheet``.

    ``constant_memory`` streams rows to disk (rows must then be written in order); otherwise the
    workbook is built in memory. ``target`` is a path or a binary file object.
    """

    def __init__(self, target: str | IO[bytes], *, constant_memory: bool = False) -> None:
        options = {
            "constant_memory": constant_memory,
            "in_memory": not constant_memory,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        }
        self.book = xlsxwriter.Workbook(target, options)
        self._properties: dict[int, dict[str, Any]] = {}
        self._quoted: dict[int | None, Format] = {}
        self.date = self.add_format({"num_format": DATE_FORMAT})

    def add_format(self, properties: dict[str, Any]) -> Format:
        cell_format = self.book.add_format(properties)
        self._properties[id(cell_format)] = dict(properties)
        return cell_format

    def quoted(self, cell_format: Format | None) -> Format:
        """``cell_format`` with Excel's quote prefix (one variant per format, made once)."""
        key = id(cell_format) if cell_format is not None else None
        if key not in self._quoted:
            base = self._properties.get(key, {}) if key is not None else {}
            self._quoted[key] = self.book.add_format({**base, "quote_prefix": True})
        return self._quoted[key]

    def add_sheet(self, name: str) -> SafeSheet:
        return SafeSheet(self, self.book.add_worksheet(name))

    def close(self) -> None:
        self.book.close()


class SafeSheet:
    """Writes cells by their Python type; text can never become a formula."""

    def __init__(self, book: SafeWorkbook, sheet: Worksheet) -> None:
        self.book = book
        self.layout = sheet  # widths, panes, comments, validation: no cell values

    def text(self, row: int, col: int, value: str, cell_format: Format | None = None) -> None:
        if is_risky_text(value):
            cell_format = self.book.quoted(cell_format)
        self.layout.write_string(row, col, value, cell_format)

    def number(
        self, row: int, col: int, value: float | Decimal, cell_format: Format | None = None
    ) -> None:
        self.layout.write_number(row, col, float(value), cell_format)

    def day(self, row: int, col: int, value: date, cell_format: Format | None = None) -> None:
        """A date or datetime, shown as a date unless ``cell_format`` says otherwise."""
        moment = (
            value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
        )
        self.layout.write_datetime(row, col, moment, cell_format or self.book.date)

    def cell(self, row: int, col: int, value: Any, cell_format: Format | None = None) -> None:
        """Any value by its type; None and "" leave the cell empty (a column format still
        applies to it)."""
        if value is None or value == "":
            return
        if isinstance(value, bool):
            self.text(row, col, "是" if value else "否", cell_format)
        elif isinstance(value, (int, float, Decimal)):
            self.number(row, col, value, cell_format)
        elif isinstance(value, date):
            self.day(row, col, value, cell_format)
        else:
            self.text(row, col, str(value), cell_format)

    def row(
        self, row: int, col: int, values: Iterable[Any], cell_format: Format | None = None
    ) -> None:
        for offset, value in enumerate(values):
            self.cell(row, col + offset, value, cell_format)

    def column(
        self, row: int, col: int, values: Iterable[Any], cell_format: Format | None = None
    ) -> None:
        for offset, value in enumerate(values):
            self.cell(row + offset, col, value, cell_format)

    def merged_text(
        self, first: tuple[int, int], last: tuple[int, int], value: str, cell_format: Format
    ) -> None:
        """Text over merged cells (the merge is made empty, then the text written safely)."""
        self.layout.merge_range(*first, *last, "", cell_format)
        self.text(*first, value, cell_format)
