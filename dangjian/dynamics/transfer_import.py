"""Importing historic transfers from a spreadsheet (a branch moving from its Excel registers).

One row per completed transfer inside the platform: the member (姓名 and 公民身份号码, which
must agree), the receiving branch (组织代码 or full name) and 党小组, the reason, and the days
it was started, approved by each 党委 the deployment requires, and accepted. Each row goes
through ``historic.transfer_record_historic``, the same checks as every other door; a member
with several transfers is listed oldest first (a transfer is only added after the last change
of the archive).

The whole file or nothing: every row is written in one transaction, rolled back when any row
is refused; a preview runs the same and always rolls back. A row already recorded (the same
member, receiving branch, start and acceptance days) is reported 未变化 and not written again,
so the same file twice changes nothing. Reading, cell readers and the report are those of the
member import (``members.excel``), as the 流动党员 import (``excel_import``) uses them.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from dangjian.core import crypto
from dangjian.core.actor import Actor
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.dynamics.excel_import import (
    RegisterImport,
    RowRefused,
    register_template,
    run_register_import,
)
from dangjian.dynamics.historic import HistoricTransfer, transfer_record_historic
from dangjian.dynamics.selectors import visible_transfers
from dangjian.members.excel.columns import CellKind, Column, normalize
from dangjian.members.excel.report import Outcome
from dangjian.members.excel.rows import ParsedRow
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.rules.organization import OrgKind

KIND = "历史组织关系转接"
_DATE = "日期，可填2024-07-01、2024/7/1、2024.7.1、2024年7月1日或20240701"
_C = CellKind

COLUMNS: tuple[Column, ...] = (
    Column("姓名", "name", required=True, help="须与公民身份号码对应的党员姓名一致", width=10),
    Column("公民身份号码", "id_number", _C.ID_NUMBER, True,
           help="18位；请保持该列为文本格式", width=21),
    Column("转入党支部", "to_org", required=True,
           help="本平台内党支部的组织代码或全称", width=22),
    Column("编入党小组", "party_group", help="转入党支部下的党小组代码或名称，没有可留空",
           width=16),
    Column("转接原因", "reason", required=True, help="300字以内", width=20),
    Column("转接日期", "effective_on", _C.DATE, True, help=_DATE, width=12),
    Column(normalize("转出方党委审批日期"), "approved_sending", _C.DATE,
           help="本平台要求转出方党委审批时必填", width=14),
    Column(normalize("转入方党委审批日期"), "approved_receiving", _C.DATE,
           help="本平台要求转入方党委审批时必填", width=14),
    Column("接收日期", "accepted_on", _C.DATE, True,
           help="转入党支部接收之日，党员自该日起计入转入党支部", width=12),
    Column("党费交至", "dues_paid_to", _C.DATE, help="所交党费截至的月份，如2024-05或2024年5月，可留空",
           width=12),
)  # fmt: skip
# Where the service's field names point in the sheet.
_FIELD_COLUMNS = {"member_id": "id_number", "to_org_id": "to_org", "party_group_id": "party_group",
                  "reason": "reason", "effective_on": "effective_on",
                  "approved_sending": "approved_sending",
                  "approved_receiving": "approved_receiving", "accepted_on": "accepted_on"}  # fmt: skip
NOT_FOUND = "找不到您可管理的、公民身份号码为该号码的党员"


TransferImport = RegisterImport


def import_transfers(
    *, actor: Actor, source: IO[bytes] | Path | bytes, commit: bool
) -> TransferImport:
    """Read ``source`` and record each row's transfer through ``transfer_record_historic``;
    ``commit`` False is the preview (everything checked, nothing kept).

    Raises ``ImportFileError`` (Chinese) when the file cannot be read at all."""
    return run_register_import(
        kind=KIND, columns=COLUMNS, source=source, commit=commit,
        write=lambda row: _write(actor, row), confirm="导入",
    )  # fmt: skip


def _branch(ref: str) -> Organization:
    """A branch of this deployment by 组织代码 or full name (any branch may receive, MEM-2)."""
    kinds = [k.value for k in OrgKind if k.is_branch]
    branches = Organization.objects.filter(kind__in=kinds, dissolved_on__isnull=True)
    found = list(branches.filter(Q(code=ref) | Q(name=ref))[:3])
    by_code = [o for o in found if o.code == ref]
    if len(by_code) == 1:
        return by_code[0]
    if len(found) > 1:
        raise _Refused("to_org", f"名称“{ref}”对应{len(found)}个党支部，请改填组织代码")
    if not found:
        raise _Refused("to_org", f"本平台中没有组织代码或名称为“{ref}”的党支部")
    return found[0]


def _group(ref: str, branch: Organization) -> int | None:
    if not ref:
        return None
    groups = [
        g for g in Organization.objects.filter(Q(code=ref) | Q(name=ref), kind=OrgKind.GROUP)
        if Organization.objects.get_parent(g) == branch
    ]  # fmt: skip
    if len(groups) != 1:
        raise _Refused("party_group", f"{branch.name}下没有代码或名称为“{ref}”的党小组")
    return groups[0].pk


class _Refused(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column, self.message = column, message


def _data(row: ParsedRow, member_id: int, to_org: Organization) -> HistoricTransfer:
    v = row.values
    approved = {level: v[f"approved_{level}"] for level in ("sending", "receiving")
                if v.get(f"approved_{level}") is not None}  # fmt: skip
    return HistoricTransfer(
        member_id=member_id, to_org_id=to_org.pk, effective_on=v["effective_on"],
        accepted_on=v["accepted_on"], reason=str(v.get("reason") or ""), approved=approved,
        party_group_id=_group(str(v.get("party_group") or "").strip(), to_org),
        dues_paid_to=v.get("dues_paid_to"),
    )  # fmt: skip


def _already(actor: Actor, lookup: str, to_org: Organization, row: ParsedRow) -> bool:
    """The row's transfer is recorded already (among the transfers the actor sees)."""
    return (
        visible_transfers(actor)
        .filter(member__id_number_hash=lookup, to_org=to_org, historic=True,
                effective_on=row.values["effective_on"], accepted_on=row.values["accepted_on"])
        .exists()
    )  # fmt: skip


def _write(actor: Actor, row: ParsedRow) -> Outcome:
    try:
        to_org = _branch(str(row.values["to_org"]).strip())
        lookup = crypto.lookup_hash(str(row.values["id_number"]))
        if _already(actor, lookup, to_org, row):
            return Outcome.UNCHANGED
        member = Member.objects.filter(id_number_hash=lookup).first()
        if member is None:
            raise _Refused("id_number", NOT_FOUND)
        transfer_record_historic(actor=actor, data=_data(row, member.pk, to_org))
        # Said only of a member the actor may manage: the service's scope check came first
        # (the row's savepoint undoes what it wrote).
        name = str(row.values.get("name") or "").strip()
        if member.name != name:
            raise _Refused("name", f"公民身份号码对应的党员姓名为“{member.name}”，与“{name}”不一致")
    except _Refused as refused:
        row.add_error(refused.column, refused.message)
        raise RowRefused from None
    except InvalidInput as error:
        for name, messages in error.errors.items():
            for message in messages:
                row.add_error(_FIELD_COLUMNS.get(name, "id_number"), message)
        raise RowRefused from None
    except Http404:
        row.add_error("id_number", NOT_FOUND)
        raise RowRefused from None
    except (Conflict, PermissionDenied) as error:
        row.add_error("id_number", str(error) or "无权为该党员补录组织关系转接")
        raise RowRefused from None
    return Outcome.CREATED


def write_template() -> bytes:
    """The import template: the header row and a 填写说明 sheet the import skips."""
    return register_template("组织关系转接", COLUMNS)


__all__ = ["COLUMNS", "TransferImport", "import_transfers", "write_template"]
