"""The annual tables as the asker reads them: scope-checked, from a snapshot when the day was
frozen, else recomputed from history (``tables.report_of``)."""

from __future__ import annotations

from dangjian.accounts.access import access_organization, require, scope_for
from dangjian.core.actor import Actor
from dangjian.reports.snapshots import snapshot_report
from dangjian.reports.tables import AnnualReport, report_of, statistical_day


def annual_report(user: Actor, organization_id: int, year: int) -> AnnualReport:
    """The annual tables of ``organization_id``'s subtree for ``year`` that ``user`` may see.

    Http404 when the organisation is not theirs to see; PermissionDenied when they see it but
    do not look after it (a member seeing their own branch). A frozen snapshot of the day is
    served when there is one (``snapshots.snapshot_report``).
    """
    org = access_organization(user, organization_id)
    require(scope_for(user).covers_org(org), "无权查看该党组织的党内统计年报")
    frozen = snapshot_report(org, statistical_day(year))
    if frozen is not None:
        return frozen
    return report_of(org, statistical_day(year), counted_by=user)
