"""Excel documents of the workflows: one titled table through ``core.spreadsheet`` (the one
writer allowed, which keeps every text a text cell)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from dangjian.core.spreadsheet import SafeWorkbook


def table_xlsx(
    title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str = "Sheet1"
) -> bytes:
    """A workbook of one sheet: the title in A1, the headers on row 3, the rows below.

    Values are written by their type (text, number, date, 是/否); none becomes a formula.
    """
    out = io.BytesIO()
    book = SafeWorkbook(out)
    page = book.add_sheet(sheet)
    page.text(0, 0, title, book.add_format({"bold": True, "font_size": 14}))
    page.row(2, 0, headers, book.add_format({"bold": True, "bg_color": "#F2F3F5", "border": 1}))
    cell = book.add_format({"border": 1})
    dated = book.add_format({"border": 1, "num_format": "yyyy-mm-dd"})
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row):
            page.cell(r, c, value, dated if hasattr(value, "isoformat") else cell)
    page.layout.set_column(0, max(len(headers) - 1, 0), 16)
    page.layout.freeze_panes(3, 0)
    book.close()
    return out.getvalue()
