"""Opening an uploaded workbook with python-calamine and finding the header row of each sheet."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import python_calamine
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from dangjian.members.excel.cells import is_blank
from dangjian.members.excel.columns import HEADER_ALIASES, Column, normalize
from dangjian.members.excel.report import ImportReport, Outcome, Problem, RowReport

INSTRUCTIONS_SHEET = "填写说明"
OPTIONS_SHEET = "选项"
_SKIPPED_SHEETS = frozenset({INSTRUCTIONS_SHEET, OPTIONS_SHEET})
_HEADER_SEARCH_ROWS = 10


class ImportFileError(Exception):
    """The upload cannot be read as a workbook at all; the message is for the user."""


@dataclass
class SheetTable:
    """The data rows of one sheet, with each column index mapped to its template column."""

    name: str
    header_row: int  # as Excel shows it
    columns: dict[int, Column]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (Excel row, cells)

    @property
    def fields(self) -> set[str]:
        return {c.field for c in self.columns.values()}

    def letter_of(self, field_name: str) -> str:
        for index, column in self.columns.items():
            if column.field == field_name:
                return column_letter(index)
        return ""


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def open_workbook(source: IO[bytes] | Path) -> CalamineWorkbook:
    try:
        if isinstance(source, Path):
            return CalamineWorkbook.from_path(str(source))
        return CalamineWorkbook.from_filelike(source)
    except python_calamine.PasswordError:
        raise ImportFileError("文件设置了密码，请取消密码保护后重新上传") from None
    except (python_calamine.CalamineError, OSError, ValueError):
        raise ImportFileError(
            "无法读取该文件：不是有效的Excel（.xlsx）文件，或文件已损坏"
        ) from None


def _data_sheets(workbook: CalamineWorkbook) -> Iterator[tuple[str, list[list[Any]]]]:
    for meta in workbook.sheets_metadata:
        if meta.name in _SKIPPED_SHEETS or meta.visible != SheetVisibleEnum.Visible:
            continue
        try:
            cells = workbook.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
        except python_calamine.CalamineError:
            raise ImportFileError(f"工作表“{meta.name}”已损坏，无法读取") from None
        yield meta.name, cells


def read_tables(
    workbook: CalamineWorkbook, columns: tuple[Column, ...], report: ImportReport
) -> list[SheetTable]:
    """Each usable sheet as a table. Sheets that cannot be used are rejected in ``report``."""
    tables: list[SheetTable] = []
    for name, cells in _data_sheets(workbook):
        rows = [(i + 1, row) for i, row in enumerate(cells) if not all(is_blank(v) for v in row)]
        if not rows:
            continue
        table = _table(name, rows, columns, report)
        if table is not None:
            tables.append(table)
    if not tables and not report.rows:
        raise ImportFileError("文件中没有找到可导入的数据：请使用导入模板，表头放在第一行")
    return tables


def _table(
    name: str, rows: list[tuple[int, list[Any]]], columns: tuple[Column, ...], report: ImportReport
) -> SheetTable | None:
    by_header = {c.header: c for c in columns}
    header_at = _find_header(rows, by_header)
    if header_at is None:
        expected = "、".join(c.header for c in columns if c.required)
        _reject_sheet(report, name, rows[0][0], f"未找到表头，表头行应包含：{expected}")
        return None
    header_row, headers = rows[header_at]
    table = SheetTable(name, header_row, _map_headers(name, header_row, headers, by_header, report))
    missing = [c.header for c in columns if c.required and c.field not in table.fields]
    if missing:
        _reject_sheet(
            report, name, header_row, f"缺少必填列：{'、'.join(missing)}，整张工作表未导入"
        )
        return None
    table.rows = rows[header_at + 1 :]
    return table


def _header_text(value: Any) -> str:
    text = normalize(str(value)).replace("*", "").replace("(必填)", "")
    return HEADER_ALIASES.get(text, text)


def _find_header(rows: list[tuple[int, list[Any]]], by_header: dict[str, Column]) -> int | None:
    for position, (_number, cells) in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        if sum(_header_text(v) in by_header for v in cells) >= 2:
            return position
    return None


def _map_headers(
    sheet: str,
    header_row: int,
    headers: list[Any],
    by_header: dict[str, Column],
    report: ImportReport,
) -> dict[int, Column]:
    mapped: dict[int, Column] = {}
    seen: dict[str, str] = {}
    for index, value in enumerate(headers):
        if is_blank(value):
            continue
        letter, text = column_letter(index), _header_text(value)
        column = by_header.get(text)
        if column is None:
            report.notices.append(
                Problem(sheet, header_row, letter, str(value), "无法识别的列，已忽略")
            )
        elif column.header in seen:
            reason = f"与{seen[column.header]}列重复，只读取{seen[column.header]}列"
            report.notices.append(Problem(sheet, header_row, letter, str(value), reason))
        else:
            mapped[index] = column
            seen[column.header] = letter
    return mapped


def _reject_sheet(report: ImportReport, sheet: str, row: int, reason: str) -> None:
    problem = Problem(sheet, row, "", "", reason)
    report.rows.append(RowReport(sheet, row, Outcome.REJECTED, "（整张工作表）", [problem]))
