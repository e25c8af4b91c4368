"""The sending branch's queue of members' own transfer applications (MEM-2): start the
transfer from one, or refuse it with a reason. The same services as the API."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.accounts.access import may_manage_some_organization, require
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.dynamics.applications import (
    pending_applications,
    transfer_application_refuse,
    transfer_application_start,
)
from dangjian.dynamics.forms import DynamicsForm, ReasonForm
from dangjian.members.forms import DATE_INPUT


class ApplicationStartForm(DynamicsForm):
    effective_on = forms.DateField(label="转接日期", widget=DATE_INPUT)


def _page(request: HttpRequest, failed: dict[int, DynamicsForm] | None = None) -> HttpResponse:
    given = failed or {}
    today = timezone.localdate()
    rows = [
        (a, given.get(a.pk) if isinstance(given.get(a.pk), ApplicationStartForm) else
         ApplicationStartForm(prefix=f"start-{a.pk}", initial={"effective_on": today}),
         given.get(a.pk) if isinstance(given.get(a.pk), ReasonForm) else
         ReasonForm(prefix=f"refuse-{a.pk}", label="未同意的原因"))
        for a in pending_applications(request.user)[:200]
    ]  # fmt: skip
    context = {"rows": rows, "nav": "dynamics"}
    return render(request, "dynamics/applications.html", context, status=400 if given else 200)


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    """Applications waiting for the asker's branches, oldest first (the home card's list)."""
    require(may_manage_some_organization(request.user), "该页面仅供党务工作者使用")
    return _page(request)


@login_required
@require_POST
def application_act(request: HttpRequest, application_id: int, action: str) -> HttpResponse:
    """``start`` the transfer from the application, or ``refuse`` it with a reason."""
    require(may_manage_some_organization(request.user), "该页面仅供党务工作者使用")
    form: DynamicsForm
    if action == "start":
        form = ApplicationStartForm(request.POST, prefix=f"start-{application_id}")
    elif action == "refuse":
        form = ReasonForm(request.POST, prefix=f"refuse-{application_id}", label="未同意的原因")
    else:
        raise Http404("未知的操作")
    if form.is_valid():
        try:
            if isinstance(form, ApplicationStartForm):
                transfer = transfer_application_start(
                    actor=request.user, application_id=application_id,
                    effective_on=form.cleaned_data["effective_on"],
                )  # fmt: skip
                messages.success(request, f"已为{transfer.member.name}发起组织关系转接")
                return redirect("dynamics:transfer", transfer.pk)
            transfer_application_refuse(actor=request.user, application_id=application_id,
                                        reason=form.cleaned_data["reason"])  # fmt: skip
            messages.success(request, "已答复该转接申请")
            return redirect("dynamics:applications")
        except InvalidInput as exc:
            form.add_service_errors(exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
    return _page(request, {application_id: form})
