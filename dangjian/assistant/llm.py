"""A client for an OpenAI-compatible chat endpoint (vLLM, Ollama, ...): streamed text and tool
calls. Used only when DANGJIAN_LLM_BASE_URL is set; the endpoint is on the intranet."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
from django.conf import settings


class LlmError(Exception):
    """The endpoint failed; the assistant falls back to the extractive answer."""


@dataclass
class ToolCall:
    id: str
    name: str
    arguments: str = ""

    def parsed_arguments(self) -> dict[str, Any]:
        try:
            value = json.loads(self.arguments or "{}")
        except json.JSONDecodeError:
            return {}
        return value if isinstance(value, dict) else {}


@dataclass
class StreamResult:
    text: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)


def llm_configured() -> bool:
    return bool(settings.LLM_BASE_URL)


class LlmClient:
    def __init__(
        self, base_url: str | None = None, model: str | None = None, api_key: str | None = None
    ) -> None:
        self.base_url = (base_url or settings.LLM_BASE_URL).rstrip("/")
        self.model = model or settings.LLM_MODEL
        self.api_key = api_key if api_key is not None else settings.LLM_API_KEY

    def stream(
        self,
        messages: list[dict[str, Any]],
        tools: list[dict[str, Any]] | None,
        result: StreamResult,
    ) -> Iterator[str]:
        """Yield text pieces as they arrive; tool calls are collected into ``result``."""
        body: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "stream": True,
            "temperature": 0.1,
        }
        if tools:
            body["tools"] = tools
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        try:
            with httpx.stream(
                "POST",
                f"{self.base_url}/chat/completions",
                json=body,
                headers=headers,
                timeout=settings.LLM_TIMEOUT,
            ) as response:
                if response.status_code != 200:
                    raise LlmError(f"模型服务返回 {response.status_code}")
                for line in response.iter_lines():
                    yield from self._handle_line(line, result)
        except httpx.HTTPError as exc:
            raise LlmError(f"无法连接模型服务：{exc}") from exc

    def _handle_line(self, line: str, result: StreamResult) -> Iterator[str]:
        if not line.startswith("data:"):
            return
        payload = line[5:].strip()
        if not payload or payload == "[DONE]":
            return
        try:
            delta = json.loads(payload)["choices"][0].get("delta") or {}
        except (json.JSONDecodeError, KeyError, IndexError, TypeError):
            return
        for call in delta.get("tool_calls") or []:
            _merge_tool_call(result, call)
        piece = delta.get("content")
        if piece:
            result.text += piece
            yield piece


def _merge_tool_call(result: StreamResult, call: dict[str, Any]) -> None:
    index = int(call.get("index", len(result.tool_calls)))
    while len(result.tool_calls) <= index:
        result.tool_calls.append(ToolCall(id="", name=""))
    current = result.tool_calls[index]
    function = call.get("function") or {}
    current.id = call.get("id") or current.id
    current.name = function.get("name") or current.name
    current.arguments += function.get("arguments") or ""
