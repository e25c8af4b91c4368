"""Importing the 流动党员 register from a spreadsheet (a branch that kept it in Excel).

One row per record: 流出 (a member of the branch, found by name) or 流入 (a person we do not
own, named), where to (from where), since when, the contact details, the 活动证 number, whether
abroad to study, the last contact and the return if any. Each row goes through the same
services as the pages (``floating_record``, ``floating_contact``, ``floating_return``).

The whole file or nothing: every row is written inside one transaction, and when any row is
refused the transaction is rolled back, so nothing is half-written; a preview runs the same
and always rolls back. A row already in the register (same direction, person, branch and
start date) is reported 未变化 and not written again, so the same file twice changes nothing.
Reading, cell readers and the report are the member import's (``members.excel``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from dangjian.core.actor import Actor
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.core.memory import collector_paused
from dangjian.dynamics.floating import (
    FloatingInput,
    floating_contact,
    floating_record,
    floating_return,
)
from dangjian.dynamics.models import FloatingDirection, FloatingRecord
from dangjian.members.choices import Status
from dangjian.members.excel.columns import CellKind, Column, normalize
from dangjian.members.excel.report import ImportReport, Outcome
from dangjian.members.excel.rows import ParsedRow, header_labels, parse_rows
from dangjian.members.excel.sheets import read_sheets, read_tables
from dangjian.members.models import Member
from dangjian.orgs.models import Organization, in_subtree

KIND = "流动党员"
_DATE = "日期，可填2024-07-01、2024/7/1、2024.7.1、2024年7月1日或20240701"
_C = CellKind
# Headers are compared after NFKC folding ("（" reads as "("): written here as compared.

COLUMNS: tuple[Column, ...] = (
    Column("方向", "direction", _C.CHOICE, True, (("out", "流出"), ("in", "流入")),
           "流出或流入", 6),
    Column("姓名", "name", required=True, help="流出：本支部党员的姓名；流入：流入党员的姓名",
           width=10),
    Column(normalize("流动去向（流入来源）"), "place", required=True, help="流出的去向或流入的来源，120字以内",
           width=24),
    Column("流动起始日期", "since", _C.DATE, True, help=_DATE, width=12),
    Column("联系方式", "contact", help="电话、微信等，60字以内", width=16),
    Column("流动党员活动证编号", "certificate_number", help="40字以内", width=16),
    Column(normalize("出国（境）学习研究"), "abroad_study", _C.BOOL, help="填“是”或“否”，空白视为“否”",
           width=8),
    Column("最近联系日期", "contacted_on", _C.DATE, help=_DATE, width=12),
    Column("最近联系途径", "way", help="电话、微信、面谈等；填写了最近联系日期时必填", width=10),
    Column("联系情况", "summary", help="300字以内", width=24),
    Column("返回日期", "returned_on", _C.DATE, help="已返回的填写返回日期", width=12),
)  # fmt: skip
# Where the services' field names point in the sheet.
_FIELD_COLUMNS = {"member_id": "name", "organization_id": "name", "record_id": "name",
                  "direction": "direction", "place": "place", "since": "since",
                  "contact": "contact", "certificate_number": "certificate_number",
                  "contacted_on": "contacted_on", "way": "way", "summary": "summary",
                  "returned_on": "returned_on", "name": "name"}  # fmt: skip


class RowRefused(Exception):
    """The row's errors are on the row; the import rolls back."""


@dataclass
class RegisterImport:
    """The result of a register import (floating records, historic transfers): the report row
    by row; ``report.committed`` when the register was written. ``confirm`` names the page's
    button that writes a previewed file."""

    report: ImportReport
    confirm: str = "确认导入"

    @property
    def good_rows_label(self) -> str:
        """What a row that passed is, as the headline has it: 已导入 once written, 未导入 when
        the file was refused (nothing is kept), 可导入 in a preview."""
        if self.report.committed:
            return "已导入"
        return "未导入" if self.report.rejected else "可导入"

    @property
    def summary(self) -> str:
        counts = self.report.counts
        numbers = "，".join(
            f"{self.good_rows_label if o is Outcome.CREATED else o.label}{n}行"
            for o, n in counts.items()
        )
        if self.report.committed:
            return f"导入完成：{numbers}。"
        if self.report.rejected:
            return (f"文件中有{counts[Outcome.REJECTED]}行未通过校验，本次未导入任何数据"
                    f"（{numbers}）。请修改后重新上传。")  # fmt: skip
        return f"预览：{numbers}。确认无误后请点击“{self.confirm}”。"


FloatingImport = RegisterImport


RowWriter = Callable[[ParsedRow], Outcome]


def run_register_import(
    *, kind: str, columns: tuple[Column, ...], source: IO[bytes] | Path | bytes, commit: bool,
    write: RowWriter, confirm: str = "确认导入", label_field: str = "name",
) -> RegisterImport:  # fmt: skip
    """The row loop every register import shares: read ``source`` against ``columns``, call
    ``write`` for each row without a cell error (in its own savepoint, undone when it raises
    ``RowRefused``), and keep the whole file only when ``commit`` and no row was refused.

    ``write`` returns the row's outcome (``CREATED`` or ``UNCHANGED``) or records the row's
    errors on it and raises ``RowRefused``. The label of each report row is its ``label_field``
    cell (姓名 unless the register names its rows otherwise, e.g. a question's 题干).
    Raises ``ImportFileError`` (Chinese) when the file cannot be read at all."""
    report = ImportReport(kind=kind)
    labels = header_labels(columns)
    with collector_paused(), transaction.atomic():
        tables = read_tables(read_sheets(source), columns, report)
        for row in parse_rows(tables, columns):
            outcome = Outcome.CREATED
            if not row.errors:
                try:
                    with transaction.atomic():
                        outcome = write(row)
                except RowRefused:
                    pass
            label = str(row.values.get(label_field) or "")[:40]
            report.rows.append(
                row.report(Outcome.REJECTED if row.errors else outcome, label, labels)
            )
        if report.rejected or not commit:
            transaction.set_rollback(True)
        else:
            report.committed = True
    return RegisterImport(report, confirm=confirm)


def import_floating(
    *, actor: Actor, branch: Organization, source: IO[bytes] | Path | bytes, commit: bool
) -> FloatingImport:
    """Read ``source`` and write each row into ``branch``'s register through the services;
    ``commit`` False is the preview (everything checked, nothing kept).

    Raises ``ImportFileError`` (Chinese) when the file cannot be read at all."""
    members = branch_members(branch)
    return run_register_import(
        kind=KIND, columns=COLUMNS, source=source, commit=commit,
        write=lambda row: _write(actor, branch, row, members),
    )  # fmt: skip


def branch_members(
    branch: Organization, statuses: tuple[str, ...] = (Status.NORMAL,)
) -> dict[str, list[Member]]:
    """The members of ``branch`` and the organisations under it with one of ``statuses``,
    by name (a list: namesakes are possible)."""
    found: dict[str, list[Member]] = {}
    members = Member.objects.filter(
        in_subtree(branch.path, "organization__path"), status__in=statuses
    )
    for member in members:
        found.setdefault(member.name, []).append(member)
    return found


def member_by_name(row: ParsedRow, members: dict[str, list[Member]]) -> Member:
    """The one member the row's 姓名 names among ``members`` (``branch_members``); the error
    on the 姓名 cell and ``RowRefused`` when there is none or several."""
    name = str(row.values.get("name") or "")
    found = members.get(name, [])
    if not found:
        row.add_error("name", f"未在本支部党员中找到“{name}”，请核对姓名")
        raise RowRefused
    if len(found) > 1:
        row.add_error("name", f"本支部有{len(found)}名党员名为“{name}”，无法确定是哪一位，"
                              "请在页面上逐人登记")  # fmt: skip
        raise RowRefused
    return found[0]


def _input(row: ParsedRow, branch: Organization, member: Member | None) -> FloatingInput:
    v = row.values
    return FloatingInput(
        direction=v["direction"], place=v.get("place") or "", since=v["since"],
        member_id=member.pk if member else None,
        organization_id=None if member else branch.pk,
        name="" if member else v.get("name") or "", contact=v.get("contact") or "",
        certificate_number=v.get("certificate_number") or "",
        abroad_study=bool(v.get("abroad_study")),
    )  # fmt: skip


def _already(data: FloatingInput, branch: Organization) -> bool:
    """The same record is in the register: the row was imported before."""
    same = FloatingRecord.objects.filter(direction=data.direction, since=data.since)
    if data.member_id is not None:
        return same.filter(member_id=data.member_id).exists()
    return same.filter(organization=branch, name=data.name.strip(), member__isnull=True).exists()


def _write(
    actor: Actor, branch: Organization, row: ParsedRow, members: dict[str, list[Member]]
) -> Outcome:
    out = row.values["direction"] == FloatingDirection.OUT
    data = _input(row, branch, member_by_name(row, members) if out else None)
    if _already(data, branch):
        return Outcome.UNCHANGED
    _check_contact(row)
    try:
        record = floating_record(actor=actor, data=data)
        if row.values.get("contacted_on") is not None:
            floating_contact(actor=actor, record_id=record.pk, way=row.values.get("way") or "",
                             contacted_on=row.values["contacted_on"],
                             summary=row.values.get("summary") or "")  # fmt: skip
        if row.values.get("returned_on") is not None:
            floating_return(actor=actor, record_id=record.pk,
                            returned_on=row.values["returned_on"])  # fmt: skip
    except InvalidInput as error:
        for name, messages in error.errors.items():
            for message in messages:
                row.add_error(_FIELD_COLUMNS.get(name, "name"), message)
        raise RowRefused from None
    except (Conflict, PermissionDenied, Http404) as error:
        row.add_error("name", str(error) or "无权登记该党员的流动情况")
        raise RowRefused from None
    return Outcome.CREATED


def _check_contact(row: ParsedRow) -> None:
    filled: dict[str, Any] = row.values
    if filled.get("contacted_on") is None and (filled.get("way") or filled.get("summary")):
        row.add_error("contacted_on", "填写了联系途径或联系情况，请同时填写最近联系日期")
        raise RowRefused


def register_template(sheet_name: str, columns: tuple[Column, ...]) -> bytes:
    """An import template (.xlsx bytes): a sheet ``sheet_name`` with the header row of
    ``columns`` and a 填写说明 sheet (which the import skips) with each column's help."""
    import io

    from dangjian.core.spreadsheet import SafeWorkbook
    from dangjian.members.excel.sheets import INSTRUCTIONS_SHEET

    out = io.BytesIO()
    book = SafeWorkbook(out)
    sheet = book.add_sheet(sheet_name)
    head = book.add_format({"bold": True, "bg_color": "#F2F3F5", "border": 1, "text_wrap": True})
    for index, column in enumerate(columns):
        sheet.text(0, index, column.header, head)
        sheet.layout.set_column(index, index, column.width)
    notes = book.add_sheet(INSTRUCTIONS_SHEET)
    notes.row(0, 0, ("列名", "是否必填", "填写说明"), head)
    for index, column in enumerate(columns, start=1):
        notes.row(index, 0, (column.header, "必填" if column.required else "", column.help))
    notes.layout.set_column(2, 2, 60)
    book.close()
    return out.getvalue()


def write_template() -> bytes:
    """The import template: the header row and a 填写说明 sheet the import skips."""
    return register_template("流动党员", COLUMNS)


__all__ = [
    "COLUMNS", "FloatingImport", "RegisterImport", "RowRefused", "branch_members",
    "import_floating", "member_by_name", "register_template", "run_register_import",
    "write_template",
]  # fmt: skip
