"""Pages of notifications: the inbox, a person's reminder settings, and the administrator's
defaults per role with the group robots. Adapters: parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangjian.accounts.access import may_set_notification_defaults, require
from dangjian.notifications import inbox as inbox_q
from dangjian.notifications import robots as robots_s
from dangjian.notifications.models import Channel
from dangjian.notifications.preferences import (
    ROLE_LABELS,
    categories,
    enabled_for,
    preferences_set,
    role_defaults_enabled,
    role_defaults_set,
)  # fmt: skip
from dangjian.notifications.recipients import Audience, resolve
from dangjian.notifications.services import outside_channels_available

ADMIN_ONLY = "仅系统管理员可设置各角色的默认提醒方式和群机器人"


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    rows = inbox_q.inbox(request.user, unread_only=unread_only)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    context = {"nav": "inbox", "page": page, "unread_only": unread_only,
               "unread": inbox_q.unread_count(request.user)}  # fmt: skip
    return render(request, "notifications/inbox.html", context)


@login_required
@require_POST
def mark_read(request: HttpRequest, delivery_id: int) -> HttpResponse:
    row = inbox_q.inbox_mark_read(actor=request.user, delivery_id=delivery_id)
    if request.POST.get("open") and row.notice.link.startswith("/"):
        return redirect(row.notice.link)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = inbox_q.inbox_mark_all_read(actor=request.user)
    messages.success(request, f"已将{count}条消息标为已读")
    return redirect("notifications:inbox")


def _grid(enabled: set[tuple[str, str]], channels: list[Channel]) -> list[dict[str, object]]:
    return [
        {"category": cat, "label": label,
         "cells": [{"name": f"{cat}/{ch.value}", "label": ch.label, "on": (cat, ch.value) in enabled}
                   for ch in channels]}
        for cat, label in categories()
    ]  # fmt: skip


@login_required
def my_settings(request: HttpRequest) -> HttpResponse:
    channels = list(Channel)
    if request.method == "POST":
        chosen = {tuple(v.split("/", 1)) for v in request.POST.getlist("on") if "/" in v}
        preferences_set(actor=request.user, chosen={(c, ch) for c, ch in chosen})
        messages.success(request, "提醒设置已保存")
        return redirect("notifications:settings")
    user_id = int(request.user.pk or 0)
    me = resolve(Audience(user_ids=(user_id,)))
    enabled = enabled_for(user_id, me[0].roles if me else frozenset())
    context = {"nav": "notify_settings", "channels": channels, "rows": _grid(enabled, channels),
               "available": outside_channels_available(), "me": me[0] if me else None}  # fmt: skip
    return render(request, "notifications/settings.html", context)


@login_required
def role_defaults(request: HttpRequest) -> HttpResponse:
    require(may_set_notification_defaults(request.user), ADMIN_ONLY)
    channels = list(Channel)
    if request.method == "POST":
        chosen = {tuple(v.split("/", 2)) for v in request.POST.getlist("on") if v.count("/") == 2}
        role_defaults_set(actor=request.user, chosen={(r, c, ch) for r, c, ch in chosen})
        messages.success(request, "各角色默认提醒方式已保存")
        return redirect("notifications:defaults")
    tables = []
    for role, role_label in ROLE_LABELS.items():
        rows = _grid(role_defaults_enabled(role), channels)
        for row in rows:
            for cell in row["cells"]:  # type: ignore[attr-defined]
                cell["name"] = f"{role}/{cell['name']}"
        tables.append({"role": role, "label": role_label, "rows": rows})
    context = {"nav": "notify_defaults", "channels": channels, "tables": tables,
               "robots": robots_s.robot_list(request.user),
        "trouble": robots_s.deliveries_in_trouble(request.user), "robot_form": robots_s.RobotForm()}  # fmt: skip
    return render(request, "notifications/defaults.html", context)


@login_required
@require_POST
def robot_add(request: HttpRequest) -> HttpResponse:
    form = robots_s.RobotForm(request.POST)
    if form.is_valid():
        robots_s.robot_add(actor=request.user, data=form.cleaned_data)
        messages.success(request, "群机器人已添加")
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}：{'；'.join(str(e) for e in errors)}")
    return redirect("notifications:defaults")


@login_required
@require_POST
def robot_remove(request: HttpRequest, robot_id: int) -> HttpResponse:
    robots_s.robot_remove(actor=request.user, robot_id=robot_id)
    messages.success(request, "群机器人已删除")
    return redirect("notifications:defaults")
