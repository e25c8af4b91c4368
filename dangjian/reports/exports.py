"""The annual tables and the builder's table as .xlsx (laid out like the official forms: title,
填报单位, 统计截止日期, 单位：人, merged two-row headers, borders) and the annual tables as PDF.

Written through ``core.spreadsheet.SafeWorkbook`` (the one writer, which keeps any text from
becoming a formula); the PDF is printed by WeasyPrint from ``reports/annual_pdf.html`` in the
CJK font, loading nothing but ``data:`` URIs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from django.template.loader import render_to_string
from django.utils import timezone

from dangjian.core.spreadsheet import SafeSheet, SafeWorkbook
from dangjian.documents.pdf import PDF_FONT
from dangjian.reports.tables import AnnualReport, Table
from dangjian.rules.annual_tables import MANUAL

HEADER_ROWS = 2
FIRST_HEADER_ROW = 4  # title, 填报单位, date/unit, an empty line, then the headers
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Formats:
    def __init__(self, book: SafeWorkbook) -> None:
        border = {"border": 1, "valign": "vcenter", "font_name": "宋体", "font_size": 10}
        self.title = book.add_format({"bold": True, "font_size": 16, "align": "center",
                                      "font_name": "黑体"})  # fmt: skip
        self.plain = book.add_format({"font_name": "宋体", "font_size": 10})
        self.head = book.add_format({**border, "bold": True, "align": "center",
                                     "text_wrap": True, "bg_color": "#F2F2F2"})  # fmt: skip
        self.label = book.add_format({**border, "align": "left"})
        self.number = book.add_format({**border, "align": "right"})
        self.manual = book.add_format({**border, "align": "center", "italic": True,
                                       "font_color": "#C00000"})  # fmt: skip


def write_tables(
    tables: Iterable[Table], unit: str, as_of: str, target: IO[bytes], *, source: str = ""
) -> None:
    """One sheet per table (named by its number), laid out like the official form; ``source``
    (where the figures come from, a frozen snapshot) is a line under each title."""
    book = SafeWorkbook(target)
    formats = _Formats(book)
    for table in tables:
        sheet = book.add_sheet(_sheet_name(table))
        _write_table(sheet, table, unit, as_of, formats)
        if source:
            sheet.text(1, len(table.columns), source, formats.plain)
    book.close()


def _sheet_name(table: Table) -> str:
    name = f"表{table.number} {table.title}"
    for bad in "[]:*?/\\":
        name = name.replace(bad, " ")
    return name[:31]


def _write_table(sheet: SafeSheet, table: Table, unit: str, as_of: str, f: _Formats) -> None:
    width = len(table.columns)  # plus the row-label column
    sheet.merged_text((0, 0), (0, width), f"表{table.number}  {table.title}", f.title)
    sheet.text(1, 0, f"填报单位：{unit}", f.plain)
    sheet.text(2, 0, f"统计截止日期：{as_of}", f.plain)
    sheet.text(2, width, "单位：人（个）", f.plain)
    top = FIRST_HEADER_ROW
    sheet.merged_text((top, 0), (top + 1, 0), "项目", f.head)
    _write_headers(sheet, table, top, f)
    for i, row in enumerate(table.rows, start=top + HEADER_ROWS):
        sheet.text(i, 0, row.label, f.label)
        for j, cell in enumerate(row.cells, start=1):
            if cell.value is None:
                sheet.text(i, j, MANUAL, f.manual)
            else:
                sheet.number(i, j, cell.value, f.number)
    last = top + HEADER_ROWS + len(table.rows)
    if table.note:
        sheet.text(last + 1, 0, f"说明：{table.note}", f.plain)
    sheet.layout.set_column(0, 0, 30)
    sheet.layout.set_column(1, width, 12)
    sheet.layout.freeze_panes(top + HEADER_ROWS, 1)


def _write_headers(sheet: SafeSheet, table: Table, top: int, f: _Formats) -> None:
    """The two header rows: a group heading merged over its columns, a lone column merged
    down both rows."""
    col = 1
    for text, span, depth in table.header_rows()[0]:
        if depth == 2:
            sheet.merged_text((top, col), (top + 1, col), text, f.head)
        elif span > 1:
            sheet.merged_text((top, col), (top, col + span - 1), text, f.head)
        else:
            sheet.text(top, col, text, f.head)
        col += span
    col = 1
    for column in table.columns:
        if column.group:
            sheet.text(top + 1, col, column.label, f.head)
        col += 1


def annual_pdf(report: AnnualReport) -> bytes:
    """The annual tables as one PDF, a table to a page."""
    from weasyprint import HTML  # imported here: only PDF downloads need it
    from weasyprint.urls import URLFetcher

    context: dict[str, Any] = {"report": report, "pdf_font": PDF_FONT, "manual": MANUAL,
                               "printed": timezone.localtime()}  # fmt: skip
    html = render_to_string("reports/annual_pdf.html", context)
    fetcher = URLFetcher(allowed_protocols={"data"})
    pdf = HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()
    assert isinstance(pdf, bytes)  # write_pdf without a target returns the bytes
    return pdf
