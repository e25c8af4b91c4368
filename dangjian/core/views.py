"""Home (what needs attention) and the audit log."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dangjian.accounts.access import require, scope_for
from dangjian.core.attention import attention_items
from dangjian.core.models import AuditLog
from dangjian.dues.selectors import dues_attention


@login_required
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    items = attention_items(request.user, today) + dues_attention(request.user, today)
    context = {"items": items, "today": today, "nav": "home"}
    return render(request, "core/home.html", context)


AUDIT_DAYS_DEFAULT, AUDIT_DAYS_MAX = 30, 36600


def _days(text: str) -> int:
    """The look-back window in days: 1..AUDIT_DAYS_MAX; anything else reads as the default."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 6:
        return AUDIT_DAYS_DEFAULT
    return min(max(int(text), 1), AUDIT_DAYS_MAX)


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    require(scope_for(request.user).everything, "审计日志仅系统管理员可查看")
    since = timezone.now() - timedelta(days=_days(request.GET.get("days", "")))
    qs = AuditLog.objects.filter(at__gte=since).select_related("actor")
    if request.GET.get("action"):
        qs = qs.filter(action=request.GET["action"])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit.html", {"page": page, "nav": "audit"})
