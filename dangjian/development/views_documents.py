"""Documents and spreadsheets of 发展党员: the 公示, the 全程纪实表, the 支部大会's resolution,
the pipeline and annual statistics as .xlsx, and the Excel import of people already in the
process.

Adapters only: each view reads the person through the scoped selector (404 for a person of a
branch the user does not look after), checks that the user may work on the branch, and hands
the record to ``development.documents`` or ``development.excel_import``.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dangjian.accounts.access import (
    access_organization,
    may_develop_in,
    may_manage_some_organization,
    require,
    visible_organizations,
)
from dangjian.core.actor import Actor
from dangjian.core.audit import audit
from dangjian.core.errors import Conflict
from dangjian.core.workbook import ImportFileError, WorkbookField
from dangjian.development import documents
from dangjian.development.excel_import import DevelopmentImport, import_development, write_template
from dangjian.development.selectors import Dossier, dossier
from dangjian.documents.notices import notice_docx, notice_pdf
from dangjian.documents.word import DocumentError
from dangjian.members.excel_views import ExportSubject
from dangjian.orgs.models import Organization
from dangjian.rules.development.designation import NoticePlace
from dangjian.rules.organization import OrgKind

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
MANAGERS_ONLY = "该页面仅供党务工作者使用"
NOT_YOUR_BRANCH = "无权制作该党支部的发展党员文书"
_SHOWN_ROWS = 1000


def _download(body: bytes, content_type: str, filename: str, fallback: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "development/docs_refused.html", {"message": message}, status=status)


def _person(request: HttpRequest, applicant_id: int) -> Dossier:
    """The dossier of a person of a branch the user works on (404 outside the scope, 403 for
    one who only sees it, such as the applicant themself)."""
    found = dossier(request.user, applicant_id)
    require(may_develop_in(request.user, found.applicant.organization), NOT_YOUR_BRANCH)
    return found


def _made(request: HttpRequest, found: Dossier, what: str) -> None:
    audit(actor=request.user, action="development.document", obj=found.applicant,
          detail=f"{found.applicant.name}：{what}")  # fmt: skip


def _document(
    request: HttpRequest, applicant_id: int, what: str, make: Any, content_type: str, suffix: str
) -> HttpResponse:
    """Make one document of a person; a refusal of the record or a broken template is a page
    saying why, never a server error."""
    found = _person(request, applicant_id)
    try:
        body = make(found)
    except Conflict as refused:
        return _refused(request, str(refused), 409)
    except DocumentError as broken:
        return _refused(request, str(broken), 503)
    _made(request, found, what)
    return _download(body, content_type, f"{what}（{found.applicant.name}）.{suffix}",
                     f"development-{applicant_id}.{suffix}")  # fmt: skip


# -- a person's documents -------------------------------------------------------------------


def _notice_request(request: HttpRequest) -> documents.NoticeRequest:
    """The notice's first day (``starts_on``, ISO, today when absent), place, contact."""
    text = request.GET.get("starts_on", "").strip()
    try:
        starts_on = date.fromisoformat(text) if text else timezone.localdate()
    except ValueError:
        raise Conflict("公示开始日期应写作2026-06-01") from None
    place = request.GET.get("place", NoticePlace.WORK.value)
    return documents.NoticeRequest(
        starts_on=starts_on, place=place, contact=request.GET.get("contact", "")[:40],
        contact_phone=request.GET.get("contact_phone", "")[:30],
    )  # fmt: skip


def _notice_maker(request: HttpRequest, render_to: Any) -> Any:
    def make(found: Dossier) -> bytes:
        return bytes(render_to(documents.development_notice(found, _notice_request(request))))

    return make


@login_required
def notice_word(request: HttpRequest, applicant_id: int) -> HttpResponse:
    """发展对象公示 as Word (细则第十三条)."""
    make = _notice_maker(request, notice_docx)
    return _document(request, applicant_id, "发展对象公示", make, DOCX, "docx")


@login_required
def notice_pdf_view(request: HttpRequest, applicant_id: int) -> HttpResponse:
    """发展对象公示 as PDF."""
    make = _notice_maker(request, notice_pdf)
    return _document(request, applicant_id, "发展对象公示", make, PDF, "pdf")


@login_required
def record_word(request: HttpRequest, applicant_id: int) -> HttpResponse:
    """The 全程纪实表 as Word."""

    def make(found: Dossier) -> bytes:
        return documents.record_docx(found, timezone.localdate())

    return _document(request, applicant_id, "发展党员全程纪实表", make, DOCX, "docx")


@login_required
def record_pdf(request: HttpRequest, applicant_id: int) -> HttpResponse:
    """The 全程纪实表 as PDF."""

    def make(found: Dossier) -> bytes:
        return documents.record_pdf(found, timezone.localdate())

    return _document(request, applicant_id, "发展党员全程纪实表", make, PDF, "pdf")


@login_required
def resolution_page(request: HttpRequest, applicant_id: int) -> HttpResponse:
    """The 支部大会's resolution (DEV-24) as text to copy into the 入党志愿书."""
    found = _person(request, applicant_id)
    try:
        context = documents.resolution_context(found)
    except Conflict as refused:
        return _refused(request, str(refused), 409)
    return render(request, "development/docs_resolution.html",
                  {**context, "applicant": found.applicant, "nav": "development"})  # fmt: skip


@login_required
def resolution_word(request: HttpRequest, applicant_id: int) -> HttpResponse:
    """The resolution as Word."""
    return _document(request, applicant_id, "支部大会决议", documents.resolution_docx, DOCX, "docx")


# -- spreadsheets of a scope ----------------------------------------------------------------


def _subject(organization: Organization | None) -> Organization | ExportSubject:
    """What an export's audit row points at: the organisation, or the whole scope."""
    return organization or ExportSubject("scope", "全部")


def _scope_org(request: HttpRequest) -> Organization | None:
    """The organisation of ``?org=`` (404 outside the scope), or ``None`` for the whole scope."""
    require(may_manage_some_organization(request.user), MANAGERS_ONLY)
    text = request.GET.get("org", "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 18:
        raise Http404("未找到该党组织")
    return access_organization(request.user, int(text))


@login_required
def pipeline_export(request: HttpRequest) -> HttpResponse:
    """The pipeline of a branch or subtree as .xlsx."""
    organization = _scope_org(request)
    today = timezone.localdate()
    body = documents.pipeline_xlsx(request.user, organization, today)
    audit(actor=request.user, action="development.export", obj=_subject(organization),
          detail=f"导出发展党员工作进度：{organization.name if organization else '全部'}")  # fmt: skip
    return _download(body, XLSX, f"发展党员工作进度{today.isoformat()}.xlsx", "pipeline.xlsx")


@login_required
def statistics_export(request: HttpRequest) -> HttpResponse:
    """The annual development statistics (``?year=``, this year by default) as .xlsx."""
    organization = _scope_org(request)
    text = request.GET.get("year", "").strip()
    year = int(text) if text.isdigit() and len(text) == 4 else timezone.localdate().year
    if not 1900 <= year <= 2099:
        return _refused(request, "年度应在1900至2099之间", 400)
    body = documents.statistics_xlsx(request.user, organization, year)
    audit(actor=request.user, action="development.export", obj=_subject(organization),
          detail=f"导出{year}年度发展党员统计：{organization.name if organization else '全部'}")  # fmt: skip
    return _download(body, XLSX, f"{year}年度发展党员统计.xlsx", f"statistics-{year}.xlsx")


# -- the Excel import ----------------------------------------------------------------------


def _branches(user: Actor) -> list[Organization]:
    branch_kinds = [k.value for k in OrgKind if k.is_branch]
    found = visible_organizations(user).filter(kind__in=branch_kinds, dissolved_on__isnull=True)
    return [b for b in found.order_by("path") if may_develop_in(user, b)]


class ImportForm(forms.Form):
    branch = forms.TypedChoiceField(label="导入到党支部", coerce=int,
                                    error_messages={"required": "请选择党支部",
                                                    "invalid_choice": "请选择您负责的党支部"})  # fmt: skip
    file = WorkbookField(allow_csv=True, error_messages={"required": "请选择要导入的文件"})

    def __init__(self, *args: Any, branches: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.branches = {b.pk: b for b in branches}
        self.fields["branch"].choices = [("", "请选择")] + [(b.pk, b.name) for b in branches]  # type: ignore[attr-defined]


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a spreadsheet of people already in the process; the result row by row."""
    require(may_manage_some_organization(request.user), MANAGERS_ONLY)
    branches = _branches(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, branches=branches)
    context: dict[str, Any] = {"form": form, "nav": "development", "shown": _SHOWN_ROWS}
    if request.method == "POST" and form.is_valid():
        branch = form.branches[form.cleaned_data["branch"]]
        try:
            result = import_development(actor=request.user, branch=branch,
                                        source=form.cleaned_data["file"])  # fmt: skip
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            context.update(_result_context(result))
            audit(actor=request.user, action="development.import", obj=branch,
                  detail=f"Excel导入发展党员对象：{result.summary}"[:300])  # fmt: skip
    return render(request, "development/docs_import.html", context)


def _result_context(result: DevelopmentImport) -> dict[str, Any]:
    report = result.report
    return {
        "report": report,
        "summary": result.summary,
        "rows": report.rows[:_SHOWN_ROWS],
        "problems": report.problems[:_SHOWN_ROWS],
        "warnings": result.warnings[:_SHOWN_ROWS],
    }


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    """The import template (.xlsx)."""
    require(may_manage_some_organization(request.user), MANAGERS_ONLY)
    return _download(write_template(), XLSX, "发展党员导入模板.xlsx", "development-template.xlsx")
