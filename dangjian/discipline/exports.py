"""The Excel download of the sanctions register (DISC-1): the rows of the register's scoped
selector, through the one safe writer (``documents.excel``)."""

from __future__ import annotations

from datetime import date

from dangjian.core.actor import Actor
from dangjian.discipline.selectors import sanction_row
from dangjian.documents.excel import Table, tables_xlsx
from dangjian.dynamics.standing_selectors import sanctions_register

HEADERS = ("姓名", "党组织", "处分种类", "处分决定日期", "作出处分决定的组织", "处分决定文号",
           "留党察看期限（月）", "恢复党员权利日期", "处分期（影响期）", "期内限制", "处分事由")  # fmt: skip


def sanctions_xlsx(user: Actor, today: date) -> bytes:
    """Every sanction of the user's subtree, newest first; an empty sheet for anyone who may
    not read the register (the selector answers nothing)."""
    rows = []
    for record in sanctions_register(user):
        row = sanction_row(record, today)
        rows.append((record.member.name, record.member.organization.name,
                     record.get_kind_display(), record.decided_on, record.deciding_org,
                     record.document_number, record.term_months, record.restored_on,
                     row.period_text, row.rights, record.reason))  # fmt: skip
    title = f"党纪处分登记（截至{today:%Y年%m月%d日}）"
    return tables_xlsx([Table("党纪处分", title, HEADERS, rows)])
