"""Importing the 失联党员 register from a spreadsheet (a branch that kept it in Excel).

One row per lost-contact record: the member (姓名, a member of the chosen branch or an
organisation under it, in good standing or suspended), the day contact was lost, the
circumstances, at most one search attempt (day, way, result) and the day the member was found
again with how. Each row goes through the same services as the pages (``lost_contact_open``,
``search_attempt_add``, ``lost_contact_found``), so every rule they apply (no lost contact
during an open transfer or an open 流出 record, the member's standing, the dates) applies to
the import, named by sheet, row and column.

The whole file or nothing, the preview keeping nothing, and the row loop are the register
imports' (``excel_import.run_register_import``). A row already in the register (the same
member and 失联日期) is reported 未变化 and not written again, so the same file twice changes
nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from django.core.exceptions import PermissionDenied
from django.http import Http404

from dangjian.core.actor import Actor
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.dynamics.excel_import import (
    RegisterImport,
    RowRefused,
    branch_members,
    member_by_name,
    register_template,
    run_register_import,
)
from dangjian.dynamics.standing import lost_contact_found, lost_contact_open, search_attempt_add
from dangjian.dynamics.standing_models import LostContact
from dangjian.members.choices import Status
from dangjian.members.excel.columns import CellKind, Column
from dangjian.members.excel.report import Outcome
from dangjian.members.excel.rows import ParsedRow
from dangjian.members.models import Member
from dangjian.orgs.models import Organization

KIND = "失联党员"
_DATE = "日期，可填2024-07-01、2024/7/1、2024.7.1、2024年7月1日或20240701"
_C = CellKind

COLUMNS: tuple[Column, ...] = (
    Column("姓名", "name", required=True, help="本支部（含下属党小组）党员的姓名", width=10),
    Column("失联日期", "lost_since", _C.DATE, True, help=f"失去联系之日，不能晚于今天；{_DATE}",
           width=12),
    Column("失联情形", "circumstances", help="失去联系的经过，300字以内", width=30),
    Column("查找日期", "searched_on", _C.DATE, help="已查找过的填写一次查找的日期", width=12),
    Column("查找方式", "way", help="电话、走访、函询等，40字以内；填写了查找日期时必填",
           width=10),
    Column("查找结果", "result", help="300字以内；填写了查找日期时必填", width=24),
    Column("找到日期", "found_on", _C.DATE, help="已恢复联系的填写恢复联系之日", width=12),
    Column("恢复联系情况", "found_note", help="300字以内；填写了找到日期时必填", width=24),
)  # fmt: skip
# Where the services' field names point in the sheet.
_FIELD_COLUMNS = {"member_id": "name", "record_id": "name", "lost_since": "lost_since",
                  "circumstances": "circumstances", "searched_on": "searched_on", "way": "way",
                  "result": "result", "found_on": "found_on", "found_note": "found_note"}  # fmt: skip
# The members a lost contact may be recorded for (``lost_contact_open``).
_STATUSES: tuple[str, ...] = (Status.NORMAL, Status.SUSPENDED)

LostImport = RegisterImport


def import_lost(
    *, actor: Actor, branch: Organization, source: IO[bytes] | Path | bytes, commit: bool
) -> LostImport:
    """Read ``source`` and record each row into ``branch``'s 失联党员 register through the
    services; ``commit`` False is the preview (everything checked, nothing kept).

    Raises ``ImportFileError`` (Chinese) when the file cannot be read at all."""
    members = branch_members(branch, _STATUSES)
    return run_register_import(
        kind=KIND, columns=COLUMNS, source=source, commit=commit,
        write=lambda row: _write(actor, row, members),
    )  # fmt: skip


def _write(actor: Actor, row: ParsedRow, members: dict[str, list[Member]]) -> Outcome:
    member = member_by_name(row, members)
    v = row.values
    if LostContact.objects.filter(member=member, lost_since=v["lost_since"]).exists():
        return Outcome.UNCHANGED
    _check_pairs(row)
    try:
        record = lost_contact_open(actor=actor, member_id=member.pk, lost_since=v["lost_since"],
                                   circumstances=v.get("circumstances") or "")  # fmt: skip
        if v.get("searched_on") is not None:
            search_attempt_add(actor=actor, record_id=record.pk, searched_on=v["searched_on"],
                               way=v.get("way") or "", result=v.get("result") or "")  # fmt: skip
        if v.get("found_on") is not None:
            lost_contact_found(actor=actor, record_id=record.pk, found_on=v["found_on"],
                               note=v.get("found_note") or "")  # fmt: skip
    except InvalidInput as error:
        for name, messages in error.errors.items():
            for message in messages:
                row.add_error(_FIELD_COLUMNS.get(name, "name"), message)
        raise RowRefused from None
    except (Conflict, PermissionDenied, Http404) as error:
        row.add_error("name", str(error) or "无权登记该党员失联")
        raise RowRefused from None
    return Outcome.CREATED


def _check_pairs(row: ParsedRow) -> None:
    """A search's way or result without its day, a found note without the day: the day is
    what the service records them under, so the row names the missing day."""
    v = row.values
    if v.get("searched_on") is None and (v.get("way") or v.get("result")):
        row.add_error("searched_on", "填写了查找方式或查找结果，请同时填写查找日期")
    if v.get("found_on") is None and v.get("found_note"):
        row.add_error("found_on", "填写了恢复联系情况，请同时填写找到日期")
    if row.errors:
        raise RowRefused


def write_template() -> bytes:
    """The import template: the header row and a 填写说明 sheet the import skips."""
    return register_template("失联党员", COLUMNS)


__all__ = ["COLUMNS", "LostImport", "import_lost", "write_template"]
