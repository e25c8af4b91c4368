"""Turning the cells of one data row into typed values, collecting a reason per bad cell."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from dangjian.members.excel.cells import CellError, Reader, cell_reader, is_blank
from dangjian.members.excel.columns import Column
from dangjian.members.excel.report import Outcome, Problem, RowReport
from dangjian.members.excel.sheets import SheetTable
from dangjian.members.inputs import FIELD_LABELS

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
            header = labels.get(field_name) or FIELD_LABELS.get(field_name, "")
            result.extend(
                Problem(self.table.name, self.number, letter, header, m) for m in messages
            )
        return result

    def report(self, outcome: Outcome, label: str, labels: dict[str, str]) -> RowReport:
        problems = self.problems(labels) if outcome is Outcome.REJECTED else []
        return RowReport(self.table.name, self.number, outcome, label, problems)


def header_labels(columns: tuple[Column, ...]) -> dict[str, str]:
    return {c.field: c.header for c in columns}


def parse_rows(tables: list[SheetTable], columns: tuple[Column, ...]) -> Iterator[ParsedRow]:
    readers = {c.field: cell_reader(c) for c in columns}
    for table in tables:
        present = [(i, c, readers[c.field]) for i, c in table.columns.items()]
        for number, cells in table.rows:
            yield _parse(table, number, cells, present)


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
