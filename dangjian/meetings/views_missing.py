"""The list behind the home page's 组织生活 cards: which organisations owe which meeting, this
period (not yet held) or the period just ended (missed). Rows from ``due.due_rows``, the same
function that counts the cards, so the card and the list never disagree."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dangjian.meetings.due import WHICH, Which, due_rows
from dangjian.rules.meetings.kinds import MeetingKind
from dangjian.rules.sources import rule_citation

_TITLES = {"current": "本期应开未开的会议", "previous": "上期未开的会议"}


@login_required
def missing_list(request: HttpRequest) -> HttpResponse:
    """``?which=current|previous&kind=<code>``: an unknown value lists every kind / the
    current period rather than failing."""
    which: Which = "previous" if request.GET.get("which") == "previous" else "current"
    kind = request.GET.get("kind") or None
    if kind not in {k.value for k in MeetingKind}:
        kind = None
    rows = due_rows(request.user, timezone.localdate(), which, kind)
    lines = [
        {"organization": r.organization, "kind": r.kind.label, "period": r.period.label,
         "citation": rule_citation(r.rule_id)}
        for r in rows
    ]  # fmt: skip
    title = _TITLES[which] if kind is None else f"{_TITLES[which]}：{MeetingKind(kind).label}"
    context = {"title": title, "rows": lines, "which": which, "choices": WHICH}
    return render(request, "meetings/missing_due.html", context)
