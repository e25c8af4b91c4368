"""/api/reports: the 党内统计年报 tables and the list behind each cell, through the same
selector as the pages (``selectors.annual_report``: scoped to the caller, served from a frozen
snapshot when the day was frozen). ``year`` is the statistical year (12-31); a year the archive
cannot have is a 400 naming the field in Chinese."""

# No postponed annotations here: ninja reads the view signatures (Query[...]) at import time.
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from dangjian.accounts.access import may_manage_some_organization, require
from dangjian.api.auth import current_user
from dangjian.api.pagination import BoundedPageNumberPagination
from dangjian.api.schemas import READ_ERRORS, ErrorOut
from dangjian.api.types import Id
from dangjian.core.actor import Actor
from dangjian.orgs.selectors import tree_roots
from dangjian.reports.selectors import annual_report, cell_lines
from dangjian.reports.tables import AnnualReport, Cell, Table

router = Router(tags=["党内统计年报"])
REPORT_ERRORS: dict[int, Any] = {**READ_ERRORS, 400: ErrorOut, 403: ErrorOut}
FIRST_YEAR = 1921  # the founding of the Party: no statistical year before it


class ReportQuery(Schema):
    org: Id | None = Field(None, description="党组织（含下级）；不填为本人可查看的最上级党组织")
    year: int | None = Field(
        None,
        ge=1,
        le=9999,
        description="统计年度（截至当年12月31日，本年度截至今日；不填为上一年）",
    )


class CellQuery(ReportQuery):
    row: str = Field(..., max_length=80, description="行代码（见表的 rows 的 key）")
    column: str = Field(..., max_length=80, description="列代码（见表的 columns 的 key）")


class TableNumber(Schema):
    number: str = Field(..., max_length=8, description="表号（如 1、2、13）")


class ColumnOut(Schema):
    key: str
    label: str
    group: str = Field(..., description="合并的上层表头，可为空")


class TableCellOut(Schema):
    column: str
    value: int | None = Field(..., description="数字；为空表示档案中没有该数据，需人工填报")
    opens: bool = Field(..., description="是否有名单（名单条数等于数字）")


class RowOut(Schema):
    key: str
    label: str
    cells: list[TableCellOut]


class TableOut(Schema):
    organization_id: int
    organization_name: str
    year: int
    on: str = Field(..., description="统计日期")
    frozen_at: str = Field(..., description="数据冻结时间；为空表示按档案历史即时计算")
    number: str
    title: str
    note: str
    columns: list[ColumnOut]
    rows: list[RowOut]


class LineOut(Schema):
    name: str
    organization: str
    detail: str


def _report(request: HttpRequest, query: ReportQuery) -> AnnualReport:
    """The caller's report for the organisation (or their topmost) and year."""
    user = current_user(request)
    require(may_manage_some_organization(user), "党内统计年报仅供党务工作者查看")
    latest = timezone.localdate().year
    year = query.year if query.year is not None else latest - 1
    if not FIRST_YEAR <= year <= latest:
        raise HttpError(400, f"统计年度应在{FIRST_YEAR}年至{latest}年之间，实为{year}年")
    return annual_report(user, query.org or _topmost(user), year)


def _topmost(user: Actor) -> int:
    roots = tree_roots(user)
    if not roots:
        raise Http404("未找到可查看的党组织")
    return roots[0].pk


def _table(report: AnnualReport, number: str) -> Table:
    table = report.table(number)
    if table is None:
        raise Http404("未找到该统计表")
    return table


def _cells(table: Table, cells: tuple[Cell, ...]) -> list[dict[str, Any]]:
    return [{"column": c.key, "value": cell.value, "opens": cell.opens}
            for c, cell in zip(table.columns, cells, strict=True)]  # fmt: skip


@router.get("/tables/{number}", response={200: TableOut, **REPORT_ERRORS}, summary="年报统计表")
def table(request: HttpRequest, path: Path[TableNumber], query: Query[ReportQuery]) -> Any:
    """One table of the year as the page shows it; a cell with people or organisations
    behind it opens at ``/tables/{number}/list``."""
    report = _report(request, query)
    found = _table(report, path.number)
    return {"organization_id": report.organization_id,
            "organization_name": report.organization_name, "year": report.year,
            "on": report.on.isoformat(), "frozen_at": report.frozen_at,
            "number": found.number, "title": found.title, "note": found.note,
            "columns": [{"key": c.key, "label": c.label, "group": c.group} for c in found.columns],
            "rows": [{"key": r.key, "label": r.label, "cells": _cells(found, r.cells)}
                     for r in found.rows]}  # fmt: skip


@router.get("/tables/{number}/list", response={200: list[LineOut], **REPORT_ERRORS},
            summary="统计表单元格背后的名单")  # fmt: skip
@paginate(BoundedPageNumberPagination)
def cell_list(request: HttpRequest, path: Path[TableNumber], query: Query[CellQuery]) -> Any:
    """The people or organisations behind one cell (``count`` equals the cell's number)."""
    report = _report(request, query)
    cell = _table(report, path.number).cell(query.row, query.column)
    if cell is None:
        raise Http404("未找到该单元格")
    return _Lines(cell_lines(current_user(request), cell))


class _Lines:
    """The lines as the paginator slices them, as the schema's mappings."""

    def __init__(self, lines: Any) -> None:
        self.lines = lines

    def __len__(self) -> int:
        return len(self.lines)

    def count(self) -> int:
        return len(self)

    def __getitem__(self, window: slice) -> list[dict[str, str]]:
        keys = ("name", "organization", "detail")
        return [dict(zip(keys, line, strict=True)) for line in self.lines[window]]
