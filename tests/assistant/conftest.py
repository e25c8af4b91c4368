"""Fixtures of the assistant: a small knowledge base from the real corpus, and a fake
OpenAI-compatible server on 127.0.0.1 that streams canned completions and tool calls."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from dangjian.assistant.indexing import document_index
from dangjian.assistant.models import Document
from dangjian.assistant.services import document_add
from dangjian.orgs.models import Organization

CORPUS = Path(settings.CORPUS_DIR)
FAZHAN = "中国共产党发展党员工作细则（2026年修订）.txt"
DANGFEI = "关于中国共产党党费收缴、使用和管理的规定（节选）.txt"


@pytest.fixture(autouse=True)
def _lexical_only(settings: Settings) -> None:
    """Dense indexing takes tens of seconds per document; tests of the app use lexical search
    (the dense path is covered in tests/assistant_kb)."""
    settings.DENSE_RETRIEVAL = False
    settings.LLM_BASE_URL = ""


def add_doc(owner: Organization, name: str, visibility: str = "enterprise") -> Document:
    document, _ = document_add(
        actor=None,
        filename=name,
        content=(CORPUS / name).read_bytes(),
        owner_id=owner.pk,
        visibility=visibility,
    )
    return document_index(document_id=document.pk)


@pytest.fixture
def kb(
    enterprise: SimpleNamespace, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> tuple[Document, Document]:
    """细则 for the whole enterprise; the 党费 rules visible only in branch B's subtree."""
    fazhan = add_doc(enterprise.root, FAZHAN)
    dangfei = add_doc(enterprise.branch_b, DANGFEI, visibility="subtree")
    return fazhan, dangfei


class FakeModel(BaseHTTPRequestHandler):
    """Answers /chat/completions with the next scripted response, as server-sent events."""

    script: list[dict[str, Any]] = []
    requests: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        FakeModel.requests.append(json.loads(self.rfile.read(length)))
        step = FakeModel.script.pop(0) if FakeModel.script else {"text": "（无脚本）"}
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for event in _events(step):
            self.wfile.write(f"data: {json.dumps(event, ensure_ascii=False)}\n\n".encode())
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")

    def log_message(self, *args: Any) -> None:
        return


def _events(step: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for piece in step.get("pieces", [step["text"]] if "text" in step else []):
        yield {"choices": [{"index": 0, "delta": {"content": piece}}]}
    for i, call in enumerate(step.get("tool_calls", [])):
        arguments = json.dumps(call["arguments"], ensure_ascii=False)
        head = {
            "index": i,
            "id": f"call_{i}",
            "type": "function",
            "function": {"name": call["name"], "arguments": ""},
        }
        yield {"choices": [{"index": 0, "delta": {"tool_calls": [head]}}]}
        for part in (arguments[: len(arguments) // 2], arguments[len(arguments) // 2 :]):
            yield {
                "choices": [
                    {
                        "index": 0,
                        "delta": {"tool_calls": [{"index": i, "function": {"arguments": part}}]},
                    }
                ]
            }


@pytest.fixture
def fake_llm(settings: Settings) -> Iterator[type[FakeModel]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeModel)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeModel.script, FakeModel.requests = [], []
    settings.LLM_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}/v1"
    settings.LLM_TIMEOUT = 10
    yield FakeModel
    server.shutdown()
    server.server_close()
