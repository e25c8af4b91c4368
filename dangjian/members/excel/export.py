"""Writing a member list to .xlsx: the template's columns plus 党籍状态, 年龄 and 党龄.

Rows are streamed (xlsxwriter constant_memory), so a list of any size uses little memory. ID and
phone numbers are masked unless the reader may reveal that member's personal data. Text columns
(ID and phone numbers among them) are text-formatted, so a roster edited in Excel and imported
again keeps an ID number ending in X and a phone number's leading zero. Cells are written
through ``SafeSheet``: no name can become a formula.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from dangjian.core.spreadsheet import TEXT_FORMAT, CellFormat, SafeSheet, SafeWorkbook
from dangjian.members.choices import Status
from dangjian.members.excel.columns import EXPORT_EXTRA_HEADERS, MEMBER_COLUMNS, CellKind, Column
from dangjian.members.models import Member
from dangjian.rules.dates import age_on
from dangjian.rules.idcard import mask_id_number, mask_phone
from dangjian.rules.statistics import party_standing_years

EXPORT_SHEET = "党员名册"
HEADERS = tuple(c.header for c in MEMBER_COLUMNS) + EXPORT_EXTRA_HEADERS
_STATUS_LABELS = dict(Status.choices)


@dataclass(frozen=True)
class ExportResult:
    rows: int
    revealed: int  # rows written with full ID and phone numbers


def _labels(column: Column) -> dict[str, str]:
    return dict(column.choices)


_CHOICE_LABELS = {c.field: _labels(c) for c in MEMBER_COLUMNS if c.kind is CellKind.CHOICE}


def _cell(member: Member, column: Column, reveal: bool) -> Any:
    value = getattr(member, column.field)
    if column.field == "id_number":
        return (value or "") if reveal else mask_id_number(value or "")
    if column.field == "phone":
        return (value or "") if reveal or not value else mask_phone(value)
    if column.field == "organization_id":
        return member.organization.name
    if column.field == "party_group_id":
        return member.party_group.name if member.party_group else ""
    if column.kind is CellKind.BOOL:
        return "是" if value else "否"
    if column.kind is CellKind.CHOICE:
        return _CHOICE_LABELS[column.field].get(value, value)
    return value if value is not None else ""


def member_row(member: Member, on: date, reveal: bool) -> list[Any]:
    """One member as the cells of an export row."""
    cells = [_cell(member, column, reveal) for column in MEMBER_COLUMNS]
    years = party_standing_years(member.confirmed_on, on)
    extra = [_STATUS_LABELS.get(member.status, member.status), age_on(member.birth_date, on)]
    return [*cells, *extra, years if years is not None else ""]


def write_member_export(
    target: IO[bytes],
    members: Iterable[Member],
    *,
    on: date,
    may_reveal: Callable[[Member], bool],
) -> ExportResult:
    book = SafeWorkbook(target, constant_memory=True)
    header = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    sheet = book.add_sheet(EXPORT_SHEET)
    formats = _column_formats(book)
    for index, column in enumerate(MEMBER_COLUMNS):
        sheet.layout.set_column(index, index, column.width, formats[index])
    sheet.row(0, 0, HEADERS, header)
    sheet.layout.freeze_panes(1, 0)
    rows = revealed = 0
    for member in members:
        reveal = may_reveal(member)
        rows += 1
        revealed += reveal
        _write_row(sheet, rows, member_row(member, on, reveal), formats)
    book.close()
    return ExportResult(rows=rows, revealed=revealed)


def _column_formats(book: SafeWorkbook) -> list[CellFormat | None]:
    """Per template column: dates as dates, every text column (ID, phone...) as text ("@")."""
    text = book.add_format({"num_format": TEXT_FORMAT})
    kinds = {CellKind.DATE: book.date, CellKind.INT: None}
    return [kinds.get(column.kind, text) for column in MEMBER_COLUMNS]


def _write_row(
    sheet: SafeSheet, row: int, cells: list[Any], formats: list[CellFormat | None]
) -> None:
    width = len(formats)
    for index, value in enumerate(cells):
        sheet.cell(row, index, value, formats[index] if index < width else None)
