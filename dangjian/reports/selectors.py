"""The annual tables as the asker reads them: scope-checked, from a snapshot when the day was
frozen, else recomputed from history (``tables.report_of``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from dangjian.accounts.access import access_organization, require, scope_for
from dangjian.core.actor import Actor
from dangjian.development.models import Applicant
from dangjian.members.models import Member
from dangjian.members.selectors import organization_today
from dangjian.orgs.models import Organization
from dangjian.reports.snapshots import snapshot_report
from dangjian.reports.tables import (
    APPLICANT,
    ORGANIZATION,
    AnnualReport,
    Cell,
    report_of,
    statistical_day,
)

LEFT_SINCE = "已不在本组织"  # as on the 历史党员名册 page
Line = tuple[str, str, str]


def annual_report(user: Actor, organization_id: int, year: int) -> AnnualReport:
    """The annual tables of ``organization_id``'s subtree for ``year`` that ``user`` may see.

    Http404 when the organisation is not theirs to see; PermissionDenied when they see it but
    do not look after it (a member seeing their own branch). A frozen snapshot of the day is
    served when there is one (``snapshots.snapshot_report``); the current year's tables are
    counted as of today.
    """
    org = access_organization(user, organization_id)
    require(scope_for(user).covers_org(org), "无权查看该党组织的党内统计年报")
    frozen = snapshot_report(org, statistical_day(year))
    if frozen is not None:
        return frozen
    # The current year has no 12月31日 yet: its tables are counted as of today.
    on = min(statistical_day(year), timezone.localdate())
    return report_of(org, on, counted_by=user)


class CellLines:
    """(name, organisation, detail) of each id behind a cell, read a page at a time: a slice
    reads only its rows, in tree order. The ids come from the report just computed for a
    subtree the asker looks after, never from the request. A member who has left the asker's
    care since is listed without where they went (``organization_today``)."""

    def __init__(self, user: Actor, cell: Cell) -> None:
        self.cell = cell
        self.rows: QuerySet[Any]
        if cell.of == ORGANIZATION:
            self.rows = Organization.objects.filter(pk__in=cell.ids).order_by("path")
        elif cell.of == APPLICANT:
            people = Applicant.objects.filter(pk__in=cell.ids).select_related("organization")
            self.rows = people.order_by("pk")
        else:
            members = Member.objects.filter(pk__in=cell.ids)
            self.rows = members.annotate(now_in=organization_today(user)).order_by(
                "organization__path", "name_pinyin", "pk"
            )

    def __len__(self) -> int:
        return len(self.cell.ids)

    def count(self) -> int:
        return len(self)

    def __getitem__(self, window: slice) -> list[Line]:
        return [self._line(row) for row in self.rows[window]]

    def _line(self, row: Any) -> Line:
        if self.cell.of == ORGANIZATION:
            return (row.name, row.get_kind_display(), row.code)
        if self.cell.of == APPLICANT:
            return (row.name, row.organization.name, row.stage_label)
        return (row.name, row.now_in or LEFT_SINCE, row.get_stage_display())


def cell_lines(user: Actor, cell: Cell) -> CellLines:
    """The lines behind ``cell``, sliceable (``[:]`` for all of them)."""
    return CellLines(user, cell)
