"""The 党委's yearly lists of 组织生活 for a subtree: leading cadres' attendance in their own
branch (MEET-9) and the 民主评议 figures of the annual statistics (STAT-7 table 8). Adapters
only: parse ``?org=&year=``, call the selector, render."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dangjian.accounts.access import access_organization, may_manage_some_organization, require
from dangjian.meetings.cadres import CADRE_HEADERS, cadre_attendance, cadre_rows
from dangjian.meetings.forms import ScopeYearForm
from dangjian.meetings.review_stats import headers as review_headers
from dangjian.meetings.review_stats import review_table
from dangjian.meetings.views_committee import MEMBER_SCOPE, _roots
from dangjian.orgs.models import Organization
from dangjian.rules.sources import rule_citation


def scope_and_year(request: HttpRequest) -> tuple[ScopeYearForm, Organization, int, date]:
    """``?org=&year=`` (a bad value shows the form's message and the defaults: the first
    organisation the user looks after, this year); 404 for an organisation outside the scope."""
    require(may_manage_some_organization(request.user), MEMBER_SCOPE)
    today = timezone.localdate()
    options = _roots(request.user)
    form = ScopeYearForm(request.GET or None, orgs=options, initial={"year": today.year})
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    year = data.get("year") or today.year
    if data.get("org"):
        root = access_organization(request.user, data["org"])
    else:
        require(bool(options), MEMBER_SCOPE)
        root = options[0]
    return form, root, year, today


@login_required
def cadres(request: HttpRequest) -> HttpResponse:
    """MEET-9: each leading cadre of the subtree, their own branch, meetings owed and attended."""
    form, root, year, today = scope_and_year(request)
    lines = cadre_attendance(request.user, root, year, today)
    context = {
        "form": form, "root": root, "year": year, "headers": CADRE_HEADERS,
        "rows": list(zip(lines, cadre_rows(lines), strict=True)),
        "source": rule_citation("MEET-9"), "nav": "meetings_matrix",
    }  # fmt: skip
    return render(request, "meetings/cadres.html", context, status=400 if form.errors else 200)


@login_required
def review_statistics(request: HttpRequest) -> HttpResponse:
    """STAT-7 table 8: members who took part in 民主评议 and their grades, per organisation
    that held it (STAT-5), for the subtree and year."""
    form, root, year, _today = scope_and_year(request)
    table = review_table(request.user, root, year)
    context = {
        "form": form, "root": root, "year": year, "headers": review_headers(), "table": table,
        "source": rule_citation("MEET-6"), "nav": "meetings_matrix",
    }  # fmt: skip
    return render(request, "meetings/review_statistics.html", context,
                  status=400 if form.errors else 200)  # fmt: skip
