"""Excel export of the year's class-hour completion by branch (formulas neutralised by the
shared writer)."""

from __future__ import annotations

from dangjian.documents.excel import table_xlsx
from dangjian.rules.study import hours_text
from dangjian.study.selectors import BranchCompletion

HEADERS = ("党支部", "党员人数", "达标人数（含免于考核）", "免于考核人数", "完成率", "累计学时")


def completion_xlsx(lines: list[BranchCompletion], year: int) -> bytes:
    """One row per branch: members, met, exempt, the rate and the hours (to 0.1 学时)."""
    rows = [
        (line.branch.name, line.members, line.met, line.exempt, line.rate_text,
         hours_text(line.tenths))
        for line in lines
    ]  # fmt: skip
    title = f"{year}年度党员学习教育学时完成情况（依据《中国共产党党员教育管理工作条例》第二十条）"
    return table_xlsx(title, HEADERS, rows, sheet="学时完成情况")
