"""Reading an uploaded workbook (bounded, see ``dangjian.core.workbook``) and finding the header
row of each sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from dangjian.core.workbook import ImportFileError, SheetRows, read_workbook
from dangjian.members.excel.cells import is_blank, read_text
from dangjian.members.excel.columns import HEADER_ALIASES, Column, normalize
from dangjian.members.excel.mapping import (
    COLUMNS_BY_FIELD,
    ColumnMapping,
    find_header_row,
    header_key,
    missing_fields,
)
from dangjian.members.excel.report import ImportReport, Outcome, Problem, RowReport

__all__ = ["ImportFileError", "SheetTable", "column_letter", "read_sheets", "read_tables"]

INSTRUCTIONS_SHEET = "填写说明"
OPTIONS_SHEET = "选项"
_SKIPPED_SHEETS = frozenset({INSTRUCTIONS_SHEET, OPTIONS_SHEET})
_HEADER_SEARCH_ROWS = 10


@dataclass
class SheetTable:
    """The data rows of one sheet, with each column index mapped to its template column."""

    name: str
    header_row: int  # as Excel shows it
    columns: dict[int, Column]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (Excel row, cells)
    texts: dict[int, str] = field(default_factory=dict)  # the file's own header, by index

    def header_of(self, field_name: str) -> str:
        """The file's own header of the column holding ``field_name`` ("" when none)."""
        for index, column in self.columns.items():
            if column.field == field_name:
                return self.texts.get(index, "")
        return ""

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


def read_sheets(source: IO[bytes] | Path | bytes) -> list[SheetRows]:
    """The visible data sheets of an upload (not the template's help and options sheets); a
    .csv file is one sheet."""
    return read_workbook(source, skip_sheets=_SKIPPED_SHEETS, visible_only=True, allow_csv=True)


def read_tables(
    sheets: list[SheetRows],
    columns: tuple[Column, ...],
    report: ImportReport,
    mapping: ColumnMapping | None = None,
) -> list[SheetTable]:
    """Each usable sheet as a table. Sheets that cannot be used are rejected in ``report``.

    With a ``mapping`` (the member import), headers are found and read through it, title rows
    above the header are passed over, and a required field without a column is only refused
    when the mapping gives it no value for the whole file.
    """
    tables: list[SheetTable] = []
    for sheet in sheets:
        if not sheet.rows:  # blank rows are already left out
            continue
        if mapping is not None:
            table = _mapped_table(sheet.name, sheet.rows, mapping, report)
            if table is not None:
                _layout_notices(sheet, table.header_row, report)
        else:
            table = _table(sheet.name, sheet.rows, columns, report)
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


def _mapped_table(
    name: str, rows: list[tuple[int, list[Any]]], mapping: ColumnMapping, report: ImportReport
) -> SheetTable | None:
    header_at = find_header_row(rows, mapping)
    if header_at is None:
        expected = "、".join(c.header for c in COLUMNS_BY_FIELD.values() if c.required)
        _reject_sheet(report, name, rows[0][0], f"未找到表头，表头行应包含：{expected}")
        return None
    header_row, headers = rows[header_at]
    columns = _columns_by_mapping(name, header_row, headers, mapping, report)
    texts = {i: read_text(headers[i])[:40] for i in columns}
    table = SheetTable(name, header_row, columns, texts=texts)
    missing = [f for f in missing_fields(table.fields) if f not in mapping.fixed]
    if missing:
        needed = "、".join(COLUMNS_BY_FIELD[f].header for f in missing)
        reason = (
            f"缺少必填列：{needed}。请在文件中加上这些列，或在列对应页面为整个文件选择一个值；"
            "整张工作表未导入"
        )
        _reject_sheet(report, name, header_row, reason)
        return None
    table.rows = rows[header_at + 1 :]
    return table


def _columns_by_mapping(
    sheet: str, header_row: int, headers: list[Any], mapping: ColumnMapping, report: ImportReport
) -> dict[int, Column]:
    mapped: dict[int, Column] = {}
    seen: dict[str, str] = {}
    ignored: list[tuple[str, str]] = []
    for index, value in enumerate(headers):
        if is_blank(value):
            continue
        letter, field_name = column_letter(index), mapping.field_of(header_key(value))
        if not field_name or field_name not in COLUMNS_BY_FIELD:
            ignored.append((letter, read_text(value)))
        elif field_name in seen:
            reason = f"与{seen[field_name]}列重复，只读取{seen[field_name]}列"
            report.notices.append(Problem(sheet, header_row, letter, str(value), reason))
        else:
            mapped[index] = COLUMNS_BY_FIELD[field_name]
            seen[field_name] = letter
    if ignored:
        report.notices.append(ignored_columns(sheet, header_row, ignored))
    return mapped


_PLACES_SHOWN = 5


def _places(places: list[str], total: int) -> str:
    shown = "、".join(places[:_PLACES_SHOWN])
    return f"{shown}等{total}处" if total > _PLACES_SHOWN else shown


def _layout_notices(sheet: SheetRows, header_row: int, report: ImportReport) -> None:
    """One notice per kind of layout below the header: hidden rows, merged cells."""
    hidden = [r for r in sheet.hidden_rows if r > header_row]
    if hidden:
        where = _places([f"第{r}行" for r in hidden], len(hidden))
        reason = f"有{len(hidden)}行是隐藏行，已照常读取：{where}"
        report.notices.append(Problem(sheet.name, hidden[0], "", "", reason))
    merged = sorted(m for m in sheet.merged if m[2] > header_row)
    if merged:
        refs = [f"{column_letter(c0)}{r0}:{column_letter(c1)}{r1}" for r0, c0, r1, c1 in merged]
        reason = (
            f"有{len(merged)}处合并单元格：合并区域只有第一个单元格有值，其余单元格按空白读取"
            f"（必填列因此可能报“不能为空”）：{_places(refs, len(merged))}"
        )
        report.notices.append(Problem(sheet.name, merged[0][0], "", "", reason))


def ignored_columns(sheet: str, row: int, ignored: list[tuple[str, str]]) -> Problem:
    """One notice for all the columns not imported: how many, and the first few by letter."""
    if len(ignored) == 1:
        letter, header = ignored[0]
        return Problem(sheet, row, letter, header, "无法识别或未选择对应字段的列，已忽略")
    shown = "、".join(f"{letter}列（{header[:20]}）" for letter, header in ignored[:_PLACES_SHOWN])
    more = f"等{len(ignored)}列" if len(ignored) > _PLACES_SHOWN else ""
    reason = f"{len(ignored)}列无法识别或未选择对应字段，已忽略：{shown}{more}"
    return Problem(sheet, row, "", "", reason)


def _reject_sheet(report: ImportReport, sheet: str, row: int, reason: str) -> None:
    problem = Problem(sheet, row, "", "", reason)
    report.rows.append(RowReport(sheet, row, Outcome.REJECTED, "（整张工作表）", [problem]))
