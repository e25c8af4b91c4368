"""The HR workbook template (干部信息月度更新模板.xlsx): the 干部信息 sheet and the record sheets
(培训记录, 奖惩情况, 后备干部), each with its header (required columns in red, a note on each),
drop-down lists for the coded columns, and a 填写说明 sheet the import skips."""

from __future__ import annotations

import io

from dangjian.cadres.hr_import import COLUMNS
from dangjian.cadres.hr_sheets import RECORD_SHEETS
from dangjian.core.spreadsheet import (
    DATE_FORMAT,
    TEXT_FORMAT,
    CellFormat,
    SafeSheet,
    SafeWorkbook,
)
from dangjian.members.excel.columns import CellKind, Column
from dangjian.members.excel.sheets import INSTRUCTIONS_SHEET

MAIN_SHEET = "干部信息"
_VALIDATED_ROWS = 5_000
NOTES = (
    "每张工作表从第2行起每行填写一条记录；不要修改表头，可以删除不需要的选填列和工作表。",
    "“干部信息”表每人一行，按公民身份号码匹配干部；其余各表每条记录一行，同一人可有多行。",
    "培训记录、奖惩情况、后备干部表中的干部须已在干部信息库中，或在本文件“干部信息”表中登记。",
    "导入前先预览全部变动；任何一行有错误，整份文件都不写入。同一文件重复导入不会产生变化。",
    "党纪处分以纪律处分记录为准，不在“奖惩情况”表中导入。",
    "公民身份号码列须保持“文本”格式：Excel把长数字改为科学计数法后末几位会丢失，无法恢复。",
)


def write_hr_template() -> bytes:
    """The template workbook as bytes."""
    out = io.BytesIO()
    book = SafeWorkbook(out)
    head = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True})
    required = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1,
                                "text_wrap": True, "font_color": "#C00000"})  # fmt: skip
    formats = {CellKind.DATE: book.add_format({"num_format": DATE_FORMAT}),
               CellKind.ID_NUMBER: book.add_format({"num_format": TEXT_FORMAT}),
               CellKind.TEXT: book.add_format({"num_format": TEXT_FORMAT})}  # fmt: skip
    sheets = ((MAIN_SHEET, COLUMNS), *((s.name, s.columns) for s in RECORD_SHEETS))
    for name, columns in sheets:
        sheet = book.add_sheet(name)
        for index, column in enumerate(columns):
            sheet.layout.set_column(index, index, column.width, formats.get(column.kind))
            sheet.text(0, index, column.header, required if column.required else head)
            if column.help:
                sheet.layout.write_comment(0, index, column.help, {"x_scale": 2})
            _choices(sheet, index, column)
        sheet.layout.freeze_panes(1, 0)
    _instructions(book.add_sheet(INSTRUCTIONS_SHEET), sheets, head)
    book.close()
    return out.getvalue()


def _choices(sheet: SafeSheet, index: int, column: Column) -> None:
    values = column.labels if column.kind is CellKind.CHOICE else []
    if column.kind is CellKind.BOOL:
        values = ["是", "否"]
    if values:
        sheet.layout.data_validation(1, index, _VALIDATED_ROWS, index, {
            "validate": "list", "source": values, "error_title": column.header,
            "error_message": f"请从下拉列表中选择{column.header}",
        })  # fmt: skip


def _instructions(
    notes: SafeSheet, sheets: tuple[tuple[str, tuple[Column, ...]], ...], head: CellFormat
) -> None:
    row = 0
    for row, text in enumerate(NOTES):
        notes.text(row, 0, f"{row + 1}. {text}")
    row += 2
    notes.row(row, 0, ("工作表", "列名", "是否必填", "填写说明"), head)
    for name, columns in sheets:
        for column in columns:
            row += 1
            notes.row(row, 0, (name, column.header, "必填" if column.required else "", column.help))
    notes.layout.set_column(0, 0, 14)
    notes.layout.set_column(1, 1, 16)
    notes.layout.set_column(3, 3, 60)
