"""The alert list as an Excel file, through the one spreadsheet writer (text never becomes a
formula)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from io import BytesIO

from dangjian.alerts.models import Alert
from dangjian.core.spreadsheet import SafeWorkbook

HEADER = ["预警类型", "严重程度", "党组织", "对象", "说明", "依据", "首次发现", "最近发现",
          "解除日期", "状态"]  # fmt: skip


def alerts_xlsx(alerts: Iterable[Alert], on: date) -> bytes:
    """One alert a row, as the list shows it (``alerts`` read with their organisation)."""
    out = BytesIO()
    book = SafeWorkbook(out, constant_memory=True)
    head = book.add_format({"bold": True})
    sheet = book.add_sheet("预警清单")
    sheet.row(0, 0, [f"智能研判预警清单（导出日期{on:%Y-%m-%d}）"], head)
    sheet.row(1, 0, HEADER, head)
    for n, a in enumerate(alerts, start=2):
        sheet.row(n, 0, [a.get_kind_display(), a.get_severity_display(), a.organization.name,
                         a.subject_label, a.detail, a.basis,
                         a.first_seen, a.last_seen, a.resolved_on,
                         "未解除" if a.is_open else "已解除"])  # fmt: skip
    book.close()
    return out.getvalue()
