"""Excel downloads of 组织生活 (scoped: an organisation outside the user's scope is a 404)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from dangjian.accounts.access import access_organization, may_manage_some_organization, require
from dangjian.core import bounds
from dangjian.core.bounds import parse_id
from dangjian.meetings import exports
from dangjian.meetings.selectors import compliance
from dangjian.orgs.models import Organization
from dangjian.orgs.selectors import tree_roots

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def _org(request: HttpRequest) -> Organization:
    require(may_manage_some_organization(request.user), "该页面仅供党务工作者使用")
    text = request.GET.get("org", "")
    if not text:
        roots = tree_roots(request.user)
        if not roots:
            raise Http404("没有可管理的党组织")
        return roots[0]
    org_id = parse_id(text)
    if org_id is None:
        raise Http404("未找到该党组织")
    return access_organization(request.user, org_id)


def _year(request: HttpRequest) -> int:
    """``?year=``; this year when absent or not a plausible year."""
    text = request.GET.get("year", "")
    if text.isascii() and text.isdigit() and bounds.YEAR_MIN <= int(text) <= bounds.YEAR_MAX:
        return int(text)
    return timezone.localdate().year


@login_required
def compliance_xlsx(request: HttpRequest) -> HttpResponse:
    """``?org=&year=``: the compliance matrix of the organisation's subtree for the year."""
    org, year = _org(request), _year(request)
    first, last = exports.year_span(year)
    rows = compliance(request.user, org, first, last, timezone.localdate())
    return _file(
        exports.compliance_xlsx(org, year, rows), f"{org.name}{year}年组织生活落实情况.xlsx"
    )


@login_required
def attendance_xlsx(request: HttpRequest) -> HttpResponse:
    """``?org=&year=``: member × meeting marks and each member's attendance rate."""
    org, year = _org(request), _year(request)
    data = exports.attendance_year(request.user, org, year)
    return _file(exports.attendance_xlsx(data), f"{org.name}{year}年组织生活出席情况.xlsx")
