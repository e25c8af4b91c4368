"""Excel exports of the 党员动态 registers: 组织关系转接, 介绍信 (overdue 回执 marked, MEM-7) and
流动党员 (流出 and 流入 on two sheets, MEM-3/MEM-9). Rows come from the registers' scoped
selectors; the workbook is written through the one safe writer (``documents.excel``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from dangjian.core.actor import Actor
from dangjian.documents.excel import Table, tables_xlsx
from dangjian.dynamics.display import contact_shown
from dangjian.dynamics.models import FloatingDirection, FloatingRecord, LetterState
from dangjian.dynamics.queues import listed_transfers, transfer_actions
from dangjian.dynamics.selectors import open_floating, visible_floating, visible_letters
from dangjian.dynamics.services import LEVEL_LABELS
from dangjian.rules.membership import abroad_contact_due

TRANSFER_HEADERS = ("姓名", "转出组织", "转入组织", "编入党小组", "转接日期", "转接原因",
                    "党费交至", "状态", "等待步骤", "审批记录", "退回（撤销）原因", "批量转接编号")  # fmt: skip
LETTER_HEADERS = ("介绍信编号", "姓名", "开具组织", "去往单位", "开具日期", "有效期至", "党费交至",
                  "转接原因", "状态", "回执日期", "回执单位", "逾期未回执", "作废原因")  # fmt: skip
FLOATING_HEADERS = ("姓名", "党支部", "流动去向（流入来源）", "流动起始日期", "联系方式",
                    "流动党员活动证编号", "出国（境）学习研究", "最近联系", "下次联系期限",
                    "逾期未联系", "返回日期")  # fmt: skip


def transfers_xlsx(user: Actor, today: date) -> bytes:
    """Every transfer out of or into the user's organisations, newest first."""
    rows = []
    for t in listed_transfers(user):
        approvals = "；".join(
            f"{LEVEL_LABELS.get(a.get('level', ''), '')}{a.get('on', '')}同意"
            for a in t.approvals
            if isinstance(a, dict)
        )
        awaited = transfer_actions(user, t).awaited
        rows.append((t.member.name, t.from_org.name, t.to_org.name,
                     t.party_group.name if t.party_group else "", t.effective_on, t.reason,
                     _month(t.dues_paid_to), t.get_state_display(), awaited, approvals,
                     t.refused_reason, t.batch))  # fmt: skip
    title = f"组织关系转接登记簿（截至{today:%Y年%m月%d日}）"
    return tables_xlsx([Table("组织关系转接", title, TRANSFER_HEADERS, rows)])


def letters_xlsx(user: Actor, today: date) -> bytes:
    """Every 介绍信 of the user's organisations; "逾期未回执" marks those past validity
    without a 回执 (MEM-7)."""
    rows = []
    for letter in visible_letters(user).order_by("-issued_on", "-pk"):
        overdue = letter.state == LetterState.ISSUED and letter.valid_until < today
        rows.append((letter.number, letter.member.name, letter.organization.name,
                     letter.destination, letter.issued_on, letter.valid_until,
                     _month(letter.dues_paid_to), letter.reason, letter.get_state_display(),
                     letter.receipt_on, letter.receipt_org, "逾期未回执" if overdue else "",
                     letter.cancel_reason))  # fmt: skip
    title = f"组织关系介绍信登记簿（截至{today:%Y年%m月%d日}）"
    return tables_xlsx([Table("介绍信", title, LETTER_HEADERS, rows)])


def floating_xlsx(user: Actor, today: date, include_returned: bool = False) -> bytes:
    """流出 and 流入 on two sheets; the MEM-9 due date for members abroad to study."""
    records = visible_floating(user).prefetch_related("contacts").order_by("since", "pk")
    if not include_returned:
        records = open_floating(user).prefetch_related("contacts").order_by("since", "pk")
    by_direction: dict[str, list[Sequence[Any]]] = {d: [] for d in FloatingDirection.values}
    for record in records:
        by_direction[record.direction].append(_floating_row(user, record, today))
    return tables_xlsx([
        Table("流出党员", f"流出党员登记簿（截至{today:%Y年%m月%d日}）", FLOATING_HEADERS,
              by_direction[FloatingDirection.OUT]),
        Table("流入党员", f"流入党员登记簿（截至{today:%Y年%m月%d日}）", FLOATING_HEADERS,
              by_direction[FloatingDirection.IN]),
    ])  # fmt: skip


def _floating_row(user: Actor, record: FloatingRecord, today: date) -> tuple[Any, ...]:
    last = max((c.contacted_on for c in record.contacts.all()), default=None)
    due = None
    if record.abroad_study and record.returned_on is None:
        due = abroad_contact_due(last or record.since)
    return (record.name, record.organization.name, record.place, record.since,
            contact_shown(user, record),
            record.certificate_number, record.abroad_study, last, due,
            "逾期未联系" if due is not None and due < today else "", record.returned_on)  # fmt: skip


def _month(day: date | None) -> str:
    return f"{day.year}年{day.month}月" if day else ""


__all__ = ["floating_xlsx", "letters_xlsx", "transfers_xlsx"]
