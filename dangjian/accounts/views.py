"""Account pages: the password change, and the security administrator's locks and roles."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dangjian.accounts.access import SECURITY_ADMIN_ONLY, may_manage_roles, require
from dangjian.accounts.models import Role, RoleGrant
from dangjian.accounts.security import PASSWORD_DUE
from dangjian.accounts.services import (
    login_lock_release,
    login_locks,
    password_change_due,
    password_changed,
    role_grant,
    role_revoke,
)
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.orgs.models import Organization


class NewPasswordForm(PasswordChangeForm):
    """Django's password change (old password, new twice, the validators) plus: not the old one."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        new = data.get("new_password1")
        if new and self.user.check_password(new):
            self.add_error("new_password1", "新密码不能与原密码相同")
        return data


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = NewPasswordForm(cast(User, request.user), request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        password_changed(user=user)
        update_session_auth_hash(request, user)
        request.session[PASSWORD_DUE] = ""
        messages.success(request, "密码已修改")
        return redirect(_next(request))
    context = {"form": form, "due": password_change_due(request.user), "next": _next(request)}
    return render(request, "registration/password_change.html", context)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return "/"


@login_required
def locks(request: HttpRequest) -> HttpResponse:
    context = {"locks": login_locks(request.user), "nav": "locks"}
    return render(request, "accounts/locks.html", context)


@require_POST
@login_required
def lock_release(request: HttpRequest, attempt_id: int) -> HttpResponse:
    try:
        lock = login_lock_release(actor=request.user, attempt_id=attempt_id, request=request)
    except Conflict as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(request, f"已解除账户“{lock.username}”及地址 {lock.ip_address} 的锁定")
    return redirect("accounts:locks")


class GrantForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    organization = forms.CharField(label="党组织编码", max_length=40, required=False)
    may_reveal = forms.BooleanField(label="可查看完整个人信息", required=False)


@login_required
def roles(request: HttpRequest) -> HttpResponse:
    require(may_manage_roles(request.user), SECURITY_ADMIN_ONLY)
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _grant(request, form):
        return redirect("accounts:roles")
    grants = RoleGrant.objects.select_related("user", "organization").order_by("user__username")
    return render(request, "accounts/roles.html", {"form": form, "grants": grants, "nav": "roles"})


def _grant(request: HttpRequest, form: GrantForm) -> bool:
    data: dict[str, Any] = form.cleaned_data
    user = get_user_model().objects.filter(username=data["username"]).first()
    if user is None:
        form.add_error("username", "没有这个用户")
        return False
    org = None
    if data["organization"]:
        org = Organization.objects.filter(code=data["organization"].strip()).first()
        if org is None:
            form.add_error("organization", "没有这个编码的党组织")
            return False
    try:
        role_grant(
            actor=request.user, user=user, role=data["role"], organization=org,
            may_reveal=data["may_reveal"],
        )  # fmt: skip
    except InvalidInput as exc:
        for field, errors in exc.errors.items():
            form.add_error(field if field in form.fields else None, "，".join(errors))
        return False
    messages.success(request, f"已授予{user.get_username()}角色：{Role(data['role']).label}")
    return True


@require_POST
@login_required
def role_revoke_view(request: HttpRequest, grant_id: int) -> HttpResponse:
    try:
        role_revoke(actor=request.user, grant_id=grant_id)
    except Conflict as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(request, "已撤销该授权")
    return redirect("accounts:roles")
