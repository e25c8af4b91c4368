"""Excel documents of the workflows: one titled table through ``core.spreadsheet`` (the one
writer allowed, which keeps every text a text cell)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from dangjian.core.spreadsheet import SafeSheet, SafeWorkbook


@dataclass(frozen=True)
class Table:
    """One sheet of a workbook: its tab name, the title above the table, headers and rows."""

    sheet: str
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]


def table_xlsx(
    title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str = "Sheet1"
) -> bytes:
    """A workbook of one sheet: the title in A1, the headers on row 3, the rows below.

    Values are written by their type (text, number, date, 是/否); none becomes a formula.
    """
    return tables_xlsx([Table(sheet, title, headers, rows)])


def tables_xlsx(tables: Sequence[Table]) -> bytes:
    """A workbook of one sheet per table, each laid out as ``table_xlsx`` lays out its one."""
    out = io.BytesIO()
    book = SafeWorkbook(out)
    formats = {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "head": book.add_format({"bold": True, "bg_color": "#F2F3F5", "border": 1}),
        "cell": book.add_format({"border": 1}),
        "dated": book.add_format({"border": 1, "num_format": "yyyy-mm-dd"}),
    }
    for table in tables:
        _write_table(book.add_sheet(table.sheet), table, formats)
    book.close()
    return out.getvalue()


def _write_table(page: SafeSheet, table: Table, formats: dict[str, Any]) -> None:
    page.text(0, 0, table.title, formats["title"])
    page.row(2, 0, table.headers, formats["head"])
    for r, row in enumerate(table.rows, start=3):
        for c, value in enumerate(row):
            page.cell(
                r, c, value, formats["dated"] if hasattr(value, "isoformat") else formats["cell"]
            )
    page.layout.set_column(0, max(len(table.headers) - 1, 0), 16)
    page.layout.freeze_panes(3, 0)
