"""The applicant's own page on the phone: where they stand, what comes next and by when, who
looks after them, the steps done. Only their own record, and of other people only the names of
their contact persons and sponsors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from dangjian.accounts.access import may_develop_in, require
from dangjian.core.errors import InvalidInput
from dangjian.development.account_services import applicant_login_create
from dangjian.development.own import own_progress
from dangjian.development.selectors import access_applicant
from dangjian.development.services import NOT_YOUR_BRANCH
from dangjian.members.forms import ChineseForm


@login_required
def own_page(request: HttpRequest) -> HttpResponse:
    progress = own_progress(request.user, timezone.localdate())
    if progress is None:
        raise Http404("当前账号没有关联的入党申请")
    return render(request, "development/own.html", {"p": progress, "nav": "development_own"})


class LoginForm(ChineseForm):
    username = forms.CharField(label="用户名", max_length=150)


@login_required
def login_create_page(request: HttpRequest, applicant_id: int) -> HttpResponse:
    """The secretary makes the person's login; the initial password is shown on this answer
    only (not stored, not cached), to hand over in person."""
    applicant = access_applicant(request.user, applicant_id)
    require(may_develop_in(request.user, applicant.organization), NOT_YOUR_BRANCH)
    form = LoginForm(request.POST or None)
    context: dict[str, Any] = {"applicant": applicant, "form": form, "nav": "development"}
    if request.method == "POST" and form.is_valid():
        try:
            user, password = applicant_login_create(
                actor=request.user, applicant_id=applicant.pk,
                username=form.cleaned_data["username"],
            )  # fmt: skip
        except InvalidInput as exc:
            form.add_service_errors(exc)
        else:
            context.update(created=user, password=password)
    response = render(request, "development/own_login.html", context)
    add_never_cache_headers(response)
    return response
