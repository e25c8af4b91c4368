"""Pages of the cadre database (menu 干部信息库): the list, a cadre's file, the forms that add to
it by hand (a post and its end, education, a title, training, an annual assessment, a 个人有关事项
report, a reserve post), the analysis with its charts and export, and the monthly HR import with
its preview. Each page requires the cadre permission (``require_cadre_permission`` through the
selectors and services: 403 without it) and a cadre within the granted subtree (404 outside)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from urllib.parse import quote, urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.accounts.access import may_grant_cadre_access, require, require_cadre_permission
from dangjian.accounts.models import Role, RoleGrant
from dangjian.cadres import selectors, services
from dangjian.cadres.exports import analysis_xlsx, cadre_list_xlsx
from dangjian.cadres.forms import RECORD_FORMS, CadreForm, PostEndForm, PostForm
from dangjian.cadres.hr_import import hr_import_apply, hr_import_preview
from dangjian.cadres.hr_template import write_hr_template
from dangjian.cadres.models import Cadre, CadrePost, PostLevel
from dangjian.cadres.party_posts import party_posts, party_posts_on
from dangjian.cadres.selectors import (
    CadreFilters,
    cadre_analysis,
    cadre_file,
    cadre_list,
    cadre_organizations,
    matter_reports_due,
    retirement_of,
    sanctions_of,
)
from dangjian.core import bounds
from dangjian.core.bounds import parse_id
from dangjian.core.errors import InvalidInput
from dangjian.core.workbook import ImportFileError, WorkbookField

NAV = "cadres"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _day(request: HttpRequest) -> tuple[date, str]:
    """The ``on`` parameter (the date the page is as of), today when absent; a bad one is
    named and today used."""
    text, today = request.GET.get("on", "").strip(), timezone.localdate()
    if not text:
        return today, ""
    try:
        return bounds.check_date(date.fromisoformat(text)), ""
    except ValueError:
        return today, f"日期“{text[:20]}”无法识别或超出{bounds.DATE_RANGE_TEXT}，已按今天显示"


def _list_filters(request: HttpRequest) -> CadreFilters:
    """The list's filters from the query string (an unknown level or organisation: none)."""
    level = request.GET.get("level", "")
    return CadreFilters(q=request.GET.get("q", "").strip()[:40],
                        level=level if level in PostLevel.values else "",
                        organization_id=parse_id(request.GET.get("org", "")))  # fmt: skip


@login_required
def cadre_list_page(request: HttpRequest) -> HttpResponse:
    on, warning = _day(request)
    filters = _list_filters(request)
    page = Paginator(cadre_list(request.user, filters, on), 50).get_page(request.GET.get("page"))
    labels = dict(PostLevel.choices)
    held = party_posts_on(page.object_list, on)
    for cadre in page.object_list:
        cadre.party_posts = held.get(cadre.pk, [])  # type: ignore[attr-defined]
    context = {"page": page, "filters": filters, "on": on, "warning": warning, "nav": NAV,
               "levels": PostLevel.choices, "level_labels": labels,
               "orgs": cadre_organizations(request.user),
               "query": _query(filters, on)}  # fmt: skip
    return render(request, "cadres/list.html", context)


def _query(filters: CadreFilters, on: date) -> str:
    """The list's filters as a query string, for its pages and its export."""
    wanted = {"q": filters.q, "level": filters.level, "org": filters.organization_id or "",
              "on": on.isoformat()}  # fmt: skip
    return urlencode({k: v for k, v in wanted.items() if v})


@login_required
def cadre_list_export(request: HttpRequest) -> HttpResponse:
    """The list as filtered on the page, as .xlsx; every cadre in it audited as read."""
    on, _warning = _day(request)
    cadres = selectors.cadre_list_export(request.user, _list_filters(request), on, door="页面")
    response = HttpResponse(cadre_list_xlsx(cadres, on), content_type=XLSX)
    name = f"干部名单-{on:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def cadre_file_page(request: HttpRequest, cadre_id: int) -> HttpResponse:
    cadre = cadre_file(request.user, cadre_id, door="页面")
    on, warning = _day(request)
    context = {
        "cadre": cadre, "nav": NAV, "posts": cadre.posts.all(), "on": on, "warning": warning,
        "party_posts_on": party_posts(cadre, on), "party_posts": party_posts(cadre),
        "educations": cadre.educations.all(), "titles": cadre.titles.all(),
        "trainings": cadre.trainings.all(), "assessments": cadre.assessments.all(),
        "rewards": cadre.rewards.all(), "reports": cadre.matter_reports.all(),
        "reserves": cadre.reserve_for.all(), "changes": cadre.changes.select_related("actor")[:100],
        "sanctions": sanctions_of(cadre), "today": timezone.localdate(),
        "training_hours": sum(t.hours for t in cadre.trainings.all()),
        "retirement": retirement_of(cadre, on),
    }  # fmt: skip
    return render(request, "cadres/file.html", context)


@login_required
def analysis_page(request: HttpRequest) -> HttpResponse:
    on, warning = _day(request)
    analysis = cadre_analysis(request.user, on)
    charts = {"ages": analysis.ages, "education": analysis.education, "tenure": analysis.tenure,
              "gender": analysis.gender, "levels": analysis.levels,
              "retiring": {f"{n}年内": c for n, c in analysis.retiring.items()}}  # fmt: skip
    context = {"a": analysis, "charts": charts, "warning": warning, "nav": NAV,
               "ages": settings.CADRE_RETIREMENT_AGE_MALE,
               "ages_f": settings.CADRE_RETIREMENT_AGE_FEMALE}  # fmt: skip
    return render(request, "cadres/analysis.html", context)


@login_required
def analysis_export(request: HttpRequest) -> HttpResponse:
    on, _warning = _day(request)
    data = analysis_xlsx(cadre_analysis(request.user, on))
    response = HttpResponse(data, content_type=XLSX)
    name = f"干部队伍结构分析-{on:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


class ImportForm(forms.Form):
    file = WorkbookField()


def _staged(token: str) -> Path:
    folder = Path(settings.DATA_DIR) / "cadre-imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{token}.upload"


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload -> preview of every change (nothing written) -> 确认导入 (all rows or none)."""
    require_cadre_permission(request.user)
    form, result, token, error = ImportForm(), None, "", ""
    if request.method == "POST" and request.POST.get("token"):
        token = request.POST["token"]
        path = _staged(token) if token == request.session.get("cadre_import") else None
        if path is None or not path.exists():
            error = "预览已失效，请重新上传文件"
        else:
            result = hr_import_apply(actor=request.user, source=path)
            path.unlink(missing_ok=True)
            request.session.pop("cadre_import", None)
            token = ""
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data["file"].read()
            try:
                result = hr_import_preview(actor=request.user, source=data)
            except ImportFileError as exc:
                error = str(exc)
            if result is not None and not result.refused and result.change_count:
                token = secrets.token_hex(16)
                _staged(token).write_bytes(data)
                request.session["cadre_import"] = token
    context = {"form": form, "result": result, "token": token, "error": error, "nav": NAV}
    return render(request, "cadres/import.html", context)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    """The HR workbook template: 干部信息 and the record sheets, with the 填写说明."""
    require_cadre_permission(request.user)
    response = HttpResponse(write_hr_template(), content_type=XLSX)
    name = quote("干部信息月度更新模板.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


@login_required
def matters_page(request: HttpRequest) -> HttpResponse:
    """个人有关事项 reports overdue or due within 30 days (the home card's list)."""
    today = timezone.localdate()
    context = {"reports": matter_reports_due(request.user, today), "today": today, "nav": NAV}
    return render(request, "cadres/matters.html", context)


def _saved(request: HttpRequest, form: CadreForm, write: Callable[[], bool | None]) -> bool:
    """Run ``write`` (one service call, all or nothing); a refusal goes onto the form. True when
    it was written (or already on file)."""
    try:
        with transaction.atomic():
            changed = write()
    except InvalidInput as exc:
        form.add_service_errors(exc)
        return False
    if changed is False:
        messages.info(request, "档案中已有相同记录，未作修改")
    else:
        messages.success(request, "已记入干部档案")
    return True


def _record_page(request: HttpRequest, form: CadreForm, cadre: Cadre, title: str) -> HttpResponse:
    context = {"form": form, "cadre": cadre, "title": f"{title}：{cadre.name}", "nav": NAV}
    return render(request, "cadres/record_form.html", context)


@login_required
def record_add_page(request: HttpRequest, cadre_id: int, kind: str) -> HttpResponse:
    """Add to a cadre's file by hand: ``kind`` is ``post`` (任职, ending the open post of the same
    kind the day before) or one of ``RECORD_FORMS`` (education, title, training, assessment,
    matter_report, reserve); each through its service, recorded on the file and audited."""
    cadre = services.cadre_in_scope(request.user, cadre_id)
    if kind == "post":
        form: CadreForm = PostForm(request.POST or None)
        title = "任职"
    elif kind in RECORD_FORMS:
        form_class, title = RECORD_FORMS[kind]
        form = form_class(request.POST or None)
    else:
        raise Http404("没有这种档案记录")
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if kind == "post":
            post = services.PostInput(**data)
            write: Callable[[], bool | None] = partial(
                services.cadre_post_assign, actor=request.user, cadre=cadre, post=post,
                source="page",
            )  # fmt: skip
        else:
            write = partial(services.cadre_record_add, actor=request.user, cadre=cadre,
                            kind=kind, values=data, source="page")  # fmt: skip
        if _saved(request, form, write):
            return redirect("cadres:file", cadre.pk)
    return _record_page(request, form, cadre, f"新增{title}")


@login_required
def post_end_page(request: HttpRequest, cadre_id: int, post_id: int) -> HttpResponse:
    """免职: end one of the cadre's posts on a day."""
    cadre = services.cadre_in_scope(request.user, cadre_id)
    post = CadrePost.objects.filter(cadre=cadre, pk=post_id).first()
    if post is None:
        raise Http404("未找到该职务")
    form = PostEndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        ended_on = form.cleaned_data["ended_on"]
        write = partial(services.cadre_post_end, actor=request.user, post=post,
                        ended_on=ended_on, source="page")  # fmt: skip
        if _saved(request, form, write):
            return redirect("cadres:file", cadre.pk)
    return _record_page(request, form, cadre, f"免去{post}")


ACCESS_ADMIN_ONLY = "仅安全管理员可授予或撤销干部信息查看权限（三员分立）"


@login_required
def access_page(request: HttpRequest) -> HttpResponse:
    """The security administrator's list of the roles that may carry the cadre permission
    (system and organisation administrators), each with whether it does, who granted it and
    when, and a button to grant or revoke it (``cadre_access_grant`` / ``cadre_access_revoke``,
    the same services as ``dangjian cadre_access``)."""
    require(may_grant_cadre_access(request.user), ACCESS_ADMIN_ONLY)
    grants = (
        RoleGrant.objects.filter(role__in=[Role.SYSTEM_ADMIN, Role.ORG_ADMIN])
        .select_related("user", "organization", "cadre_access__granted_by")
        .order_by("user__username", "pk")
    )
    return render(request, "cadres/access.html", {"grants": grants, "nav": "roles"})


@require_POST
@login_required
def access_change(request: HttpRequest, grant_id: int, action: str) -> HttpResponse:
    """Grant (``action`` "grant") or revoke ("revoke") the cadre permission of one role."""
    require(may_grant_cadre_access(request.user), ACCESS_ADMIN_ONLY)
    grant = get_object_or_404(RoleGrant.objects.select_related("user", "organization"), pk=grant_id)
    who = f"{grant.user.get_username()}的{grant.get_role_display()}角色"
    if action == "grant":
        try:
            services.cadre_access_grant(actor=request.user, grant=grant)
        except InvalidInput as exc:
            messages.error(request, "；".join(m for ms in exc.errors.values() for m in ms))
        else:
            messages.success(request, f"已授予{who}干部信息查看权限")
    elif action == "revoke":
        if services.cadre_access_revoke(actor=request.user, grant=grant):
            messages.success(request, f"已撤销{who}的干部信息查看权限")
        else:
            messages.info(request, f"{who}原本没有干部信息查看权限")
    else:
        raise Http404("没有这种操作")
    return redirect("cadres:access")
