"""Pages of 发展党员 (server-rendered, Chinese)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


@login_required
def pipeline_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("发展党员")
