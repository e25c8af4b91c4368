"""Excel pages of the member archive: import (党员 or 党组织), templates and export.

Adapters only: parse the request, call the excel module, render. Managers only.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from functools import partial
from io import BytesIO
from typing import IO, Any
from urllib.parse import quote

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from dangjian.accounts.access import (
    access_organization,
    may_add_organizations,
    may_manage_org,
    may_manage_some_organization,
    may_reveal,
    require,
    visible_organizations,
)
from dangjian.core.actor import Actor
from dangjian.core.audit import audit
from dangjian.core.errors import InvalidInput
from dangjian.core.uploads import discard_upload, stash_upload, unstash_upload
from dangjian.core.workbook import WorkbookField
from dangjian.members.excel import (
    ImportFileError,
    ImportReport,
    import_members,
    import_orgs,
    write_member_export,
    write_member_template,
    write_org_template,
)
from dangjian.members.excel.mapping import ColumnMapping, FileShape, inspect_file
from dangjian.members.excel.mapping_form import MemberMappingForm
from dangjian.members.excel.mapping_store import import_mapping_save, saved_import_mapping
from dangjian.members.excel.sheets import read_sheets
from dangjian.members.selectors import member_search
from dangjian.members.views import _filters
from dangjian.orgs.models import Organization
from dangjian.rules.organization import OrgKind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MANAGERS_ONLY = "该页面仅供党务工作者使用"
BRANCH_KINDS = [k.value for k in OrgKind if k.is_branch]
_SHOWN_ROWS = 1000
UPLOADS = "members"
CHANGED_MEANWHILE = "导入期间数据被其他操作修改，本次未导入任何数据，请重新上传"


class ImportForm(forms.Form):
    file = WorkbookField(allow_csv=True, error_messages={"required": "请选择要导入的文件"})
    kind = forms.ChoiceField(
        label="导入内容",
        choices=[("members", "党员"), ("orgs", "党组织")],
        initial="members",
        widget=forms.RadioSelect,
    )
    valid_only = forms.BooleanField(label="只导入校验通过的行", required=False)


@dataclass(frozen=True)
class ExportSubject:
    """What an export's audit row points at: the organisation filtered on, or the whole scope."""

    pk: int | str
    label: str

    def __str__(self) -> str:
        return self.label


def _attachment(filename: str, fallback: str) -> str:
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def _xlsx_response(body: IO[bytes], filename: str, fallback: str) -> HttpResponseBase:
    response = FileResponse(body, content_type=XLSX)
    response["Content-Disposition"] = _attachment(filename, fallback)
    return response


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    require(may_manage_some_organization(request.user), MANAGERS_ONLY)
    if request.method == "POST" and request.POST.get("token"):
        return _with_mapping(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _render(request, form=form)
    if form.cleaned_data["kind"] == "members":
        return _members_upload(request, form)
    return _render(request, form=form, report=_run_import(request, form))


def _render(request: HttpRequest, **context: Any) -> HttpResponse:
    context.setdefault("form", ImportForm())
    context.update(
        nav="import", shown=_SHOWN_ROWS, may_add_organizations=may_add_organizations(request.user)
    )
    report = context.get("report")
    if report is not None:
        context["rows"] = report.rows[:_SHOWN_ROWS]
        context["problems"] = report.problems[:_SHOWN_ROWS]
    return render(request, "members/import.html", context)


def _branches(user: Actor) -> list[Organization]:
    return list(
        visible_organizations(user)
        .filter(kind__in=BRANCH_KINDS, dissolved_on__isnull=True)
        .order_by("path")
    )


def _shape(user: Actor, data: bytes) -> FileShape:
    """What the mapping screen asks about this file (ImportFileError when it cannot be read)."""
    sheets = read_sheets(data)
    return inspect_file([s.rows for s in sheets], saved_import_mapping(user))


def _members_upload(request: HttpRequest, form: ImportForm) -> HttpResponse:
    """A template-shaped file imports at once; any other roster goes to the mapping screen."""
    upload, valid_only = form.cleaned_data["file"], form.cleaned_data["valid_only"]
    data = upload.read()
    try:
        shape = _shape(request.user, data)
    except ImportFileError as exc:
        form.add_error("file", str(exc))
        return _render(request, form=form)
    if shape.ready:
        return _render(request, form=form, report=_run_members(request, form, data, upload.name))
    mapping_form = MemberMappingForm(shape=shape, branches=_branches(request.user))
    return _ask_mapping(request, mapping_form, stash_upload(data, UPLOADS), upload.name, valid_only)


def _ask_mapping(
    request: HttpRequest, mapping_form: MemberMappingForm, token: str, name: str, valid_only: bool
) -> HttpResponse:
    context = {"token": token, "file_name": name, "valid_only": valid_only}
    return _render(request, mapping_form=mapping_form, **context)


def _with_mapping(request: HttpRequest) -> HttpResponse:
    """The mapping screen was sent: save the decisions for next time, then import."""
    token, name = request.POST["token"], request.POST.get("file_name", "")[:200]
    valid_only = request.POST.get("valid_only") in ("True", "on", "1")
    data = unstash_upload(token, UPLOADS)
    if data is None:
        return _render(request, error="上传的文件已失效，请重新上传")
    try:
        shape = _shape(request.user, data)
    except ImportFileError as exc:
        return _render(request, error=str(exc))
    mapping_form = MemberMappingForm(request.POST, shape=shape, branches=_branches(request.user))
    if not mapping_form.is_valid():
        return _ask_mapping(request, mapping_form, token, name, valid_only)
    mapping = mapping_form.mapping()
    try:
        import_mapping_save(
            actor=request.user, mapping=mapping.merged_over(saved_import_mapping(request.user))
        )
    except InvalidInput as exc:
        mapping_form.add_error(None, "；".join(m for v in exc.errors.values() for m in v))
        return _ask_mapping(request, mapping_form, token, name, valid_only)
    report, error = _import_mapped(request, data, name, valid_only, mapping)
    if report is not None:
        discard_upload(token, UPLOADS)
    return _render(request, report=report, error=error)


def _import_mapped(
    request: HttpRequest, data: bytes, name: str, valid_only: bool, mapping: ColumnMapping | None
) -> tuple[ImportReport | None, str]:
    """The report, or the reason the file could not be imported at all."""
    try:
        report = import_members(
            actor=request.user,
            source=data,
            valid_only=valid_only,
            source_name=name,
            mapping=mapping,
        )
    except ImportFileError as exc:
        return None, str(exc)
    except IntegrityError:  # someone saved the same ID number meanwhile; nothing was kept
        return None, CHANGED_MEANWHILE
    return report, ""


def _run_members(
    request: HttpRequest, form: ImportForm, data: bytes, name: str
) -> ImportReport | None:
    report, error = _import_mapped(request, data, name, form.cleaned_data["valid_only"], None)
    if error:
        form.add_error("file", error)
    return report


def _run_import(request: HttpRequest, form: ImportForm) -> ImportReport | None:
    data = form.cleaned_data
    if not may_add_organizations(request.user):
        form.add_error("kind", "只有组织管理员可以导入党组织")
        return None
    upload = data["file"]
    try:
        return import_orgs(
            actor=request.user,
            source=upload,
            valid_only=data["valid_only"],
            source_name=upload.name,
        )
    except ImportFileError as exc:
        form.add_error("file", str(exc))
    except IntegrityError:  # someone saved the same code meanwhile; nothing was kept
        form.add_error("file", CHANGED_MEANWHILE)
    return None


@login_required
def import_template(request: HttpRequest) -> HttpResponseBase:
    require(may_manage_some_organization(request.user), MANAGERS_ONLY)
    buffer = BytesIO()
    if request.GET.get("kind") == "orgs":
        require(may_add_organizations(request.user), "只有组织管理员可以导入党组织")
        write_org_template(buffer, example_parent=_example_parent(request.user))
        name, fallback = "党组织导入模板.xlsx", "org_import_template.xlsx"
    else:
        branches = _branches(request.user)
        write_member_template(
            buffer, example_branch=branches[0] if branches else None, branches=branches
        )
        name, fallback = "党员导入模板.xlsx", "member_import_template.xlsx"
    buffer.seek(0)
    return _xlsx_response(buffer, name, fallback)


def _example_parent(user: Actor) -> Organization | None:
    """The highest organisation the user may add branches to, for the example row."""
    candidates = visible_organizations(user).filter(
        kind__in=[OrgKind.COMMITTEE.value, OrgKind.GENERAL_BRANCH.value], dissolved_on__isnull=True
    )
    return next(
        (o for o in candidates.order_by("depth", "path")[:50] if may_manage_org(user, o)), None
    )


@login_required
def export_members(request: HttpRequest) -> HttpResponseBase:
    """The member list as filtered on the list page, as .xlsx; personal numbers masked by default."""
    user = request.user
    require(may_manage_some_organization(user), MANAGERS_ONLY)
    form, filters = _filters(request)
    if form.is_bound and "organization_id" in form.errors:
        raise PermissionDenied("无权导出该组织的党员")
    org = access_organization(user, filters.organization_id) if filters.organization_id else None
    today = timezone.localdate()
    members = member_search(user, filters, today).select_related("organization", "party_group")
    # Rows go to a temporary file, not memory; FileResponse closes it once it is sent.
    body = tempfile.TemporaryFile()  # noqa: SIM115
    result = write_member_export(
        body, members.iterator(chunk_size=2000), on=today, may_reveal=partial(may_reveal, user)
    )
    subject = ExportSubject(
        org.pk if org else "", f"党员名册：{org.name if org else '全部可见范围'}"
    )
    detail = f"导出{result.rows}名党员，其中{result.revealed}名显示完整证件号；筛选：{request.GET.urlencode()}"
    audit(actor=user, action="member.export", obj=subject, detail=detail)
    body.seek(0)
    return _xlsx_response(body, f"党员名册_{today:%Y%m%d}.xlsx", f"members_{today:%Y%m%d}.xlsx")
