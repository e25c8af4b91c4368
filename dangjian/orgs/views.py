"""Pages of the organisation tree. Adapters: parse, call a selector or service, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from dangjian.accounts.access import (
    access_organization,
    may_add_organizations,
    may_add_top_level_organization,
    may_manage_org,
    may_manage_some_organization,
    require,
)
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.elections.checks import TERM_KINDS
from dangjian.elections.views import org_panel
from dangjian.members.choices import Status
from dangjian.members.selectors import MemberFilters, member_rows, member_rows_as_of
from dangjian.orgs import selectors, services
from dangjian.orgs.forms import AsOfForm, OrgDissolveForm, OrgForm, OrgMoveForm
from dangjian.orgs.models import Organization
from dangjian.rules.organization import structure_warnings


def _require_manager(request: HttpRequest) -> None:
    require(may_manage_some_organization(request.user), "该页面仅供党务工作者使用")


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    nodes = selectors.tree_children(request.user, None)
    return render(request, "orgs/tree.html", {"nodes": nodes, "nav": "tree"})


@login_required
def tree_children(request: HttpRequest, org_id: int) -> HttpResponse:
    parent = access_organization(request.user, org_id)
    nodes = selectors.tree_children(request.user, parent)
    return render(request, "orgs/_tree_nodes.html", {"nodes": nodes})


@login_required
def detail(request: HttpRequest, org_id: int) -> HttpResponse:
    _require_manager(request)
    org = access_organization(request.user, org_id)
    facts = selectors.org_facts(org)
    # The members the facts count (ORG-1..3, STAT): in good standing; 停止党籍 members are
    # listed from the member archive's status filter.
    filters = MemberFilters(organization_id=org.pk, status=Status.NORMAL)
    members = member_rows(request.user, filters, timezone.localdate())
    page = Paginator(members, 20).get_page(request.GET.get("page"))
    context = {
        "org": org,
        "facts": facts,
        "probationary": facts.all_members - facts.full_members,
        "warnings": structure_warnings(facts) if org.kind != "group" else [],
        "committee": selectors.committee_of(org),
        "children": selectors.tree_children(request.user, org),
        "crumbs": selectors.org_breadcrumbs(request.user, org),
        "page": page,
        "may_manage": may_manage_org(request.user, org),
        "nav": "tree",
    }
    if org.kind in TERM_KINDS:  # the committee, its term and checks (班子与换届)
        context["election_panel"] = org_panel(request.user, org)
    return render(request, "orgs/detail.html", context)


@login_required
def members_on(request: HttpRequest, org_id: int) -> HttpResponse:
    """The members of the organisation and its subtree on a past date, as the tree stood then."""
    _require_manager(request)
    org = access_organization(request.user, org_id)
    form = AsOfForm(request.GET or None, today=timezone.localdate())
    context: dict[str, object] = {
        "org": org,
        "form": form,
        "crumbs": selectors.org_breadcrumbs(request.user, org),
        "nav": "tree",
    }
    if form.is_bound and form.is_valid():
        on = form.cleaned_data["date"]
        rows = member_rows_as_of(request.user, org, on)
        context["on"] = on
        context["page"] = Paginator(rows, 30).get_page(request.GET.get("page"))
        context["query"] = urlencode({"date": on.isoformat()})
    return render(request, "orgs/members_on.html", context)


@login_required
def structure(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    report = selectors.structure_report(request.user)
    return render(request, "orgs/structure.html", {"report": report, "nav": "structure"})


@login_required
def create(request: HttpRequest) -> HttpResponse:
    require(may_add_organizations(request.user), "无权新建党组织")
    form = OrgForm(
        request.POST or None, user=request.user, initial={"parent_id": request.GET.get("parent")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.to_input()
        parent_ok = data.parent_id is None and may_add_top_level_organization(request.user)
        if data.parent_id is not None:
            parent_ok = may_manage_org(
                request.user, access_organization(request.user, data.parent_id)
            )
        require(parent_ok, "无权在该组织下新建")
        try:
            org = services.org_create(actor=request.user, data=data)
        except InvalidInput as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已新建党组织“{org.name}”")
            return redirect("orgs:detail", org.pk)
    return render(request, "orgs/form.html", {"form": form, "title": "新建党组织", "nav": "tree"})


@login_required
def edit(request: HttpRequest, org_id: int) -> HttpResponse:
    org = access_organization(request.user, org_id)
    require(may_manage_org(request.user, org), "无权修改该党组织")
    parent = Organization.objects.get_parent(org)
    initial = {f: getattr(org, f) for f in OrgForm.base_fields if f != "parent_id"}
    initial["parent_id"] = parent.pk if parent else None
    form = OrgForm(request.POST or None, user=request.user, initial=initial)
    form.fields["parent_id"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.org_update(actor=request.user, org_id=org.pk, data=form.to_input())
        except InvalidInput as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已保存")
            return redirect("orgs:detail", org.pk)
    return render(
        request,
        "orgs/form.html",
        {"form": form, "title": f"修改：{org.name}", "org": org, "nav": "tree"},
    )


@login_required
def move(request: HttpRequest, org_id: int) -> HttpResponse:
    org = access_organization(request.user, org_id)
    require(may_manage_org(request.user, org), "无权调整该党组织")
    form = OrgMoveForm(
        request.POST or None, user=request.user, initial={"effective_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        target = access_organization(request.user, form.cleaned_data["new_parent_id"])
        require(may_manage_org(request.user, target), "无权移动到该组织之下")
        try:
            services.org_move(
                actor=request.user,
                org_id=org.pk,
                new_parent_id=target.pk,
                effective_on=form.cleaned_data["effective_on"],
            )
        except InvalidInput as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已将“{org.name}”及其下级调整到“{target.name}”之下")
            return redirect("orgs:detail", org.pk)
    return render(
        request,
        "orgs/form.html",
        {"form": form, "title": f"调整隶属关系：{org.name}", "org": org, "nav": "tree"},
    )


@login_required
def dissolve(request: HttpRequest, org_id: int) -> HttpResponse:
    org = access_organization(request.user, org_id)
    require(may_manage_org(request.user, org), "无权撤销该党组织")
    form = OrgDissolveForm(request.POST or None, initial={"dissolved_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.org_dissolve(actor=request.user, org_id=org.pk, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_service_errors(exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"“{org.name}”已撤销")
            return redirect("orgs:detail", org.pk)
    return render(
        request,
        "orgs/form.html",
        {"form": form, "title": f"撤销党组织：{org.name}", "org": org, "nav": "tree"},
    )
