"""Pages of the member archive. Adapters: parse, call a selector or service, render."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.accounts.access import (
    access_member,
    access_organization,
    may_manage_member,
    may_manage_some_organization,
    may_place_member,
    may_reveal,
    require,
    scope_for,
)
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.dynamics.member_timeline import member_dynamics_lines
from dangjian.dynamics.selectors import transferring_out_ids
from dangjian.members import selectors, services
from dangjian.members.consistency import record_notices
from dangjian.members.display import event_lines, member_view
from dangjian.members.forms import MemberChangeForm, MemberFilterForm, MemberForm
from dangjian.members.inputs import member_input_of
from dangjian.members.models import Member


def _filters(request: HttpRequest) -> tuple[MemberFilterForm, selectors.MemberFilters]:
    form = MemberFilterForm(request.GET or None, user=request.user)
    if form.is_bound and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        return form, selectors.MemberFilters(**data)
    # An organisation outside the scope is not in the choices: refuse rather than ignore it.
    require(not (form.is_bound and "organization_id" in form.errors), "无权查看该党组织")
    return form, selectors.MemberFilters()


@login_required
def member_list(request: HttpRequest) -> HttpResponse:
    require(may_manage_some_organization(request.user), "该页面仅供党务工作者使用")
    form, filters = _filters(request)
    if filters.organization_id:
        access_organization(request.user, filters.organization_id)
    qs = selectors.member_rows(request.user, filters, timezone.localdate())
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    # One query for the page's 转出中 tags (MEM-2: the sender stays responsible until accepted).
    transferring = transferring_out_ids([row.pk for row in page])
    context = {"form": form, "page": page, "query": query.urlencode(), "nav": "members",
               "transferring": transferring}  # fmt: skip
    template = (
        "members/_list_table.html" if getattr(request, "htmx", False) else "members/list.html"
    )
    return render(request, template, context)


@login_required
def detail(request: HttpRequest, member_id: int) -> HttpResponse:
    member = access_member(request.user, member_id)
    today = timezone.localdate()
    context = {
        "m": member_view(member, today),
        "member": member,
        "timeline": event_lines(list(selectors.member_timeline(member)[:100])),
        "dynamics_lines": member_dynamics_lines(member),
        "positions": member.positions.select_related("organization").order_by("-started_on"),
        "may_manage": may_manage_member(request.user, member),
        "may_reveal": may_reveal(request.user, member),
        "nav": "me" if scope_for(request.user).own_member_id == member.pk else "members",
        "notices": record_notices(member, today),
        "transferring": bool(transferring_out_ids([member.pk])),
    }
    return render(request, "members/detail.html", context)


@login_required
@require_POST
def reveal(request: HttpRequest, member_id: int, field: str) -> HttpResponse:
    member = access_member(request.user, member_id)
    value = services.member_reveal(actor=request.user, member=member, field=field)
    return HttpResponse(f'<span class="revealed">{value}</span>')


@login_required
def create(request: HttpRequest) -> HttpResponse:
    require(may_manage_some_organization(request.user), "无权新建党员档案")
    form = MemberForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.to_input()
        require(
            may_place_member(request.user, access_organization(request.user, data.organization_id)),
            "无权在该组织建档",
        )
        try:
            member = services.member_create(actor=request.user, data=data)
        except InvalidInput as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已为{member.name}建立党员档案")
            return redirect("members:detail", member.pk)
    return render(
        request, "members/form.html", {"form": form, "title": "新建党员档案", "nav": "members"}
    )


def _initial(member: Member) -> dict[str, Any]:
    return asdict(member_input_of(member))


@login_required
def edit(request: HttpRequest, member_id: int) -> HttpResponse:
    member = access_member(request.user, member_id)
    require(may_manage_member(request.user, member), "无权修改该党员档案")
    form = MemberForm(request.POST or None, user=request.user, initial=_initial(member))
    if request.method == "POST" and form.is_valid():
        data = form.to_input()
        target = access_organization(request.user, data.organization_id)
        require(may_place_member(request.user, target), "无权将党员编入该组织")
        try:
            services.member_update(
                actor=request.user, member_id=member.pk, data=data, reason="修改档案"
            )
        except InvalidInput as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已保存")
            return redirect("members:detail", member.pk)
    context = {
        "form": form,
        "title": f"修改档案：{member.name}",
        "member": member,
        "nav": "members",
    }
    return render(request, "members/form.html", context)


@login_required
def change(request: HttpRequest, member_id: int) -> HttpResponse:
    """Dated changes: transfer, standing status, dues category, flags."""
    member = access_member(request.user, member_id)
    require(may_manage_member(request.user, member), "无权变动该党员")
    initial = {k: getattr(member, k) for k in MemberChangeForm.base_fields if hasattr(member, k)}
    initial["effective_on"] = timezone.localdate()
    form = MemberChangeForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        # The service refuses a move to another organisation (a transfer, MEM-2) before it
        # asks whether the target is in the user's care: the message says where to go.
        try:
            services.member_change(
                actor=request.user,
                member_id=member.pk,
                changes=form.changes(),
                effective_on=form.cleaned_data["effective_on"],
                reason=form.cleaned_data["reason"],
                typed=True,
            )
        except InvalidInput as exc:
            form.add_service_errors(exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "变动已记录")
            return redirect("members:detail", member.pk)
    context = {
        "form": form,
        "title": f"组织关系与状态变动：{member.name}",
        "member": member,
        "nav": "members",
    }
    return render(request, "members/form.html", context)
