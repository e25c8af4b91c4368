"""The payroll import page: upload, choose categories for new columns once, see the report."""

from __future__ import annotations

from io import BytesIO
from typing import Any
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from dangjian.accounts.access import may_manage_some_organization, require
from dangjian.core.errors import InvalidInput
from dangjian.core.uploads import stash_upload, unstash_upload
from dangjian.core.workbook import ImportFileError
from dangjian.dues.forms import MappingForm, UploadForm
from dangjian.dues.payroll_import import (
    payroll_import,
    payroll_mapping_save,
    read_payroll_sheets,
    saved_mapping,
    suggest_category,
    unmapped_headers,
)
from dangjian.dues.payroll_template import write_payroll_template
from dangjian.rules.dates import YearMonth
from dangjian.rules.dues import ItemCategory

SHOWN = 300
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _stash(data: bytes) -> str:
    return stash_upload(data, "payroll")


def _unstash(token: str) -> bytes | None:
    return unstash_upload(token, "payroll")


def _mapping_rows() -> list[tuple[str, str]]:
    return [(name, ItemCategory(c).label) for name, c in sorted(saved_mapping().items())]


def _render(request: HttpRequest, **context: Any) -> HttpResponse:
    context.setdefault("form", UploadForm())
    context.update(nav="dues_payroll", saved=_mapping_rows(), shown=SHOWN)
    report = context.get("report")
    if report is not None:
        context["problems"] = report.problems[:SHOWN]
        context["rows"] = report.rows[:SHOWN]
    return render(request, "dues/payroll.html", context)


@login_required
def payroll_template(request: HttpRequest) -> HttpResponseBase:
    """The payroll template (.xlsx) to fill in and upload on the page above."""
    require(may_manage_some_organization(request.user), "该页面仅供党务工作者使用")
    buffer = BytesIO()
    write_payroll_template(buffer)
    buffer.seek(0)
    response = FileResponse(buffer, content_type=XLSX)
    response["Content-Disposition"] = (
        'attachment; filename="payroll_template.xlsx"; '
        f"filename*=UTF-8''{quote('工资表导入模板.xlsx')}"
    )
    return response


@login_required
def payroll_page(request: HttpRequest) -> HttpResponse:
    require(may_manage_some_organization(request.user), "该页面仅供党务工作者使用")
    if request.method != "POST":
        return _render(request)
    if request.POST.get("token"):
        return _with_mapping(request)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, form=form)
    data = form.cleaned_data["file"].read()
    month, valid_only = form.cleaned_data.get("month"), form.cleaned_data["valid_only"]
    try:
        sheets, _ = read_payroll_sheets(data)
    except ImportFileError as exc:
        form.add_error("file", str(exc))
        return _render(request, form=form)
    missing = unmapped_headers(sheets, saved_mapping())
    if missing:
        return _ask_mapping(
            request, _stash(data), missing, month, valid_only, form.cleaned_data["file"].name
        )
    return _run(request, data, form.cleaned_data["file"].name, month, valid_only)


def _ask_mapping(
    request: HttpRequest,
    token: str,
    headers: list[str],
    month: YearMonth | None,
    valid_only: bool,
    name: str,
) -> HttpResponse:
    suggestions = {h: s.value for h in headers if (s := suggest_category(h)) is not None}
    mapping_form = MappingForm(headers=headers, initial_map=suggestions)
    context = {
        "mapping_form": mapping_form,
        "token": token,
        "month": month or "",
        "valid_only": valid_only,
    }
    return _render(request, file_name=name, **context)


def _with_mapping(request: HttpRequest) -> HttpResponse:
    token = request.POST["token"]
    data = _unstash(token)
    if data is None:
        return _render(request, error="上传的文件已失效，请重新上传")
    try:
        sheets, _ = read_payroll_sheets(data)
    except ImportFileError as exc:
        return _render(request, error=str(exc))
    headers = unmapped_headers(sheets, saved_mapping())
    mapping_form = MappingForm(request.POST, headers=headers, initial_map={})
    month_text = request.POST.get("month", "")
    month = YearMonth.parse(month_text) if month_text else None
    valid_only = request.POST.get("valid_only") in ("True", "on", "1")
    name = request.POST.get("file_name", "")
    if not mapping_form.is_valid():
        context = {
            "mapping_form": mapping_form,
            "token": token,
            "month": month or "",
            "valid_only": valid_only,
        }
        return _render(request, file_name=name, **context)
    payroll_mapping_save(actor=request.user, mapping=mapping_form.mapping())
    return _run(request, data, name, month, valid_only)


def _run(
    request: HttpRequest, data: bytes, name: str, month: YearMonth | None, valid_only: bool
) -> HttpResponse:
    try:
        report = payroll_import(
            actor=request.user, source=data, source_name=name, month=month, valid_only=valid_only
        )
    except (ImportFileError, InvalidInput) as exc:
        message = (
            str(exc)
            if isinstance(exc, ImportFileError)
            else "；".join(m for v in exc.errors.values() for m in v)
        )
        return _render(request, error=message)
    return _render(request, report=report)
