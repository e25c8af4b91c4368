"""The payroll import's template: the columns the importer finds by name, typical item columns,
and a help sheet (skipped by the importer). Written through ``core.spreadsheet``."""

from __future__ import annotations

from typing import IO

from dangjian.core.spreadsheet import TEXT_FORMAT, SafeWorkbook

PAYROLL_SHEET = "工资表"
HELP_SHEET = "填写说明"  # payroll_import leaves this sheet out
# (header, width, text column): the three the importer finds by name, then typical items.
PAYROLL_TEMPLATE_COLUMNS: tuple[tuple[str, int, bool], ...] = (
    ("公民身份号码", 21, True),
    ("姓名", 10, True),
    ("月份", 10, True),
    ("基本工资", 12, False),
    ("岗位工资", 12, False),
    ("绩效奖金", 12, False),
    ("津贴补贴", 12, False),
    ("加班费", 12, False),
    ("个人所得税", 12, False),
    ("养老保险个人", 12, False),
    ("医疗保险个人", 12, False),
    ("住房公积金个人", 14, False),
)
PAYROLL_NOTES = (
    "1. 每行填写一名党员一个月的工资；“公民身份号码”“姓名”两列必填，须与党员档案一致。",
    "2. 公民身份号码列须保持“文本”格式：Excel把长数字改为科学计数法后末几位会丢失，无法恢复。",
    "3. “月份”填写如2024-07；表中没有“月份”列时，在导入页面选择工资月份。",
    "4. 其余每列一个工资项目，金额以元为单位、最多两位小数（公式的结果按Excel显示的数值读取）；"
    "可以增删、改名。首次出现的列在导入时选择一次类别（计入、不计入或扣除），以后自动沿用。",
    "5. 有任何一行未通过校验时，默认不导入任何数据；同一文件重复导入不会改变任何数据。",
)


def write_payroll_template(target: IO[bytes]) -> None:
    """An empty payroll sheet with its headers, and the help sheet."""
    book = SafeWorkbook(target)
    header = book.add_format({"bold": True, "bg_color": "#FDE9D9", "border": 1})
    text = book.add_format({"num_format": TEXT_FORMAT})
    sheet = book.add_sheet(PAYROLL_SHEET)
    sheet.layout.freeze_panes(1, 0)
    for index, (name, width, is_text) in enumerate(PAYROLL_TEMPLATE_COLUMNS):
        sheet.layout.set_column(index, index, width, text if is_text else None)
        sheet.text(0, index, name, header)
    notes = book.add_sheet(HELP_SHEET)
    notes.layout.set_column(0, 0, 100)
    notes.column(0, 0, list(PAYROLL_NOTES))
    book.close()
