"""Snapshots of the annual tables: freeze the figures of a day, and serve them from then on.

``snapshot_freeze`` computes the tables of a subtree as of a day for the whole subtree (the
system's count, not an asker's) and stores them with the ids behind each cell; freezing a day
already frozen changes nothing (safe to run twice, as a job must be). ``snapshot_report`` gives
the frozen report of a subtree and day, or None.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from dangjian.accounts.access import may_operate_platform, require
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.errors import InvalidInput
from dangjian.orgs.models import Organization
from dangjian.reports.models import ReportSnapshot
from dangjian.reports.tables import AnnualReport, Cell, Row, Table, report_of
from dangjian.rules.annual_tables import Column
from dangjian.rules.membership_ledger import Reconciliation


def report_to_json(report: AnnualReport) -> dict[str, Any]:
    """The report as JSON-able data: each table's layout, values and ids."""
    return {
        "organization_id": report.organization_id,
        "organization_name": report.organization_name,
        "on": report.on.isoformat(),
        "reconciliation": [report.reconciliation.opening, report.reconciliation.increases,
                           report.reconciliation.decreases, report.reconciliation.closing],
        "manual": [list(pair) for pair in report.manual_tables],
        "tables": [_table_json(t) for t in report.tables],
    }  # fmt: skip


def _table_json(table: Table) -> dict[str, Any]:
    return {
        "number": table.number,
        "title": table.title,
        "note": table.note,
        "columns": [[c.key, c.label, c.group] for c in table.columns],
        "rows": [[r.key, r.label, [[c.value, list(c.ids), c.of] for c in r.cells]]
                 for r in table.rows],
    }  # fmt: skip


def report_from_json(data: dict[str, Any], frozen_at: str = "") -> AnnualReport:
    """The report ``report_to_json`` wrote."""
    on = date.fromisoformat(data["on"])
    return AnnualReport(
        organization_id=data["organization_id"],
        organization_name=data["organization_name"],
        year=on.year,
        on=on,
        tables=tuple(_table_from(t) for t in data["tables"]),
        reconciliation=Reconciliation(*data["reconciliation"]),
        manual_tables=tuple((n, t) for n, t in data["manual"]),
        frozen_at=frozen_at,
    )


def _table_from(data: dict[str, Any]) -> Table:
    columns = tuple(Column(*c) for c in data["columns"])
    rows = tuple(
        Row(key, label, tuple(Cell(v, tuple(ids), of) for v, ids, of in cells))
        for key, label, cells in data["rows"]
    )
    return Table(data["number"], data["title"], columns, rows, _reworded(data["note"]))


def _reworded(note: str) -> str:
    """A note as written when frozen, in today's words: an early snapshot of tables 11 and 14
    named the specification file, which no reader of the tables knows."""
    return note.replace(
        "行列为平台采用的简明格式（RULES.md未给出本表的行列）：",
        "统计制度未给出本表的行列，采用以下简明格式：",
    )


def snapshot_report(org: Organization, on: date) -> AnnualReport | None:
    """The frozen report of ``org``'s subtree as of ``on``, or None when none was frozen."""
    snapshot = ReportSnapshot.objects.filter(organization=org, on=on).first()
    if snapshot is None:
        return None
    # Beijing time, as every other time the platform shows (the column holds UTC).
    frozen_at = timezone.localtime(snapshot.frozen_at).strftime("%Y-%m-%d %H:%M")
    return report_from_json(snapshot.figures, frozen_at)


def snapshot_freeze(*, actor: Actor, organization_id: int, on: date, today: date) -> ReportSnapshot:
    """Freeze the tables of ``organization_id``'s subtree as of ``on`` (a past day or today).

    Only the platform's operators (or the system, ``actor`` None) freeze: a snapshot is served
    to everyone who sees the subtree. Returns the existing snapshot when the day is frozen.
    ``InvalidInput`` naming the field for a future day or an unknown organisation.
    """
    if actor is not None:
        require(may_operate_platform(actor), "仅系统管理员可以冻结统计数据")
    if on > today:
        raise InvalidInput.one("on", "统计日期不能晚于今天：未来的数据无法冻结")
    org = Organization.objects.filter(pk=organization_id).first()
    if org is None:
        raise InvalidInput.one("organization", "未找到该党组织")
    existing = ReportSnapshot.objects.filter(organization=org, on=on).first()
    if existing is not None:
        return existing
    figures = report_to_json(report_of(org, on))
    try:
        with transaction.atomic():
            snapshot = ReportSnapshot.objects.create(
                organization=org, on=on, figures=figures, frozen_by=acting_user(actor)
            )
            audit(actor=actor, action="reports.snapshot_freeze", obj=snapshot,
                  detail=f"冻结{org.name}截至{on.isoformat()}的统计数据")  # fmt: skip
    except IntegrityError:  # frozen by a concurrent run in between: that one stands
        return ReportSnapshot.objects.get(organization=org, on=on)
    return snapshot


def month_end_before(today: date) -> date:
    """The last month end before ``today`` (in January, 12-31 of last year)."""
    return date.fromordinal(today.replace(day=1).toordinal() - 1)


def freeze_roots(*, on: date, today: date, actor: Actor = None) -> list[ReportSnapshot]:
    """Freeze ``on`` for every top-level organisation (the whole archive, one subtree each)."""
    roots = Organization.objects.filter(depth=1).order_by("path").values_list("pk", flat=True)
    return [snapshot_freeze(actor=actor, organization_id=pk, on=on, today=today) for pk in roots]
