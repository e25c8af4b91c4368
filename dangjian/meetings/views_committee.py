"""The 党委's pages of 组织生活: the compliance matrix of a subtree and year, the list of what
is missing, and the queue of records awaiting review."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.accounts.access import (
    access_organization,
    may_manage_some_organization,
    may_review_meeting,
    require,
    scope_for,
)
from dangjian.core.actor import Actor
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.meetings import services
from dangjian.meetings.display import compliance_grid
from dangjian.meetings.forms import MatrixForm, ReasonForm
from dangjian.meetings.models import Meeting, MeetingState
from dangjian.meetings.selectors import OrganizationCompliance, access_meeting, compliance
from dangjian.orgs.models import Organization, in_subtree
from dangjian.orgs.selectors import org_choices
from dangjian.rules.meetings.kinds import Frequency
from dangjian.rules.organization import OrgKind

MEMBER_SCOPE = "该页面仅供党务工作者使用"
ORGS_PER_PAGE = 50


def _roots(user: Actor) -> list[Organization]:
    """The organisations a matrix may start from: every visible one but a 党小组."""
    return [o for o in org_choices(user) if o.kind != OrgKind.GROUP]


def _subtree(
    request: HttpRequest,
) -> tuple[MatrixForm, Organization, int, Frequency, list[OrganizationCompliance], date]:
    """Parse ``?org=&year=&grain=`` (a bad value shows the form's message and the defaults)
    and compute compliance for the chosen subtree and year."""
    today = timezone.localdate()
    options = _roots(request.user)
    initial = {"year": today.year, "grain": "quarter"}
    form = MatrixForm(request.GET or None, orgs=options, initial=initial)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    year = data.get("year") or today.year
    grain = Frequency.MONTH if data.get("grain") == "month" else Frequency.QUARTER
    if data.get("org"):
        root = access_organization(request.user, data["org"])
    else:
        require(bool(options), MEMBER_SCOPE)
        root = options[0]
    rows = compliance(request.user, root, date(year, 1, 1), date(year, 12, 31), today)
    return form, root, year, grain, rows, today


@login_required
def matrix(request: HttpRequest) -> HttpResponse:
    """Organisations by months or quarters, a cell per kind: held (linking to the meetings),
    missing, open, not owed."""
    require(may_manage_some_organization(request.user), MEMBER_SCOPE)
    form, root, year, grain, rows, today = _subtree(request)
    # A whole enterprise is thousands of organisations: a page of them at a time.
    page = Paginator(rows, ORGS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form, "root": root, "year": year, "grain": grain.value,
        "grid": compliance_grid(list(page.object_list), year, grain), "nav": "meetings_matrix",
        "missing": sum(r.missing for r in rows), "today": today, "page": page,
        "query": query.urlencode(),
    }  # fmt: skip
    return render(request, "meetings/matrix.html", context, status=400 if form.errors else 200)


@login_required
def missing(request: HttpRequest) -> HttpResponse:
    """Every kind and period missed in the subtree and year, organisation by organisation."""
    require(may_manage_some_organization(request.user), MEMBER_SCOPE)
    form, root, year, grain, rows, _today = _subtree(request)
    lines = [(r.organization, kc) for r in rows for kc in r.kinds if kc.missing]
    context = {"form": form, "root": root, "year": year, "grain": grain.value, "lines": lines,
               "nav": "meetings_missing"}  # fmt: skip
    return render(request, "meetings/missing.html", context, status=400 if form.errors else 200)


def review_queue_of(user: Actor) -> list[Meeting]:
    """Recorded meetings awaiting review in the subtrees ``user`` reviews, oldest first."""
    scope = scope_for(user)
    if scope.everything:
        q = Q()
    else:
        q = Q(pk__in=[])
        for path in scope.subtree_paths:
            q |= in_subtree(path, "organization__path")
    found = (
        Meeting.objects.filter(q, state=MeetingState.RECORDED)
        .select_related("organization")
        .prefetch_related("kinds")
        .order_by("held_on", "pk")[:200]
    )
    return [m for m in found if may_review_meeting(user, m.organization)]


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    require(may_manage_some_organization(request.user), MEMBER_SCOPE)
    names = services.meeting_kinds()
    rows = [(m, [names.get(k.kind, k.kind) for k in m.kinds.all()])
            for m in review_queue_of(request.user)]  # fmt: skip
    context = {"rows": rows, "nav": "meetings_review", "reason_form": ReasonForm()}
    return render(request, "meetings/review.html", context)


@login_required
@require_POST
def review(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Accept the record, or return it with a reason."""
    access_meeting(request.user, meeting_id)
    accept = request.POST.get("decision") == "accept"
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "退回原因最多300个字")
        return redirect("meetings:review_queue")
    reason = form.cleaned_data["reason"]
    try:
        services.meeting_review(actor=request.user, meeting_id=meeting_id, accept=accept,
                                reason=reason)  # fmt: skip
    except InvalidInput as exc:
        for texts in exc.errors.values():
            for text in texts:
                messages.error(request, text)
    except Conflict as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已审核通过" if accept else "已退回，并写明原因")
    target = request.POST.get("next", "")
    if target == "detail":
        return redirect("meetings:detail", meeting_id)
    return redirect("meetings:review_queue")
