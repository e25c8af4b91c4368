"""Excel downloads of the 党员动态 registers, for 党务工作者 (each register's rows are the
asker's scope, the same as the pages), and the imports of the 流动党员 and 失联党员 registers
and of historic transfers."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dangjian.accounts.access import (
    may_manage_some_organization,
    require,
    visible_organizations,
)
from dangjian.core.audit import audit
from dangjian.core.workbook import ImportFileError, WorkbookField
from dangjian.dynamics import exports
from dangjian.dynamics.display import org_choices_labelled
from dangjian.dynamics.excel_import import RegisterImport, import_floating, write_template
from dangjian.dynamics.lost_import import import_lost
from dangjian.dynamics.lost_import import write_template as lost_template
from dangjian.dynamics.transfer_import import import_transfers
from dangjian.dynamics.transfer_import import write_template as transfer_template
from dangjian.orgs.models import Organization
from dangjian.rules.organization import OrgKind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(request: HttpRequest, data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    filename = quote(f"{name}{timezone.localdate():%Y%m%d}.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def _manager(request: HttpRequest) -> None:
    require(may_manage_some_organization(request.user), "该页面仅供党务工作者使用")


@login_required
def transfers_export(request: HttpRequest) -> HttpResponse:
    _manager(request)
    data = exports.transfers_xlsx(request.user, timezone.localdate())
    return _file(request, data, "组织关系转接登记簿")


@login_required
def letters_export(request: HttpRequest) -> HttpResponse:
    _manager(request)
    data = exports.letters_xlsx(request.user, timezone.localdate())
    return _file(request, data, "介绍信登记簿")


@login_required
def floating_export(request: HttpRequest) -> HttpResponse:
    """``?all=1`` includes records of members who have returned."""
    _manager(request)
    data = exports.floating_xlsx(
        request.user, timezone.localdate(), include_returned=request.GET.get("all") == "1"
    )
    return _file(request, data, "流动党员登记簿")


# -- the Excel import of the 流动党员 register ---------------------------------------------

_SHOWN_ROWS = 500


class BranchImportForm(forms.Form):
    """A register file imported into one branch the asker looks after (流动党员, 失联党员)."""

    branch = forms.TypedChoiceField(label="导入到党支部", coerce=int,
                                    error_messages={"required": "请选择党支部",
                                                    "invalid_choice": "请选择您负责的党支部"})  # fmt: skip
    file = WorkbookField(allow_csv=True, error_messages={"required": "请选择要导入的文件"})

    def __init__(self, *args: Any, branches: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.branches = {b.pk: b for b in branches}
        labelled = [(b.pk, b.label) for b in org_choices_labelled(branches)]
        self.fields["branch"].choices = [("", "请选择"), *labelled]  # type: ignore[attr-defined]


FloatingImportForm = BranchImportForm


def _branches(request: HttpRequest) -> list[Organization]:
    kinds = [k.value for k in OrgKind if k.is_branch]
    found = visible_organizations(request.user).filter(kind__in=kinds, dissolved_on__isnull=True)
    return list(found.order_by("path")[:2000])


def _result_context(result: RegisterImport, *, commit: bool) -> dict[str, Any]:
    """What ``_register_import_report.html`` shows of a register import's result (the
    floating, historic-transfer and lost-contact imports share it)."""
    report = result.report
    return {"report": report, "summary": result.summary, "preview": not commit,
            "good_rows_label": result.good_rows_label, "rows": report.rows[:_SHOWN_ROWS],
            "problems": report.problems[:_SHOWN_ROWS]}  # fmt: skip


@login_required
def floating_import(request: HttpRequest) -> HttpResponse:
    """Upload the register: "预览" checks every row and keeps nothing; "导入" writes the whole
    file or, when a row is refused, nothing."""
    _manager(request)
    form = BranchImportForm(request.POST or None, request.FILES or None,
                              branches=_branches(request))  # fmt: skip
    context: dict[str, Any] = {"form": form, "nav": "dynamics", "shown": _SHOWN_ROWS}
    if request.method == "POST" and form.is_valid():
        branch = form.branches[form.cleaned_data["branch"]]
        commit = "commit" in request.POST
        try:
            result = import_floating(actor=request.user, branch=branch,
                                     source=form.cleaned_data["file"], commit=commit)  # fmt: skip
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            context.update(_result_context(result, commit=commit))
            if result.report.committed:
                audit(actor=request.user, action="dynamics.import", obj=branch,
                      detail=f"Excel导入流动党员：{result.summary}"[:300])  # fmt: skip
    return render(request, "dynamics/floating_import.html", context)


@login_required
def floating_import_template(request: HttpRequest) -> HttpResponse:
    _manager(request)
    return _file(request, write_template(), "流动党员导入模板")


# -- the Excel import of historic transfers ------------------------------------------------


class TransferImportForm(forms.Form):
    file = WorkbookField(allow_csv=True, error_messages={"required": "请选择要导入的文件"})


@login_required
def transfer_import(request: HttpRequest) -> HttpResponse:
    """Upload the old register of completed transfers: "预览" checks every row and keeps
    nothing; "导入" records the whole file or, when a row is refused, nothing."""
    _manager(request)
    form = TransferImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "nav": "dynamics", "shown": _SHOWN_ROWS}
    if request.method == "POST" and form.is_valid():
        commit = "commit" in request.POST
        try:
            result = import_transfers(
                actor=request.user, source=form.cleaned_data["file"], commit=commit
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            context.update(_result_context(result, commit=commit))
            # Each transfer recorded is audited by its service (transfer.historic).
    return render(request, "dynamics/transfer_import.html", context)


@login_required
def transfer_import_template(request: HttpRequest) -> HttpResponse:
    _manager(request)
    return _file(request, transfer_template(), "历史组织关系转接导入模板")


# -- the Excel import of the 失联党员 register ---------------------------------------------


@login_required
def lost_import(request: HttpRequest) -> HttpResponse:
    """Upload the 失联党员 register into one branch: "预览" checks every row and keeps
    nothing; "导入" writes the whole file or, when a row is refused, nothing. The same page
    rights as recording a lost contact (each row's member is checked by the service)."""
    _manager(request)
    form = BranchImportForm(request.POST or None, request.FILES or None,
                              branches=_branches(request))  # fmt: skip
    context: dict[str, Any] = {"form": form, "nav": "dynamics", "shown": _SHOWN_ROWS}
    if request.method == "POST" and form.is_valid():
        branch = form.branches[form.cleaned_data["branch"]]
        commit = "commit" in request.POST
        try:
            result = import_lost(actor=request.user, branch=branch,
                                 source=form.cleaned_data["file"], commit=commit)  # fmt: skip
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            context.update(_result_context(result, commit=commit))
            # Each record, search and finding written is audited by its service.
    return render(request, "dynamics/lost_import.html", context)


@login_required
def lost_import_template(request: HttpRequest) -> HttpResponse:
    _manager(request)
    return _file(request, lost_template(), "失联党员导入模板")
