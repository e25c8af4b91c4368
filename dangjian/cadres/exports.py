"""Excel downloads of the cadre database, through the one spreadsheet writer."""

from __future__ import annotations

from io import BytesIO

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
