"""Pages of the 党委 and its organisation department for 发展党员: the queue of what waits for
the 党委, the inspection list, the annual plan against what was done, the 入党志愿书 number
ranges. Adapters: parse, call a selector (``development.queue``) or a service
(``development.plan_services``), render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from dangjian.accounts.access import (
    access_organization,
    may_decide_for_committee,
    may_manage_some_organization,
    require,
)
from dangjian.core.actor import Actor
from dangjian.core.errors import InvalidInput
from dangjian.development import plan_services, queue
from dangjian.development.forms_committee import AnnualPlanForm, NumberRangeForm, YearForm
from dangjian.dues.selectors import sheet_orgs
from dangjian.orgs.models import Organization
from dangjian.rules.sources import rule_citation

MANAGERS_ONLY = "该页面仅供党务工作者使用"


def _organization(request: HttpRequest) -> Organization | None:
    """The ``org`` of the query (404 outside the scope), ``None`` for the whole scope."""
    raw = request.GET.get("org", "")
    if not raw.isdigit():
        return None
    return access_organization(request.user, int(raw))


def _org_context(request: HttpRequest, organization: Organization | None) -> dict[str, Any]:
    return {"org": organization, "orgs": sheet_orgs(request.user)}


@login_required
def queue_page(request: HttpRequest) -> HttpResponse:
    require(may_manage_some_organization(request.user), MANAGERS_ONLY)
    organization = _organization(request)
    today = timezone.localdate()
    context = {
        "queue": queue.committee_queue(request.user, organization, today),
        "today": today,
        "tab": "queue",
        "nav": "development_committee",
        **_org_context(request, organization),
    }
    return render(request, "development/committee_queue.html", context)


@login_required
def inspection_page(request: HttpRequest) -> HttpResponse:
    require(may_manage_some_organization(request.user), MANAGERS_ONLY)
    organization = _organization(request)
    today = timezone.localdate()
    found = queue.inspection(request.user, organization, today)
    context = {
        "inspection": found,
        "overdue": [
            (d, (today - d.due_on).days, _cited(d.rule_id)) for d in found.overdue if d.due_on
        ],
        "overridden": [
            (s, [(rule, _cited(rule), why) for rule, why in s.overrides.items()])
            for s in found.overridden
        ],
        "warned": [(s, queue.step_warnings(s)) for s in found.warned],
        "today": today,
        "tab": "inspection",
        "nav": "development_committee",
        **_org_context(request, organization),
    }
    return render(request, "development/committee_inspection.html", context)


def _cited(rule_id: str) -> str:
    """The regulation and article a rule comes from, for the reader ("" when unknown)."""
    try:
        return rule_citation(rule_id)
    except KeyError:
        return ""


def _committees_decided_by(user: Actor) -> list[Organization]:
    return [c for c in queue.committees_in_scope(user) if may_decide_for_committee(user, c)]


@login_required
def plan_page(request: HttpRequest) -> HttpResponse:
    require(may_manage_some_organization(request.user), MANAGERS_ONLY)
    today = timezone.localdate()
    year_form = YearForm(request.GET if "year" in request.GET else {"year": today.year})
    year = year_form.cleaned_data["year"] if year_form.is_valid() else today.year
    committees = _committees_decided_by(request.user)
    require(request.method != "POST" or bool(committees), plan_services.NOT_YOUR_COMMITTEE)
    form = AnnualPlanForm(request.POST or None, committees=committees, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_services.annual_plan_set(actor=request.user, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已保存{plan.year}年发展党员计划：{plan.quota}名")
            return redirect(f"{request.path}?year={plan.year}")
    context = {
        "rows": queue.annual_plan_rows(request.user, year),
        "year": year,
        "year_form": year_form,
        "form": form if committees else None,
        "tab": "plan",
        "nav": "development_committee",
    }
    return render(request, "development/committee_plan.html", context)


@login_required
def form_ranges_page(request: HttpRequest) -> HttpResponse:
    require(may_manage_some_organization(request.user), MANAGERS_ONLY)
    committees = _committees_decided_by(request.user)
    require(request.method != "POST" or bool(committees), plan_services.NOT_YOUR_COMMITTEE)
    form = NumberRangeForm(request.POST or None, committees=committees, initial={"width": 10})
    if request.method == "POST" and form.is_valid():
        try:
            row = plan_services.form_number_range_add(actor=request.user, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已登记编号段{row.first}至{row.last}")
            return redirect(request.path)
    context = {
        "rows": queue.number_ranges(request.user),
        "form": form if committees else None,
        "tab": "ranges",
        "nav": "development_committee",
    }
    return render(request, "development/committee_ranges.html", context)
