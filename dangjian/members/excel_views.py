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
from dangjian.members.selectors import member_search
from dangjian.members.views import _filters
from dangjian.orgs.models import Organization
from dangjian.rules.organization import OrgKind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MANAGERS_ONLY = "该页面仅供党务工作者使用"
BRANCH_KINDS = [k.value for k in OrgKind if k.is_branch]
_SHOWN_ROWS = 1000


class ImportForm(forms.Form):
    file = WorkbookField(error_messages={"required": "请选择要导入的文件"})
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
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = _run_import(request, form)
    context: dict[str, Any] = {
        "form": form,
        "report": report,
        "nav": "import",
        "shown": _SHOWN_ROWS,
    }
    if report is not None:
        context["rows"] = report.rows[:_SHOWN_ROWS]
        context["problems"] = report.problems[:_SHOWN_ROWS]
    return render(request, "members/import.html", context)


def _run_import(request: HttpRequest, form: ImportForm) -> ImportReport | None:
    data = form.cleaned_data
    if data["kind"] == "orgs" and not may_add_organizations(request.user):
        form.add_error("kind", "只有组织管理员可以导入党组织")
        return None
    run = import_orgs if data["kind"] == "orgs" else import_members
    upload = data["file"]
    try:
        return run(
            actor=request.user,
            source=upload,
            valid_only=data["valid_only"],
            source_name=upload.name,
        )
    except ImportFileError as exc:
        form.add_error("file", str(exc))
    except IntegrityError:  # someone saved the same ID number or code meanwhile; nothing was kept
        form.add_error("file", "导入期间数据被其他操作修改，本次未导入任何数据，请重新上传")
    return None


@login_required
def import_template(request: HttpRequest) -> HttpResponseBase:
    require(may_manage_some_organization(request.user), MANAGERS_ONLY)
    buffer = BytesIO()
    if request.GET.get("kind") == "orgs":
        write_org_template(buffer, example_parent=_example_parent(request.user))
        name, fallback = "党组织导入模板.xlsx", "org_import_template.xlsx"
    else:
        branches = list(
            visible_organizations(request.user)
            .filter(kind__in=BRANCH_KINDS, dissolved_on__isnull=True)
            .order_by("path")
        )
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
