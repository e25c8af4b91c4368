"""The filtered audit log as an .xlsx file (written row by row to a temporary file).

Every cell is written as a string or a date, never as a formula, whatever it starts with.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from django.utils import timezone

from dangjian.core.audit_display import present
from dangjian.core.models import AuditLog
from dangjian.core.spreadsheet import SafeWorkbook

SHEET = "审计日志"
HEADERS = [
    "序号",
    "时间",
    "类别",
    "操作人",
    "来源地址",
    "操作",
    "对象",
    "结果",
    "变更",
    "说明",
    "请求",
]
WIDTHS = [8, 20, 10, 14, 16, 18, 30, 8, 50, 40, 40]
# An export is bounded like any other output: past this the filter must be narrowed.
MAX_ROWS = 200_000


def write_audit_export(target: IO[bytes], logs: Iterable[AuditLog]) -> int:
    """Write ``logs`` (at most MAX_ROWS) to ``target``; returns the number of rows written."""
    book = SafeWorkbook(target, constant_memory=True)
    head = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet = book.add_sheet(SHEET)
    for index, width in enumerate(WIDTHS):
        sheet.layout.set_column(index, index, width, wrap)
    sheet.row(0, 0, HEADERS, head)
    sheet.layout.freeze_panes(1, 0)
    count = 0
    for count, log in enumerate(logs, start=1):
        for column, value in enumerate(_cells(log)):
            sheet.text(count, column, value)  # always text, quote-prefixed where risky
        if count >= MAX_ROWS:
            break
    book.close()
    return count


def _cells(log: AuditLog) -> list[str]:
    row = present(log)
    changes = "\n".join(f"{c.label}：{c.before} → {c.after}" for c in row.changes)
    return [
        str(log.seq),
        f"{timezone.localtime(log.at):%Y-%m-%d %H:%M:%S}",
        log.get_category_display(),
        log.actor_name or "系统",
        log.source_ip,
        row.action,
        row.object,
        log.get_outcome_display(),
        changes,
        log.detail,
        log.request,
    ]
