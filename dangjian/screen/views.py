"""Pages of the big screen. Adapters: parse ``org`` and ``on``, call the selectors, render.

``/screen/`` is the 1920x1080 display, ``/screen/dashboard/`` the same data on a page that
reflows (laptop, phone); both draw ``/screen/data`` (JSON). ``/screen/list/<panel>/<key>/``
lists the people or organisations behind one figure; ``/screen/trends/`` the trends and
projections (``trends``, its JSON ``/screen/trends/data``). ``/screen/k/<token>/`` is a kiosk link:
the display of one organisation without a login, and nothing else.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.accounts.access import may_manage_org, require, visible_organizations
from dangjian.core.bounds import parse_id
from dangjian.core.errors import InvalidInput
from dangjian.orgs.models import Organization
from dangjian.orgs.selectors import tree_roots
from dangjian.rules.citations import cite
from dangjian.rules.organization import OrgKind
from dangjian.screen import kiosk
from dangjian.screen.forms import KioskForm
from dangjian.screen.frames import Frame
from dangjian.screen.selectors import (
    counted_at,
    drill_list,
    parse_on,
    screen_data,
    screen_frame,
)
from dangjian.screen.trends import Trends, drill_url, trends_of


def _params(request: HttpRequest) -> tuple[int | None, date]:
    """``org`` (an id, or absent) and ``on`` (a past day, or today); InvalidInput names the
    field of a bad one."""
    text = request.GET.get("org", "").strip()
    org_id = parse_id(text) if text else None
    if text and org_id is None:
        raise InvalidInput.one("org", f"党组织编号“{text[:20]}”无法识别")
    return org_id, parse_on(request.GET.get("on", ""), timezone.localdate())


def _error(exc: InvalidInput) -> JsonResponse:
    detail = "；".join(m for messages_ in exc.errors.values() for m in messages_)
    return JsonResponse({"detail": detail, "errors": exc.errors}, status=400)


def _page_context(request: HttpRequest, data_url: str, *, kiosk_mode: bool) -> dict[str, object]:
    return {"data_url": data_url, "kiosk": kiosk_mode, "today": timezone.localdate(),
            "refresh": settings.SCREEN_REFRESH_SECONDS, "org": request.GET.get("org", ""),
            "on": request.GET.get("on", "")}  # fmt: skip


@login_required
def screen_page(request: HttpRequest) -> HttpResponse:
    """The 1920x1080 display of the asker's scope."""
    screen_frame(request.user, None, timezone.localdate())  # refuses who has no organisation
    context = _page_context(request, reverse("screen:data"), kiosk_mode=False)
    return render(request, "screen/screen.html", context)


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    """The same data as a page of the platform that reflows on a laptop and a phone."""
    screen_frame(request.user, None, timezone.localdate())
    context = _page_context(request, reverse("screen:data"), kiosk_mode=False)
    context["nav"] = "screen"
    return render(request, "screen/dashboard.html", context)


@login_required
def data(request: HttpRequest) -> JsonResponse:
    """Every panel for ``org`` (default: the asker's topmost organisation) on ``on``."""
    try:
        org_id, on = _params(request)
    except InvalidInput as exc:
        return _error(exc)
    return JsonResponse(screen_data(screen_frame(request.user, org_id, on)).as_json())


@login_required
def drill(request: HttpRequest, panel: str, key: str) -> HttpResponse:
    """The people or organisations behind one figure, scoped like the figure."""
    try:
        org_id, on = _params(request)
    except InvalidInput as exc:
        return render(request, "screen/list.html", {"error": str(exc), "nav": "screen"},
                      status=400)  # fmt: skip
    frame = screen_frame(request.user, org_id, on)
    listing = drill_list(frame, panel, key)
    back = reverse("screen:dashboard") + "?" + urlencode({"org": frame.root.pk, "on": on})
    return render(request, "screen/list.html",
                  {"listing": listing, "back": back, "nav": "screen"})  # fmt: skip


@login_required
def trends_page(request: HttpRequest) -> HttpResponse:
    """趋势与预测: the age bands over ten year-ends, the retirement projection and the year's
    development against the plan, for ``org`` on ``on`` (as the dashboard), each count of
    people opening its list."""
    try:
        org_id, on = _params(request)
    except InvalidInput as exc:
        return render(request, "screen/trends.html", {"error": str(exc), "nav": "screen"},
                      status=400)  # fmt: skip
    frame = screen_frame(request.user, org_id, on)
    found = trends_of(frame)
    context = {"trends": found, "nav": "screen", "plan_rule": cite("DEV-28"),
               "org_choices": _org_choices(request.user),
               "age_rows": _age_rows(frame, found), "links": _trend_links(frame, found),
               "back": reverse("screen:dashboard") + "?" + urlencode({"org": frame.root.pk,
                                                                      "on": on})}  # fmt: skip
    return render(request, "screen/trends.html", context)


@login_required
def trends_data(request: HttpRequest) -> JsonResponse:
    """The same analyses as JSON (the projection labelled ``"projection": "预测"``)."""
    try:
        org_id, on = _params(request)
    except InvalidInput as exc:
        return _error(exc)
    return JsonResponse(trends_of(screen_frame(request.user, org_id, on)).as_json())


def _org_choices(user: Any) -> list[tuple[int, str]]:
    """The organisations the trends can be asked for (党小组 aside), in tree order."""
    orgs = visible_organizations(user).exclude(kind=OrgKind.GROUP).order_by("path")
    return list(orgs.values_list("pk", "name")[:2000])


def _age_rows(frame: Frame, found: Trends) -> list[tuple[str, list[tuple[int, str]]]]:
    """The age table's rows: each band with (count, list URL) at each year-end, then 合计."""
    rows = []
    for index, bar in enumerate(found.year_ends[0].bands if found.year_ends else ()):
        cells = [(y.bands[index].count, drill_url(frame, "age", bar.key, y.on))
                 for y in found.year_ends]  # fmt: skip
        rows.append((bar.label, cells))
    return rows


def _trend_links(frame: Frame, found: Trends) -> dict[str, list[tuple[Any, str]]]:
    """Each projected year, stage of the funnel and 党委's admissions with its list URL."""
    return {
        "retirements": [(b, drill_url(frame, "retirement", b.key)) for b in found.retirements],
        "pipeline": [(b, drill_url(frame, "development", b.key)) for b in found.pipeline.bars],
        "plans": [(p, drill_url(frame, "admissions", str(p.committee_id))) for p in found.plans],
    }


# ---- kiosk links ----------------------------------------------------------------------


@login_required
def kiosk_links(request: HttpRequest) -> HttpResponse:
    """The organisation administrator's list of kiosk links, and the form for a new one."""
    roots = [o for o in tree_roots(request.user) if may_manage_org(request.user, o)]
    require(bool(roots), "只有组织管理员可以管理一张屏展示链接")
    form = KioskForm(request.POST or None, user=request.user)
    created = ""
    if request.method == "POST" and form.is_valid():
        try:
            token, value = kiosk.kiosk_link_create(actor=request.user, data=form.to_input())
        except InvalidInput as exc:
            form.add_service_errors(exc)
        else:
            created = request.build_absolute_uri(reverse("screen:kiosk", args=[value]))
            messages.success(
                request, f"已创建展示链接“{token.label}”，链接只显示这一次，请复制保存"
            )
    context = {"form": form, "links": kiosk.kiosk_links(request.user)[:200], "created": created,
               "now": timezone.now(), "nav": "screen_kiosk"}  # fmt: skip
    return render(request, "screen/kiosk_links.html", context)


@login_required
@require_POST
def kiosk_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = kiosk.kiosk_link_revoke(actor=request.user, token_id=token_id)
    messages.success(request, f"已撤销展示链接“{token.label}”")
    return redirect("screen:kiosk_links")


LINK_GONE = "展示链接已失效或已撤销，请联系管理员"


class _LinkGone(Http404):
    """The link is unknown, revoked or expired (alike, so a guess learns nothing)."""


def _kiosk_frame(request: HttpRequest, value: str, door: str) -> Frame:
    """The frame a kiosk link may show: its organisation's subtree, or a child of it."""
    token = kiosk.kiosk_token_use(value, door=door)
    if token is None:
        raise _LinkGone(LINK_GONE)
    org_id, on = _params(request)
    root = token.organization
    if org_id is not None and org_id != root.pk:
        inside = Organization.objects.filter(pk=org_id, path__startswith=root.path).first()
        if inside is None:
            raise Http404("未找到该党组织")
        branch = counted_at(inside)  # a 党小组's members are its branch's
        root = branch if branch.path.startswith(root.path) else inside
    return Frame(kiosk.kiosk_viewer(token), root, on)


def kiosk_screen(request: HttpRequest, token: str) -> HttpResponse:
    """The display behind a kiosk link: the screen only, no menu, no list behind a number."""
    try:
        frame = _kiosk_frame(request, token, "打开一张屏")
    except InvalidInput as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    except _LinkGone:  # the display's own words, not the platform's 404 with its way back in
        return render(request, "screen/kiosk_gone.html", {"message": LINK_GONE}, status=404)
    context = _page_context(request, reverse("screen:kiosk_data", args=[token]), kiosk_mode=True)
    context["org"] = request.GET.get("org", "") or frame.root.pk
    return render(request, "screen/screen.html", context)


def kiosk_data(request: HttpRequest, token: str) -> JsonResponse:
    """The display's JSON; a link gone answers 404 with ``"link": "gone"``, which the display
    reads as the end (it clears the panels and stops asking), unlike an organisation or a day
    it cannot show."""
    try:
        frame = _kiosk_frame(request, token, "读取一张屏数据")
    except InvalidInput as exc:
        return _error(exc)
    except _LinkGone:
        return JsonResponse({"detail": LINK_GONE, "link": "gone"}, status=404)
    return JsonResponse(_kiosk_json(screen_data(frame).as_json()))


def _kiosk_json(data: dict[str, Any]) -> dict[str, Any]:
    """The screen's JSON for a display where nothing opens: no note invites a click."""
    for panel in data["panels"]:
        panel["note"] = re.sub(r"[，；,]?\s*点击[^，；。]*", "", panel["note"])
    return data
