"""Answer one question: rule computations, data tools, regulation passages, and, when an
endpoint is configured, a written answer grounded in those passages. Every exchange is logged."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.utils import timezone

from dangjian.assistant import intents
from dangjian.assistant.kb.answer import NOT_FOUND, extractive_answer, relevant_hits
from dangjian.assistant.kb.answer import Passage as KbPassage
from dangjian.assistant.llm import LlmClient, LlmError, StreamResult, llm_configured
from dangjian.assistant.selectors import search_index, visible_documents
from dangjian.assistant.services import exchange_log
from dangjian.assistant.tools import TOOL_SCHEMAS, ToolResult, call_tool
from dangjian.core.actor import Actor
from dangjian.dues.policy import current_settings

SEARCH_DEPTH = 8
SYSTEM_PROMPT = (
    "你是基层党组织的党建助手。只根据下面编号的条文和工具返回的数据回答，用中文，简明准确；"
    "引用条文时用方括号标注编号，如[1]。条文不能回答的问题，直接说明“现有条文未作规定”，不要编造。"
    "统计数据只能通过工具查询；工具说无权查询时，如实告知，不要推测。"
)


@dataclass(frozen=True)
class ShownPassage:
    number: int
    citation: str
    segments: tuple[tuple[str, bool], ...]
    chunk_id: int
    document_id: int
    ordinal: int


@dataclass
class Answer:
    """Filled in while the answer streams; the view renders it at the end."""

    kind: str = "regulation"
    summary: str = ""
    computed: intents.Computed | None = None
    tool_results: list[ToolResult] = field(default_factory=list)
    passages: list[ShownPassage] = field(default_factory=list)
    written: str = ""
    notice: str = ""
    exchange_id: int | None = None

    @property
    def refused(self) -> bool:
        return any(r.data.get("refused") for r in self.tool_results)


def retrieve(user: Actor, question: str) -> list[ShownPassage]:
    index = search_index()
    document_ids = set(visible_documents(user).values_list("pk", flat=True))
    hits = index.search(question, SEARCH_DEPTH, document_ids)
    chunks = [index.rows[h.index].chunk for h in hits]
    titles = [index.rows[h.index].document_title for h in hits]
    local = [replace(h, index=i) for i, h in enumerate(hits)]
    answer = extractive_answer(question, local, chunks, titles)
    chosen = relevant_hits(local)[: len(answer.passages)]
    return [
        _shown(n, p, index.rows[hits[h.index].index])
        for n, (p, h) in enumerate(zip(answer.passages, chosen, strict=True), 1)
    ]


def _shown(number: int, passage: KbPassage, row: Any) -> ShownPassage:
    return ShownPassage(
        number, passage.citation, passage.segments, row.pk, row.document_id, row.chunk.ordinal
    )


def answer_stream(
    user: Actor, question: str, today: date | None = None
) -> Iterator[tuple[str, Any]]:
    """Events: ("text", piece) while a written answer streams, then ("done", Answer)."""
    today = today or timezone.localdate()
    result = Answer()
    result.computed = intents.computed_answer(question, today, current_settings())
    result.passages = retrieve(user, question)
    if llm_configured():
        try:
            yield from _written_answer(user, question, result)
        except LlmError as exc:
            result.notice = f"模型服务暂不可用（{exc}），以下为条文原文。"
            result.kind = "regulation"
    else:
        _local_answer(user, question, result, today)
    _finish(user, question, result)
    yield ("done", result)


def _local_answer(user: Actor, question: str, result: Answer, today: date) -> None:
    data = intents.parse_data_intent(user, question, today)
    if data is not None:
        result.tool_results.append(call_tool(user, data.tool, data.arguments))
        result.kind = "refused" if result.refused else "data"
        result.passages = []
    elif result.computed is not None:
        result.kind = "clarify" if result.computed.clarify else "computed"
    result.summary = _summary(result)


def _summary(result: Answer) -> str:
    if result.tool_results:
        return "".join(r.text for r in result.tool_results)
    if result.computed is not None:
        return result.computed.text
    if not result.passages:
        return NOT_FOUND
    return f"找到 {len(result.passages)} 处相关条文：{'、'.join(p.citation for p in result.passages)}。以下为条文原文，请以原文为准。"


def _messages(question: str, result: Answer) -> list[dict[str, Any]]:
    numbered = "\n\n".join(
        f"[{p.number}] {p.citation}\n{''.join(s for s, _ in p.segments)}" for p in result.passages
    )
    context = f"条文：\n{numbered or '（未检索到相关条文）'}"
    computed = result.computed
    if computed is not None and computed.clarify:
        context += f"\n\n需要先向提问人确认：{computed.text}"
    elif computed is not None:
        basis = f"（依据{'、'.join(computed.citations)}）" if computed.citations else ""
        context += f"\n\n按规则计算的结果{basis}：{computed.text}"
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": f"{context}\n\n问题：{question}"},
    ]


def _written_answer(user: Actor, question: str, result: Answer) -> Iterator[tuple[str, Any]]:
    client = LlmClient()
    messages = _messages(question, result)
    first = StreamResult()
    for piece in client.stream(messages, TOOL_SCHEMAS, first):
        yield ("text", piece)
    result.written, result.kind = first.text, "llm"
    if not first.tool_calls:
        return
    messages.append({"role": "assistant", "content": first.text or None, "tool_calls": [
        {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}} for c in first.tool_calls
    ]})  # fmt: skip
    for call in first.tool_calls:
        tool_result = call_tool(user, call.name, call.parsed_arguments())
        result.tool_results.append(tool_result)
        messages.append({"role": "tool", "tool_call_id": call.id, "content": tool_result.text})
    second = StreamResult()
    for piece in client.stream(messages, None, second):
        yield ("text", piece)
    result.written += second.text
    if result.refused:
        result.kind = "refused"


def _finish(user: Actor, question: str, result: Answer) -> None:
    if not result.summary:
        result.summary = _summary(result) if not result.written else ""
    exchange = exchange_log(
        user=user,
        question=question,
        answer=result.written or result.summary,
        kind=result.kind,
        passages=[{"citation": p.citation, "chunk_id": p.chunk_id} for p in result.passages],
        tools=[
            {"name": r.name, "arguments": r.arguments, "result": r.text}
            for r in result.tool_results
        ],
        refused=result.refused,
    )
    result.exchange_id = exchange.pk
