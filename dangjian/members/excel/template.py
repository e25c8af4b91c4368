"""The downloadable import templates (xlsxwriter): headers, an example row, drop-down lists, help.

The example row shows valid values (an organisation the downloading user may manage, a valid ID
number), shaded grey. The importer recognises it (``is_example_member`` / ``is_example_org``) and
skips it with a notice, so a template returned with the example still in imports nothing from it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from dangjian.core.spreadsheet import DATE_FORMAT, TEXT_FORMAT, SafeSheet, SafeWorkbook
from dangjian.members.excel.columns import (
    EXAMPLE_BIRTH,
    EXAMPLE_ID_NUMBER,
    EXAMPLE_MEMBER_NAME,
    EXAMPLE_ORG_CODE,
    EXAMPLE_ORG_NAME,
    MEMBER_COLUMNS,
    ORG_COLUMNS,
    CellKind,
    Column,
)
from dangjian.members.excel.sheets import INSTRUCTIONS_SHEET, OPTIONS_SHEET, column_letter
from dangjian.orgs.models import Organization

MEMBER_SHEET = "党员信息"
ORG_SHEET = "党组织信息"
_VALIDATED_ROWS = 20_000
_MAX_ORG_CHOICES = 2_000


@dataclass(frozen=True)
class _Formats:
    header: Any
    required: Any
    text: Any
    date: Any
    wrap: Any
    example_text: Any  # the example row: grey, so it reads as an example
    example_date: Any
    example: Any


def _formats(book: SafeWorkbook) -> _Formats:
    base = {"border": 1, "valign": "vcenter", "text_wrap": True}
    grey = {"font_color": "#808080", "italic": True, "bg_color": "#F2F2F2"}
    return _Formats(
        header=book.add_format({**base, "bold": True, "bg_color": "#F2DCDB"}),
        required=book.add_format(
            {**base, "bold": True, "bg_color": "#F2DCDB", "font_color": "#C00000"}
        ),
        text=book.add_format({"num_format": TEXT_FORMAT}),
        date=book.add_format({"num_format": DATE_FORMAT}),
        wrap=book.add_format({"text_wrap": True, "valign": "top"}),
        example_text=book.add_format({**grey, "num_format": TEXT_FORMAT}),
        example_date=book.add_format({**grey, "num_format": DATE_FORMAT}),
        example=book.add_format(grey),
    )  # fmt: skip


def example_member_row(branch: Organization | None) -> dict[str, Any]:
    """The example row of the member template, by field."""
    return {
        "name": EXAMPLE_MEMBER_NAME, "gender": "男", "ethnicity": "汉族", "birth_date": EXAMPLE_BIRTH,
        "id_number": EXAMPLE_ID_NUMBER, "phone": "13800138000",
        "native_place": "北京市东城区", "education": "大学本科", "occupation": "专业技术人员",
        "job_title": "工程师", "work_unit": "示例单位", "address": "北京市东城区示例路1号",
        "applied_on": date(2008, 3, 1), "joined_on": date(2010, 7, 1),
        "confirmed_on": date(2011, 7, 1), "stage": "正式党员",
        "dues_category": "在职（按月领取工资）",
        "organization_id": branch.code if branch else "", "party_group_id": "",
        "is_floating": "否", "floating_to": "", "lost_contact_since": None,
        "in_difficulty": "否", "is_leading_cadre": "否",
    }  # fmt: skip


def example_org_row(parent: Organization | None) -> dict[str, Any]:
    return {
        "name": EXAMPLE_ORG_NAME, "short_name": "示例支部", "code": EXAMPLE_ORG_CODE, "kind": "党支部",
        "parent_id": parent.code if parent else "", "unit_name": "示例单位",
        "unit_type": "国有独资企业", "unit_count": 1, "founded_on": date(2020, 7, 1),
        "approval_document": "示组〔2020〕1号", "is_retirees_branch": "否",
        "term_started_on": date(2023, 7, 1),
    }  # fmt: skip


def write_member_template(
    target: IO[bytes], *, example_branch: Organization | None, branches: Sequence[Organization]
) -> None:
    extra = {"organization_id": _org_labels(branches)}
    _write_template(target, MEMBER_SHEET, MEMBER_COLUMNS, example_member_row(example_branch), extra)


def write_org_template(target: IO[bytes], *, example_parent: Organization | None) -> None:
    _write_template(
        target, ORG_SHEET, ORG_COLUMNS, example_org_row(example_parent), {}, notes=ORG_NOTES
    )


def _org_labels(orgs: Sequence[Organization]) -> list[str]:
    """Names for the drop-down; a name shared by two organisations is listed by code instead."""
    counts = Counter(o.name for o in orgs)
    return [o.name if counts[o.name] == 1 else o.code for o in orgs[:_MAX_ORG_CHOICES]]


def _write_template(
    target: IO[bytes],
    sheet_name: str,
    columns: tuple[Column, ...],
    example: dict[str, Any],
    extra_lists: dict[str, list[str]],
    *,
    notes: tuple[str, ...] = (),
) -> None:
    book = SafeWorkbook(target)
    formats = _formats(book)
    sheet = book.add_sheet(sheet_name)
    help_sheet = book.add_sheet(INSTRUCTIONS_SHEET)
    options = book.add_sheet(OPTIONS_SHEET)
    _write_headers(sheet, columns, formats)
    _write_example(sheet, columns, example, formats)
    _add_lists(sheet, options, columns, extra_lists)
    _write_help(help_sheet, sheet_name, columns, formats, notes or MEMBER_NOTES)
    options.layout.hide()
    book.close()


def _write_headers(sheet: SafeSheet, columns: tuple[Column, ...], formats: _Formats) -> None:
    sheet.layout.freeze_panes(1, 0)
    sheet.layout.set_row(0, 30)
    for index, column in enumerate(columns):
        cell_format = formats.text if column.kind in (CellKind.ID_NUMBER, CellKind.TEXT) else None
        if column.kind is CellKind.DATE:
            cell_format = formats.date
        sheet.layout.set_column(index, index, column.width, cell_format)
        sheet.text(0, index, column.header, formats.required if column.required else formats.header)
        if column.help:
            sheet.layout.write_comment(0, index, column.help, {"x_scale": 2, "y_scale": 1.5})


def _write_example(
    sheet: SafeSheet, columns: tuple[Column, ...], example: dict[str, Any], formats: _Formats
) -> None:
    for index, column in enumerate(columns):
        value = example.get(column.field)
        if isinstance(value, date):
            sheet.day(1, index, value, formats.example_date)
        elif isinstance(value, int):
            sheet.number(1, index, value, formats.example)
        elif value:
            sheet.text(1, index, str(value), formats.example_text)


def _add_lists(
    sheet: SafeSheet,
    options: SafeSheet,
    columns: tuple[Column, ...],
    extra_lists: dict[str, list[str]],
) -> None:
    """Drop-downs whose values live on the hidden options sheet (inline lists are capped at 255)."""
    for index, column in enumerate(columns):
        values = column.labels if column.kind is CellKind.CHOICE else extra_lists.get(column.field)
        if column.kind is CellKind.BOOL:
            values = ["是", "否"]
        if not values:
            continue
        options.text(0, index, column.header)
        options.column(1, index, [str(v) for v in values])
        letter = column_letter(index)
        source = f"='{OPTIONS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
        strict = column.kind is not CellKind.ORG  # an organisation may also be given by code
        sheet.layout.data_validation(1, index, _VALIDATED_ROWS, index, {
            "validate": "list", "source": source,
            "error_type": "stop" if strict else "information",
            "error_title": column.header, "error_message": f"请从下拉列表中选择{column.header}",
        })  # fmt: skip


_FIRST_NOTES = (
    "在“{sheet}”工作表中从第2行起每行填写一条记录；"
    "第2行（灰色）是示例，导入时自动跳过，可以删除，也可以保留。",
    "红色表头为必填列；不要修改、删除表头，可以删除不需要的选填列。",
)
_REJECTED_NOTE = (
    "有任何一行未通过校验时，默认不导入任何数据；也可在上传时勾选“只导入校验通过的行”。"
)
MEMBER_NOTES = (
    *_FIRST_NOTES,
    "公民身份号码列须保持“文本”格式：Excel把长数字改为科学计数法后末几位会丢失，无法恢复。",
    _REJECTED_NOTE,
    "同一文件可以重复导入：已有党员按公民身份号码匹配，未变化的行不会改动。",
)
ORG_NOTES = (
    *_FIRST_NOTES,
    "组织代码全系统唯一；上级组织代码填写已有党组织或本表前面行中党组织的组织代码，顶层党委留空。",
    _REJECTED_NOTE,
    "同一文件可以重复导入：已有党组织按组织代码匹配，未变化的行不会改动。",
)


def _write_help(
    sheet: SafeSheet,
    data_sheet: str,
    columns: tuple[Column, ...],
    formats: _Formats,
    texts: tuple[str, ...],
) -> None:
    notes = [f"{n}. {text.format(sheet=data_sheet)}" for n, text in enumerate(texts, start=1)]
    sheet.layout.set_column(0, 0, 16)
    sheet.layout.set_column(1, 1, 8)
    sheet.layout.set_column(2, 3, 60)
    for row, note in enumerate(notes):
        sheet.merged_text((row, 0), (row, 3), note, formats.wrap)
    top = len(notes) + 1
    sheet.row(top, 0, ("列名", "是否必填", "填写说明", "可选值"), formats.header)
    for offset, column in enumerate(columns, start=top + 1):
        choices = "、".join(column.labels) if column.kind is CellKind.CHOICE else ""
        sheet.row(offset, 0, [column.header, "必填" if column.required else "选填"])
        sheet.text(offset, 2, column.help, formats.wrap)
        sheet.text(offset, 3, choices, formats.wrap)
