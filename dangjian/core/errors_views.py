"""Error pages in Chinese; API paths answer JSON instead."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def _respond(request: HttpRequest, status: int, title: str, detail: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": detail}, status=status)
    return render(request, "core/error.html", {"title": title, "detail": detail}, status=status)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    detail = str(exception) if exception and str(exception) else "您没有权限访问该页面"
    return _respond(request, 403, "无权访问", detail)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _respond(request, 404, "页面不存在", "您访问的页面不存在或已被删除")


def server_error(request: HttpRequest) -> HttpResponse:
    return _respond(request, 500, "系统错误", "系统出现错误，已记录，请稍后重试")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token (an expired page, a form kept open across a
    login): said in Chinese with what to do, never Django's page for developers."""
    return _respond(
        request,
        403,
        "页面已过期",
        "页面已过期或表单校验失败，请刷新页面后重新提交；如仍失败，请重新登录",
    )
