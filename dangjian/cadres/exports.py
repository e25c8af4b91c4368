"""Excel downloads of the cadre database, through the one spreadsheet writer."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from io import BytesIO
from typing import Any

from dangjian.cadres.models import PostLevel
from dangjian.cadres.party_posts import party_posts_on
from dangjian.cadres.selectors import Analysis
from dangjian.core.spreadsheet import SafeWorkbook


def analysis_xlsx(analysis: Analysis) -> bytes:
    """The analysis as a workbook: one sheet per part, the counts and the lists behind them."""
    out = BytesIO()
    book = SafeWorkbook(out)
    head = book.add_format({"bold": True})
    summary = book.add_sheet("结构分析")
    summary.row(
        0, 0, [f"干部队伍结构分析（截至{analysis.on:%Y-%m-%d}，共{analysis.total}人）"], head
    )
    at = 2
    for title, counts in (("年龄结构", analysis.ages), ("学历结构", analysis.education),
                          ("任现职年限", analysis.tenure), ("性别", analysis.gender),
                          ("职务层级", analysis.levels)):  # fmt: skip
        summary.row(at, 0, [title, "人数"], head)
        for label, n in counts.items():
            at += 1
            summary.row(at, 0, [label, n])
        at += 2
    summary.row(at, 0, ["到龄退休", "人数"], head)
    for years, n in analysis.retiring.items():
        at += 1
        summary.row(at, 0, [f"{years}年内", n])
    summary.row(at + 1, 0, ["已到退休年龄", analysis.retired])
    retired = book.add_sheet("已到退休年龄")
    retired.row(0, 0, ["姓名", "性别", "所在党组织", "到龄日期"], head)
    for n, p in enumerate(analysis.retired_people, start=1):
        retired.row(n, 0, [p["name"], p["gender"], p["organization"], p["retires_on"]])
    retiring = book.add_sheet("三年内到龄退休")
    retiring.row(0, 0, ["姓名", "性别", "所在党组织", "到龄日期"], head)
    for n, p in enumerate(analysis.retiring_people, start=1):
        retiring.row(n, 0, [p["name"], p["gender"], p["organization"], p["retires_on"]])
    posts = book.add_sheet("无后备干部的岗位")
    posts.row(0, 0, ["单位（部门）", "职务", "职务层级", "现任人数"], head)
    for n, p in enumerate(analysis.posts_without_reserve, start=1):
        posts.row(n, 0, [p["unit"], p["title"], p["level"], p["holders"]])
    committees = book.add_sheet("班子性别年龄结构")
    bands = list(analysis.committees[0]["bands"]) if analysis.committees else []
    committees.row(0, 0, ["党组织", "班子人数", "男", "女", *bands, "最大年龄", "最小年龄"], head)
    for n, c in enumerate(analysis.committees, start=1):
        committees.row(n, 0, [c["organization"], c["size"], c["men"], c["women"],
                              *c["bands"].values(), c["oldest_age"], c["youngest_age"]])  # fmt: skip
    book.close()
    return out.getvalue()


LIST_HEADER = ["姓名", "性别", "出生日期", "所在党组织", "现任职务", "职务层级", "任职时间",
               "党内职务", "退休年龄"]  # fmt: skip


def cadre_list_xlsx(cadres: Iterable[Any], on: date) -> bytes:
    """The cadre list (``selectors.cadre_list_export`` rows) as on the page, one cadre a row:
    the main post, the committee posts held on ``on``, 已到退休年龄 when reached that day."""
    rows = list(cadres)
    held = party_posts_on(rows, on)
    levels = dict(PostLevel.choices)
    out = BytesIO()
    book = SafeWorkbook(out)
    head = book.add_format({"bold": True})
    sheet = book.add_sheet("干部名单")
    sheet.row(0, 0, [f"在任干部名单（截至{on:%Y-%m-%d}，共{len(rows)}人）"], head)
    sheet.row(1, 0, LIST_HEADER, head)
    for n, c in enumerate(rows, start=2):
        sheet.row(n, 0, [c.name, c.get_gender_display(), c.birth_date, c.organization.name,
                         f"{c.post_unit or ''}{c.post_title or ''}",
                         levels.get(c.post_level or "", ""), c.post_since,
                         "、".join(p.text for p in held.get(c.pk, [])),
                         "已到退休年龄" if c.past_retirement else ""])  # fmt: skip
    book.close()
    return out.getvalue()
