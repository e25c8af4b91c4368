"""Pages of the assistant: the chat, the knowledge-base manager, the exchange log."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.html import escape
from django.views.decorators.http import require_POST

from dangjian.accounts.access import (
    may_open_knowledge_base_admin,
    may_read_assistant_log,
    require,
)
from dangjian.assistant import services
from dangjian.assistant.answering import answer_stream
from dangjian.assistant.forms import AskForm, RetrievalTestForm, UploadForm
from dangjian.assistant.models import Exchange
from dangjian.assistant.selectors import retrieval_mode, search_index, visible_documents
from dangjian.core.errors import InvalidInput


@login_required
def chat(request: HttpRequest) -> HttpResponse:
    recent = Exchange.objects.filter(user_id=request.user.pk or 0)[:5]
    return render(
        request, "assistant/chat.html", {"form": AskForm(), "recent": recent, "nav": "assistant"}
    )


@login_required
@require_POST
def ask(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Streams HTML: the written answer as it arrives, then the answer block with citations."""
    form = AskForm(request.POST)
    if not form.is_valid():
        return HttpResponse(f'<div class="alert-box">{escape(form.errors["question"][0])}</div>')
    question = form.cleaned_data["question"]
    response = StreamingHttpResponse(
        _render_stream(request, question), content_type="text/html; charset=utf-8"
    )
    response["X-Accel-Buffering"] = "no"
    return response


def _render_stream(request: HttpRequest, question: str) -> Iterator[str]:
    yield f'<div class="qa-question">{escape(question)}</div><div class="qa-written">'
    for kind, value in answer_stream(request.user, question):
        if kind == "text":
            yield escape(value)
        else:
            yield "</div>" + render_to_string(
                "assistant/_answer.html", {"a": value}, request=request
            )


@login_required
@require_POST
def rate(request: HttpRequest, exchange_id: int) -> HttpResponse:
    try:
        services.exchange_rate(
            user=request.user, exchange_id=exchange_id, rating=int(request.POST.get("rating", "0"))
        )
    except (InvalidInput, ValueError):
        return HttpResponse('<span class="muted">评价无效</span>')
    return HttpResponse('<span class="muted">感谢您的评价</span>')


@login_required
def document(request: HttpRequest, document_id: int) -> HttpResponse:
    """A document with its chunks, so that a citation opens the article in place."""
    doc = visible_documents(request.user).filter(pk=document_id).first()
    require(doc is not None, "无权查看该文档")
    context = {"doc": doc, "chunks": doc.chunks.all() if doc else [], "nav": "assistant"}
    return render(request, "assistant/document.html", context)


def _require_kb_manager(request: HttpRequest) -> None:
    require(may_open_knowledge_base_admin(request.user), "知识库管理仅限系统管理员和组织管理员")


@login_required
def kb_manager(request: HttpRequest) -> HttpResponse:
    _require_kb_manager(request)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        _upload(request, form)
        return redirect("assistant:kb")
    documents = (
        visible_documents(request.user)
        .select_related("owner")
        .defer("content", "text")
        .order_by("-created_at")
    )
    context = {
        "form": form,
        "documents": documents,
        "mode": retrieval_mode(),
        "test_form": RetrievalTestForm(),
        "nav": "kb",
    }
    return render(request, "assistant/kb.html", context)


def _upload(request: HttpRequest, form: UploadForm) -> None:
    for upload in form.cleaned_data["files"]:
        try:
            doc, created = services.document_add(
                actor=request.user, filename=upload.name, content=upload.read(),
                owner_id=form.cleaned_data["owner_id"], visibility=form.cleaned_data["visibility"],
            )  # fmt: skip
        except InvalidInput as exc:
            messages.error(
                request, f"{upload.name}：{'；'.join(m for ms in exc.errors.values() for m in ms)}"
            )
            continue
        note = "已加入知识库，正在后台索引" if created else "与已有文档相同，未重复添加"
        messages.success(request, f"{doc.title}：{note}")


@login_required
@require_POST
def kb_delete(request: HttpRequest, document_id: int) -> HttpResponse:
    _require_kb_manager(request)
    doc = visible_documents(request.user).filter(pk=document_id).first()
    require(doc is not None, "无权删除该文档")
    services.document_delete(actor=request.user, document_id=document_id)
    messages.success(request, "文档及其分块已删除")
    return redirect("assistant:kb")


@login_required
def kb_test(request: HttpRequest) -> HttpResponse:
    """Retrieval test: each retrieved chunk with its lexical, dense and fused scores."""
    _require_kb_manager(request)
    form = RetrievalTestForm(request.GET or None)
    rows: list[dict[str, Any]] = []
    if form.is_valid():
        index = search_index()
        ids = set(visible_documents(request.user).values_list("pk", flat=True))
        for hit in index.search(form.cleaned_data["query"], 10, ids):
            rows.append({"hit": hit, "row": index.rows[hit.index]})
    return render(request, "assistant/_test_results.html", {"rows": rows, "form": form})


@login_required
def exchange_log(request: HttpRequest) -> HttpResponse:
    require(may_read_assistant_log(request.user), "问答记录仅系统管理员可查看")
    page = Paginator(Exchange.objects.select_related("user"), 30).get_page(request.GET.get("page"))
    return render(request, "assistant/log.html", {"page": page, "nav": "assistant-log"})
