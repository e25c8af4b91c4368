"""The member page's 党员动态 history: transfers, 介绍信 (out and in), floating records and
lost-contact records of one member as dated lines, read from those records themselves.

The caller has already passed ``access_member`` for the member (the page does); a few queries,
whatever the number of records (each kind is read once)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dangjian.dynamics.models import (
    FloatingDirection,
    FloatingRecord,
    Transfer,
    TransferLetter,
    TransferState,
)
from dangjian.dynamics.standing_models import LostContact
from dangjian.members.models import Member


@dataclass(frozen=True)
class DynamicsLine:
    """One dated fact: ``on`` the day, ``title`` what happened, ``detail`` the particulars."""

    on: date
    title: str
    detail: str = ""


def _transfer_lines(transfer: Transfer) -> list[DynamicsLine]:
    route = f"{transfer.from_org.name} → {transfer.to_org.name}"
    lines = [DynamicsLine(transfer.effective_on, "组织关系转接",
                          f"{route}（{transfer.get_state_display()}）：{transfer.reason}")]  # fmt: skip
    if transfer.accepted_on is not None:
        lines.append(
            DynamicsLine(transfer.accepted_on, "组织关系转入", f"{transfer.to_org.name}接收")
        )
    if (
        transfer.state in (TransferState.REFUSED, TransferState.CANCELLED)
        and transfer.refused_reason
    ):
        lines.append(DynamicsLine(transfer.updated_at.date(), f"转接{transfer.get_state_display()}",
                                  transfer.refused_reason))  # fmt: skip
    return lines


def _letter_lines(letter: TransferLetter) -> list[DynamicsLine]:
    lines = [DynamicsLine(letter.issued_on, "开具介绍信",
                          f"{letter.number}，去往{letter.destination}（{letter.get_state_display()}）")]  # fmt: skip
    if letter.receipt_on is not None:
        lines.append(DynamicsLine(letter.receipt_on, "介绍信回执",
                                  f"{letter.number}，{letter.receipt_org}".rstrip("，")))  # fmt: skip
    return lines


def _floating_lines(record: FloatingRecord) -> list[DynamicsLine]:
    title = "流出" if record.direction == FloatingDirection.OUT else "流入"
    lines = [DynamicsLine(record.since, f"{title}党员登记", f"流动去向：{record.place}")]
    if record.returned_on is not None:
        lines.append(DynamicsLine(record.returned_on, "流动结束", f"自{record.place}返回"))
    return lines


def _lost_lines(record: LostContact) -> list[DynamicsLine]:
    lines = [DynamicsLine(record.lost_since, "失去联系", record.circumstances)]
    if record.found_on is not None:
        lines.append(DynamicsLine(record.found_on, "失联记录结束", record.found_note))
    return lines


def member_dynamics_lines(member: Member) -> list[DynamicsLine]:
    """Every dated fact of ``member``'s transfers, letters, floating and lost-contact records,
    newest first."""
    lines: list[DynamicsLine] = []
    for transfer in member.transfers.select_related("from_org", "to_org"):
        lines += _transfer_lines(transfer)
    for letter in member.letters.all():
        lines += _letter_lines(letter)
    for incoming in member.incoming_letters.all():
        lines.append(DynamicsLine(incoming.received_on, "持介绍信转入",
                                  f"{incoming.number}，{incoming.issuing_org}"))  # fmt: skip
    for floating in member.floating_records.all():
        lines += _floating_lines(floating)
    for lost in member.lost_contacts.all():
        lines += _lost_lines(lost)
    return sorted(lines, key=lambda line: line.on, reverse=True)


__all__ = ["DynamicsLine", "member_dynamics_lines"]
