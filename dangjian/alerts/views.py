"""Pages of 智能研判. Adapters: parse the filters, call the scoped selectors, render.

``/alerts/`` lists the alerts of the asker's scope with filters; ``/alerts/export.xlsx`` the
same list as Excel; ``/alerts/scores/`` the health score's formula, the ten branches most in
need of attention and one branch's monthly trend (``?org=``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dangjian.accounts.access import may_manage_some_organization, require
from dangjian.alerts import selectors
from dangjian.alerts.exports import alerts_xlsx
from dangjian.alerts.selectors import STATES, AlertFilters
from dangjian.core.bounds import parse_id
from dangjian.core.errors import InvalidInput
from dangjian.orgs.selectors import org_choices
from dangjian.rules.alerts import ALERT_KINDS, AlertSeverity, formula_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_ROWS = 200


def _filters(request: HttpRequest) -> AlertFilters:
    require(may_manage_some_organization(request.user), "智能研判仅供党务工作者查看")
    return AlertFilters.parse({k: str(v) for k, v in request.GET.items()})


def _choices(request: HttpRequest) -> dict[str, object]:
    return {"kinds": list(ALERT_KINDS.values()), "severities": list(AlertSeverity),
            "states": STATES, "organizations": org_choices(request.user)}  # fmt: skip


@login_required
def alert_list(request: HttpRequest) -> HttpResponse:
    """The alerts of the asker's scope, filtered; at most ``PAGE_ROWS`` rows (the export
    has them all)."""
    try:
        filters = _filters(request)
    except InvalidInput as exc:
        context = {**_choices(request), "errors": exc.errors, "alerts": [], "nav": "alerts"}
        return render(request, "alerts/list.html", context, status=400)
    alerts = selectors.alert_list(request.user, filters)
    context = {**_choices(request), "filters": filters, "alerts": alerts[:PAGE_ROWS],
               "total": alerts.count(), "limit": PAGE_ROWS, "query": request.GET.urlencode(),
               "counts": selectors.open_alert_counts(request.user), "nav": "alerts"}  # fmt: skip
    return render(request, "alerts/list.html", context)


@login_required
def alert_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as .xlsx (every row)."""
    try:
        filters = _filters(request)
    except InvalidInput as exc:
        context = {**_choices(request), "errors": exc.errors, "alerts": [], "nav": "alerts"}
        return render(request, "alerts/list.html", context, status=400)
    today = timezone.localdate()
    body = alerts_xlsx(selectors.alert_list(request.user, filters).iterator(), today)
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="alerts-{today:%Y%m%d}.xlsx"'
    return response


@login_required
def scores(request: HttpRequest) -> HttpResponse:
    """The formula, the ten branches most in need of attention, and a branch's trend."""
    require(may_manage_some_organization(request.user), "智能研判仅供党务工作者查看")
    text = request.GET.get("org", "").strip()
    org_id = parse_id(text) if text else None
    errors = {"org": [f"党组织编号“{text[:20]}”无法识别"]} if text and org_id is None else {}
    trend = selectors.score_trend(request.user, org_id) if org_id is not None else []
    context = {
        "errors": errors,
        "formula": formula_text(settings.ALERT_WEIGHTS),
        "weights": settings.ALERT_WEIGHTS,
        "top": selectors.needing_attention(request.user),
        "branches": selectors.scored_branches(request.user),
        "trend": trend,
        "org_id": org_id,
        "nav": "alerts_scores",
    }
    return render(request, "alerts/scores.html", context, status=400 if errors else 200)
