"""Downloads of 组织生活: the Excel tables (an organisation outside the user's scope is a 404)
and a meeting's record as Word or PDF (scoped like the meeting's page)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from dangjian.accounts.access import (
    access_organization,
    may_manage_some_organization,
    require,
)
from dangjian.core.audit import audit
from dangjian.core.bounds import parse_id
from dangjian.documents.locate import TemplateMissing
from dangjian.documents.word import DocumentError
from dangjian.meetings import exports
from dangjian.meetings.cadres import cadre_attendance
from dangjian.meetings.minutes import minutes_document
from dangjian.meetings.review_stats import review_table
from dangjian.meetings.selectors import access_meeting_record, compliance
from dangjian.meetings.years import answers_bad_year, year_param
from dangjian.orgs.models import Organization
from dangjian.orgs.selectors import tree_roots

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def _file(data: bytes, name: str, content_type: str = XLSX) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
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
    """``?year=``; this year when absent; ``YearError`` (a Chinese 400) when not a year."""
    return year_param(request.GET.get("year", ""), timezone.localdate())


@login_required
@answers_bad_year
def compliance_xlsx(request: HttpRequest) -> HttpResponse:
    """``?org=&year=``: the compliance matrix of the organisation's subtree for the year."""
    org, year = _org(request), _year(request)
    first, last = exports.year_span(year)
    rows = compliance(request.user, org, first, last, timezone.localdate())
    return _file(
        exports.compliance_xlsx(org, year, rows), f"{org.name}{year}年组织生活落实情况.xlsx"
    )


@login_required
@answers_bad_year
def attendance_xlsx(request: HttpRequest) -> HttpResponse:
    """``?org=&year=``: member × meeting marks and each member's attendance rate."""
    org, year = _org(request), _year(request)
    data = exports.attendance_year(request.user, org, year)
    return _file(exports.attendance_xlsx(data), f"{org.name}{year}年组织生活出席情况.xlsx")


@login_required
@answers_bad_year
def cadres_xlsx(request: HttpRequest) -> HttpResponse:
    """``?org=&year=``: MEET-9, each leading cadre's attendance in their own branch."""
    org, year = _org(request), _year(request)
    lines = cadre_attendance(request.user, org, year, timezone.localdate())
    return _file(
        exports.cadres_xlsx(org, year, lines), f"{org.name}{year}年领导干部双重组织生活.xlsx"
    )


@login_required
@answers_bad_year
def reviews_xlsx(request: HttpRequest) -> HttpResponse:
    """``?org=&year=``: STAT-7 table 8 (民主评议党员) of the subtree for the year."""
    org, year = _org(request), _year(request)
    table = review_table(request.user, org, year)
    return _file(exports.reviews_xlsx(table), f"{org.name}{year}年民主评议党员情况.xlsx")


@login_required
def minutes(request: HttpRequest, meeting_id: int, fmt: str) -> HttpResponse:
    """The meeting's 会议记录 as ``docx`` or ``pdf``: for whoever sees the meeting's page (404
    for a meeting outside the scope, 403 for a member who may not record it); a broken
    deployment template returns to the meeting's page saying why."""
    if fmt not in ("docx", "pdf"):
        raise Http404("未找到该文书")
    meeting = access_meeting_record(request.user, meeting_id)
    try:
        body = minutes_document(meeting, "docx" if fmt == "docx" else "pdf")
    except (DocumentError, TemplateMissing) as exc:
        messages.error(request, str(exc))
        return redirect("meetings:detail", meeting.pk)
    audit(actor=request.user, action="meeting.minutes_print", obj=meeting,
          detail=f"{meeting.topic}：会议记录（{fmt}）")  # fmt: skip
    name = f"{meeting.organization.name}{meeting.held_on:%Y%m%d}会议记录.{fmt}"
    return _file(body, name, DOCX if fmt == "docx" else PDF)
