"""Exports: the month sheet and a member's year as .xlsx, the 公示 sheet as PDF (WeasyPrint,
CJK font installed on the server, no external URL)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from dangjian.core.spreadsheet import SafeWorkbook
from dangjian.dues.selectors import MemberYear, MonthSheet

SHEET_HEADERS = ("序号", "姓名", "所在组织", "党费类别", "党费基数", "应交", "实交", "交纳日期", "方式", "交纳人", "收据号", "状态")  # fmt: skip


def _workbook(
    title: str, headers: Sequence[str], rows: list[list[Any]], footer: list[Any]
) -> bytes:
    out = io.BytesIO()
    book = SafeWorkbook(out)
    sheet = book.add_sheet("党费")
    bold = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "bg_color": "#F2F3F5", "border": 1})
    money = book.add_format({"num_format": "0.00", "border": 1})
    cell = book.add_format({"border": 1})
    sheet.text(0, 0, title, bold)
    sheet.row(2, 0, headers, head)
    for r, row in enumerate([*rows, footer], start=3):
        for c, value in enumerate(row):
            sheet.cell(r, c, value, money if isinstance(value, float) else cell)
    sheet.layout.set_column(0, len(headers) - 1, 14)
    sheet.layout.freeze_panes(3, 0)
    book.close()
    return out.getvalue()


def _money(value: Any) -> float | str:
    return "" if value is None else float(value)


def month_sheet_xlsx(sheet: MonthSheet) -> bytes:
    rows = [
        [
            i, e.member.name, e.organization.name, e.get_category_display(), _money(e.base),
            _money(e.due_total), float(e.paid_total), e.paid_on.isoformat() if e.paid_on else "",
            e.get_method_display(), _payer(e), e.receipt_no, e.state,
        ]
        for i, e in enumerate(sheet.rows, start=1)
    ]  # fmt: skip
    t = sheet.totals
    rate = f"交纳率{t.rate}%" if t.rate is not None else ""
    footer = [
        "合计",
        f"{t.members}人",
        "",
        "",
        "",
        float(t.due),
        float(t.paid),
        "",
        "",
        "",
        "",
        rate,
    ]
    title = f"{sheet.organization.name}{sheet.month.label}党费收缴台账"
    return _workbook(title, SHEET_HEADERS, rows, footer)


def _payer(e: Any) -> str:
    if e.payer_kind == "proxy":
        return f"代缴（{e.payer_name}）"
    return "本人" if e.payer_kind else ""


def member_year_xlsx(data: MemberYear) -> bytes:
    headers = ("月份", "所在组织", "党费基数", "应交", "实交", "交纳日期", "状态", "计算说明")
    rows: list[list[Any]] = []
    for mm in data.months:
        e, x = mm.entry, mm.explanation
        if e is None or x is None:
            rows.append([mm.month.label, "", "", "", "", "", "无台账记录", ""])
            continue
        why = "；".join([*x.base_lines, *x.amount_lines, *x.adjustment_lines])
        paid_on = e.paid_on.isoformat() if e.paid_on else ""
        rows.append(
            [
                mm.month.label,
                e.organization.name,
                _money(e.base),
                _money(e.due_total),
                float(e.paid_total),
                paid_on,
                e.state,
                why,
            ]
        )
    t = data.totals
    footer = ["全年合计", "", "", float(t.due), float(t.paid), "", "", ""]
    return _workbook(f"{data.member.name}{data.year}年党费交纳情况", headers, rows, footer)


def publicity_pdf(sheet: MonthSheet) -> bytes:
    """The 公示 sheet: names and amounts only (no personal numbers), rendered without any URL."""
    from weasyprint import HTML

    printed: datetime = timezone.localtime()
    html = render_to_string("dues/publicity.html", {"sheet": sheet, "printed": printed})
    pdf: bytes = HTML(string=html, base_url=None, url_fetcher=_no_fetch).write_pdf()
    return pdf


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"公示表不加载外部资源：{url}")
