"""The 党内统计年报 pages (tables, the list behind a cell, .xlsx and PDF) and the report
builder: adapters over ``tables.annual_report`` and ``builder.build_report``.

Every door reads the same report, so the page, the sheet, the PDF and the lists agree.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.accounts.access import may_manage_some_organization, require, visible_organizations
from dangjian.core.errors import InvalidInput
from dangjian.members.forms import DATE_INPUT, ChineseForm, set_choices
from dangjian.reports import builder
from dangjian.reports.exports import XLSX, annual_pdf, write_tables
from dangjian.reports.models import ATTRIBUTES, ROW_KINDS
from dangjian.reports.selectors import annual_report, cell_lines
from dangjian.reports.tables import (
    AnnualReport,
    Table,
)
from dangjian.rules.organization import OrgKind

FIRST_YEAR = 1921  # the founding of the Party: no statistical year before it


def _org_choices(user: Any) -> list[tuple[int, str]]:
    orgs = visible_organizations(user).exclude(kind=OrgKind.GROUP).order_by("path")
    return [(o.pk, o.name) for o in orgs[:2000]]


class YearForm(ChineseForm):
    organization_id = forms.TypedChoiceField(coerce=int, label="党组织（含下级）")
    year = forms.IntegerField(label="统计年度")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.org_choices = _org_choices(user)
        set_choices(self, "organization_id", self.org_choices)

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        latest = timezone.localdate().year
        if not FIRST_YEAR <= year <= latest:
            raise forms.ValidationError(f"统计年度应在{FIRST_YEAR}年至{latest}年之间")
        return year


def _report_from(request: HttpRequest) -> tuple[YearForm, AnnualReport | None]:
    require(may_manage_some_organization(request.user), "该页面仅供党务工作者使用")
    form = YearForm(request.GET or None, user=request.user)
    if not request.GET:
        initial: dict[str, object] = {"year": timezone.localdate().year - 1}
        if form.org_choices:
            initial["organization_id"] = form.org_choices[0][0]
        form = YearForm(initial, user=request.user)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, annual_report(request.user, data["organization_id"], data["year"])


@login_required
def tables_page(request: HttpRequest) -> HttpResponse:
    """The tables of a year for a subtree, each cell opening the list behind it."""
    form, report = _report_from(request)
    context = {"form": form, "report": report, "nav": "reports",
               "query": _shown(report) if report else request.GET.urlencode()}  # fmt: skip
    return render(request, "reports/tables.html", context, status=400 if form.errors else 200)


@login_required
def cell_page(request: HttpRequest) -> HttpResponse:
    """The people or organisations behind one cell (recomputed for the asker: the same ids)."""
    _form, report = _report_from(request)
    if report is None:
        raise Http404("未找到该统计表")
    table = report.table(request.GET.get("table", ""))
    cell = table.cell(request.GET.get("row", ""), request.GET.get("col", "")) if table else None
    if table is None or cell is None:
        raise Http404("未找到该单元格")
    context = {"report": report, "table": table, "cell": cell, "nav": "reports",
               "lines": cell_lines(request.user, cell)[:], "query": _shown(report)}  # fmt: skip
    return render(request, "reports/cell.html", context)


def _shown(report: AnnualReport) -> str:
    """The query of the report shown (its organisation and year): the page opened without one
    shows the defaults, and its cell and export links must open those same tables."""
    return urlencode({"organization_id": report.organization_id, "year": report.year})


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def tables_xlsx(request: HttpRequest) -> HttpResponse:
    """The tables as .xlsx, one sheet a table."""
    form, report = _report_from(request)
    if report is None:
        return render(request, "reports/tables.html", {"form": form, "report": None}, status=400)
    out = io.BytesIO()
    source = f"本表数据来自{report.frozen_at}冻结的统计快照" if report.frozen_at else ""
    write_tables(report.tables, report.organization_name, report.as_of_text, out, source=source)
    name = f"党内统计年报_{report.organization_name}_{report.year}.xlsx"
    return _download(out.getvalue(), name, XLSX)


@login_required
def tables_pdf(request: HttpRequest) -> HttpResponse:
    """The tables as PDF."""
    form, report = _report_from(request)
    if report is None:
        return render(request, "reports/tables.html", {"form": form, "report": None}, status=400)
    name = f"党内统计年报_{report.organization_name}_{report.year}.pdf"
    return _download(annual_pdf(report), name, "application/pdf")


class BuilderForm(ChineseForm):
    root_id = forms.TypedChoiceField(coerce=int, label="统计范围（党组织）")
    row_kind = forms.ChoiceField(label="行：党组织层级", choices=list(ROW_KINDS.items()))
    attribute = forms.ChoiceField(label="列：统计项", choices=list(ATTRIBUTES.items()))
    on = forms.DateField(widget=DATE_INPUT, label="统计日期")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.org_choices = _org_choices(user)
        set_choices(self, "root_id", self.org_choices)

    def clean_on(self) -> date:
        on: date = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError("统计日期不能晚于今天")
        return on


def _builder_from(request: HttpRequest) -> tuple[BuilderForm, Table | None]:
    require(may_manage_some_organization(request.user), "该页面仅供党务工作者使用")
    form = BuilderForm(request.GET or None, user=request.user)
    if not request.GET:
        initial: dict[str, object] = {"on": timezone.localdate(), "row_kind": "branch",
                                      "attribute": "age_band"}  # fmt: skip
        if form.org_choices:
            initial["root_id"] = form.org_choices[0][0]
        return BuilderForm(initial=initial, user=request.user), None
    if not form.is_valid():
        return form, None
    d = form.cleaned_data
    try:
        table = builder.build_report(request.user, d["root_id"], d["row_kind"], d["attribute"],
                                     d["on"])  # fmt: skip
    except InvalidInput as exc:
        form.add_service_errors(exc)
        return form, None
    return form, table


@login_required
def builder_page(request: HttpRequest) -> HttpResponse:
    """Choose rows, columns and a date; see the table; save the definition."""
    form, table = _builder_from(request)
    context = {"form": form, "table": table, "nav": "reports_builder",
               "saved": builder.saved_reports(request.user), "query": request.GET.urlencode(),
               "save_error": ""}  # fmt: skip
    return render(request, "reports/builder.html", context, status=400 if form.errors else 200)


@login_required
def builder_xlsx(request: HttpRequest) -> HttpResponse:
    form, table = _builder_from(request)
    if table is None:
        return builder_page(request)
    out = io.BytesIO()
    root = dict(form.org_choices).get(form.cleaned_data["root_id"], "")
    write_tables([table], root, f"{form.cleaned_data['on']:%Y年%m月%d日}", out)
    return _download(out.getvalue(), f"{table.title}_{root}.xlsx", XLSX)


@login_required
@require_POST
def builder_save(request: HttpRequest) -> HttpResponse:
    """Save the definition shown (its query) under a name."""
    require(may_manage_some_organization(request.user), "该页面仅供党务工作者使用")
    form = BuilderForm(request.POST, user=request.user)
    if form.is_valid():
        d = form.cleaned_data
        try:
            builder.saved_report_create(actor=request.user, name=request.POST.get("name", ""),
                                        root_id=d["root_id"], row_kind=d["row_kind"],
                                        attribute=d["attribute"], on=d["on"])  # fmt: skip
        except InvalidInput as exc:
            form.add_service_errors(exc)
    if form.errors:
        context = {"form": form, "table": None, "nav": "reports_builder",
                   "saved": builder.saved_reports(request.user), "query": ""}  # fmt: skip
        return render(request, "reports/builder.html", context, status=400)
    return redirect("reports:builder")


@login_required
@require_POST
def builder_delete(request: HttpRequest, report_id: int) -> HttpResponse:
    try:
        builder.saved_report_delete(actor=request.user, report_id=report_id)
    except InvalidInput:
        raise Http404("未找到该报表") from None
    return redirect("reports:builder")
