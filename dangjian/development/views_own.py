"""The applicant's own page on the phone: where they stand, what comes next and by when, who
looks after them, the steps done. Only their own record, and of other people only the names of
their contact persons and sponsors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dangjian.development.own import own_progress


@login_required
def own_page(request: HttpRequest) -> HttpResponse:
    progress = own_progress(request.user, timezone.localdate())
    if progress is None:
        raise Http404("当前账号没有关联的入党申请")
    return render(request, "development/own.html", {"p": progress, "nav": "development_own"})
