"""The home page (工作台): what needs attention, from every capability's due items."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dangjian.development.selectors import own_applicant
from dangjian.home.cards import attention_items


@login_required
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "items": attention_items(request.user, today),
        "today": today,
        "nav": "home",
        # A person in the 发展党员 process sees a card to their own page.
        "own_applicant": own_applicant(request.user),
    }
    return render(request, "home/home.html", context)
