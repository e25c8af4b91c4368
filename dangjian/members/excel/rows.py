"""Turning the cells of one data row into typed values, collecting a reason per bad cell."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dangjian.members.excel.cells import CellError, Reader, cell_reader, is_blank
from dangjian.members.excel.columns import Column
from dangjian.members.excel.mapping import ColumnMapping
from dangjian.members.excel.report import Outcome, Problem, RowReport
from dangjian.members.excel.sheets import SheetTable
from dangjian.members.inputs import FIELD_LABELS
from dangjian.rules.date_text import MonthOnly
from dangjian.rules.dates import format_cn_date
from dangjian.rules.idcard import IdNumberError, parse_id_number
from dangjian.rules.sources import readable_citations

Errors = dict[str, list[str]]


@dataclass
class ParsedRow:
    """One data row: typed values of the columns present, and what could not be read."""

    table: SheetTable
    number: int  # as Excel shows it
    values: dict[str, Any]
    errors: Errors = field(default_factory=dict)

    def add_error(self, field_name: str, message: str) -> None:
        self.errors.setdefault(field_name, []).append(message)

    def add_errors(self, errors: Errors) -> None:
        for field_name, messages in errors.items():
            for message in messages:
                self.add_error(field_name, message)

    def problems(self, labels: dict[str, str]) -> list[Problem]:
        result: list[Problem] = []
        for field_name, messages in self.errors.items():
            letter = self.table.letter_of(field_name)
            header = (
                self.table.header_of(field_name)
                or labels.get(field_name)
                or FIELD_LABELS.get(field_name, "")
            )
            result.extend(
                Problem(self.table.name, self.number, letter, header, readable_citations(m))
                for m in messages
            )
        return result

    def report(self, outcome: Outcome, label: str, labels: dict[str, str]) -> RowReport:
        problems = self.problems(labels) if outcome is Outcome.REJECTED else []
        return RowReport(self.table.name, self.number, outcome, label, problems)


def header_labels(columns: tuple[Column, ...]) -> dict[str, str]:
    return {c.field: c.header for c in columns}


def parse_rows(
    tables: list[SheetTable],
    columns: tuple[Column, ...],
    mapping: ColumnMapping | None = None,
) -> Iterator[ParsedRow]:
    """Each data row with typed values. With a ``mapping``: ambiguous values read as chosen,
    a field without a column takes the value chosen for the whole file, and a birth date
    written to the month (or left out) and a missing gender are taken from the ID number."""
    meanings = mapping.meanings if mapping else {}
    readers = {c.field: cell_reader(c, meanings.get(c.field)) for c in columns}
    by_field = {c.field: c for c in columns}
    for table in tables:
        present = [(i, c, readers[c.field]) for i, c in table.columns.items()]
        fixed = _fixed_values(table, mapping, by_field, readers)
        for number, cells in table.rows:
            row = _parse(table, number, cells, present)
            if mapping is not None:
                _complete(row, fixed)
            yield row


def _fixed_values(
    table: SheetTable,
    mapping: ColumnMapping | None,
    columns: dict[str, Column],
    readers: dict[str, Reader],
) -> dict[str, Any]:
    """The whole-file values of the fields this sheet has no column for (read like a cell)."""
    if mapping is None:
        return {}
    fixed: dict[str, Any] = {}
    for name, text in mapping.fixed.items():
        if name in columns and name not in table.fields and text:
            fixed[name] = readers[name](text)  # chosen from a list: a CellError is a bug
    return fixed


def _complete(row: ParsedRow, fixed: dict[str, Any]) -> None:
    for name, value in fixed.items():
        row.values.setdefault(name, value)
    birth = row.values.get("birth_date")
    if birth is not None and not isinstance(birth, MonthOnly) and "gender" in row.values:
        return
    if "id_number" in row.errors:
        return  # the ID number's own error is reported on its column
    try:
        idn = parse_id_number(str(row.values.get("id_number") or ""))
    except IdNumberError as exc:
        # The birth date or gender was to come from this number: say why it cannot.
        row.add_error("id_number", str(exc))
        return
    if birth is None or isinstance(birth, MonthOnly):
        _birth_from_id(row, birth, idn.birth_date)
    row.values.setdefault("gender", idn.gender)


def _birth_from_id(row: ParsedRow, written: MonthOnly | None, from_id: date) -> None:
    """ID-1: the ID number's birth date, when the month written (if any) agrees with it."""
    if written is None or written.holds(from_id):
        row.values["birth_date"] = from_id
        return
    row.add_error(
        "birth_date",
        f"出生日期“{written}”与公民身份号码中的出生日期{format_cn_date(from_id)}不一致，请核对",
    )


def _parse(
    table: SheetTable, number: int, cells: list[Any], present: list[tuple[int, Column, Reader]]
) -> ParsedRow:
    row = ParsedRow(table, number, {})
    width = len(cells)
    for index, column, read in present:
        value = cells[index] if index < width else ""
        if column.required and is_blank(value):
            row.add_error(column.field, f"{column.header}不能为空")
            continue
        try:
            row.values[column.field] = read(value)
        except CellError as exc:
            row.add_error(column.field, str(exc))
    return row
