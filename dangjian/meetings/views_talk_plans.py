"""谈心谈话 scheduled ahead (MEET-7): the branch's open plans with the form that schedules one,
and each plan's buttons to record it as held or cancel it. Adapters over ``talk_plans``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.errors import Conflict, InvalidInput
from dangjian.meetings.forms_life import TalkHeldForm, TalkPlanForm
from dangjian.meetings.models import TalkPlan
from dangjian.meetings.talk_plans import (
    PlanInput,
    open_plans,
    talk_plan_cancel,
    talk_plan_create,
    talk_plan_hold,
)
from dangjian.meetings.talks import offered_people
from dangjian.meetings.views_life import _branches
from dangjian.orgs.models import Organization


@login_required
def plans(request: HttpRequest) -> HttpResponse:
    """The chosen branch's open plans, and the form that schedules a talk."""
    org, options = _branches(request)
    today = timezone.localdate()
    form = TalkPlanForm(request.POST or None, people=offered_people(org, today))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = PlanInput(organization_id=org.pk, kind=d["kind"], talker_id=d["talker"],
                         listener_id=d["listener"], planned_on=d["planned_on"], topic=d["topic"])  # fmt: skip
        try:
            talk_plan_create(actor=request.user, data=data, today=today)
        except InvalidInput as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已安排谈心谈话")
            return redirect(f"{request.path}?org={org.pk}")
    return _page(request, org, options, form, status=400 if form.errors else 200)


def _page(
    request: HttpRequest, org: Organization, options: list[Organization], form: TalkPlanForm, *, status: int = 200,
    held: tuple[int, TalkHeldForm] | None = None,
) -> HttpResponse:  # fmt: skip
    rows = list(open_plans(request.user).filter(organization=org))
    context = {"org": org, "options": options, "form": form, "rows": rows, "nav": "meetings",
               "held_id": held[0] if held else None, "held_form": held[1] if held else None,
               "today": timezone.localdate()}  # fmt: skip
    return render(request, "meetings/talk_plans.html", context, status=status)


@login_required
@require_POST
def held(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Record a planned talk as held on the day given (every check of a talk's record)."""
    today = timezone.localdate()
    form = TalkHeldForm(request.POST)
    if form.is_valid():
        try:
            talk_plan_hold(actor=request.user, plan_id=plan_id, held_on=form.cleaned_data["held_on"],
                           summary=form.cleaned_data["summary"], today=today)  # fmt: skip
        except InvalidInput as exc:
            form.add_service_errors(exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已记录谈心谈话")
            return redirect(_back(plan_id))
    org, options = _branches(request)
    page = TalkPlanForm(people=offered_people(org, today))
    return _page(request, org, options, page, status=400, held=(plan_id, form))


@login_required
@require_POST
def cancel(request: HttpRequest, plan_id: int) -> HttpResponse:
    talk_plan_cancel(actor=request.user, plan_id=plan_id, today=timezone.localdate())
    messages.success(request, "已取消该谈心谈话安排")
    return redirect(_back(plan_id))


def _back(plan_id: int) -> str:
    org_id = TalkPlan.objects.filter(pk=plan_id).values_list("organization_id", flat=True).first()
    return f"{reverse('meetings:talk_plans')}?org={org_id}"
