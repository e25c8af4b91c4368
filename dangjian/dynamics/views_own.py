"""The member's own 党员动态 page on the phone (``/dynamics/me/``): apply for a transfer and
follow it, report where they are while floating. Only their own record."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from dangjian.core.errors import Conflict, InvalidInput
from dangjian.dynamics.applications import own_applications
from dangjian.dynamics.forms import TEXTAREA, DynamicsForm
from dangjian.dynamics.own import (
    NoOwnMember,
    destination_choices,
    own_floating,
    own_member,
    own_transfer_apply,
    own_transfer_rows,
    own_whereabouts_report,
)


class ApplyForm(DynamicsForm):
    destination = forms.CharField(
        label="转入党支部（全称，同名的写明上级党组织）", max_length=120,
        widget=forms.TextInput(attrs={"list": "destination-choices", "autocomplete": "off"}),
    )  # fmt: skip
    reason = forms.CharField(label="转接原因", max_length=300, widget=TEXTAREA)


class ReportForm(DynamicsForm):
    place = forms.CharField(label="目前所在地", max_length=120)
    summary = forms.CharField(label="近况（可不填）", max_length=150, required=False,
                              widget=TEXTAREA)  # fmt: skip


def _page(request: HttpRequest, forms_given: dict[str, DynamicsForm]) -> HttpResponse:
    context: dict[str, Any] = {
        "member": own_member(request.user),
        "transfers": own_transfer_rows(request.user),
        "applications": list(own_applications(request.user)[:20]),
        "floating": own_floating(request.user),
        "apply_form": forms_given.get("apply") or ApplyForm(prefix="apply"),
        # After a name several branches share, the page lists them by parent to choose from.
        "destination_choices": destination_choices(request.POST.get("apply-destination", ""))
        if "apply" in forms_given
        else [],
        "report_form": forms_given.get("report") or ReportForm(prefix="report"),
        "nav": "dynamics_own",
    }
    status = 400 if forms_given else 200
    return render(request, "dynamics/own.html", context, status=status)


@login_required
def own_page(request: HttpRequest) -> HttpResponse:
    try:
        if request.method != "POST":
            return _page(request, {})
        if "apply-destination" in request.POST:
            return _apply(request)
        return _report(request)
    except NoOwnMember as exc:
        raise Http404(str(exc)) from None


def _apply(request: HttpRequest) -> HttpResponse:
    form = ApplyForm(request.POST, prefix="apply")
    if form.is_valid():
        try:
            own_transfer_apply(actor=request.user, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_service_errors(exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已提交组织关系转接申请，等待党支部办理")
            return redirect("dynamics:own")
    return _page(request, {"apply": form})


def _report(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST, prefix="report")
    if form.is_valid():
        try:
            own_whereabouts_report(actor=request.user, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已报告目前所在地，党支部可以看到")
            return redirect("dynamics:own")
    return _page(request, {"report": form})
