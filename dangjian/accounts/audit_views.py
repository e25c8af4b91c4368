"""The audit log page and its export, for the audit administrator."""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dangjian.accounts.access import access_audit_log
from dangjian.core.audit import audit
from dangjian.core.audit_display import AuditFilterForm, filtered, present
from dangjian.core.audit_export import write_audit_export
from dangjian.core.models import Category

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit log for the audit administrator: filters, pages of 50, Chinese rows."""
    access_audit_log(request.user)
    form = AuditFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page = Paginator(filtered(data), 50).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "rows": [present(log) for log in page],
        "query": _query_without_page(request),
        "nav": "audit",
    }
    return render(request, "accounts/audit.html", context)


@require_GET
@login_required
def audit_export(request: HttpRequest) -> HttpResponseBase:
    """The filtered log as .xlsx; the export is itself recorded."""
    access_audit_log(request.user)
    form = AuditFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    body = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it)
    rows = write_audit_export(body, filtered(data).iterator(chunk_size=2000))
    detail = f"导出审计日志{rows}条；筛选：{_query_without_page(request) or '无'}"
    audit(actor=request.user, action="audit.export", obj=AuditExport(), detail=detail,
          category=Category.SECURITY)  # fmt: skip
    body.seek(0)
    name = f"审计日志_{timezone.localdate():%Y%m%d}.xlsx"
    response = FileResponse(body, content_type=XLSX, as_attachment=True, filename=name)
    return response


class AuditExport:
    """What an export of the log is about (no row of its own)."""

    pk = ""

    def __str__(self) -> str:
        return "审计日志"


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
