"""Writes of the knowledge base and of the exchange log.

Indexing a document is ``dangjian.assistant.indexing.document_index`` (named here too, for the
commands); an upload queues the indexing job (``dangjian.assistant.tasks``), which calls it."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.db import transaction

from dangjian.accounts.access import (
    access_organization,
    may_manage_knowledge_base,
    require,
)
from dangjian.assistant.indexing import document_index
from dangjian.assistant.models import Document, Exchange, Visibility
from dangjian.assistant.tasks import index_document
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.errors import InvalidInput
from dangjian.core.masking import mask_text

SUFFIXES = {".docx", ".pdf", ".md", ".txt"}
MAX_BYTES = 30 * 1024 * 1024


def _may_manage_kb(user: Actor, owner_id: int) -> bool:
    if user is None:  # the system itself: commands and jobs
        return True
    return may_manage_knowledge_base(user, access_organization(user, owner_id))


def document_add(
    *,
    actor: Actor,
    filename: str,
    content: bytes,
    owner_id: int,
    visibility: str = Visibility.ENTERPRISE,
) -> tuple[Document, bool]:
    """Store a file and queue its indexing. The same file again for the same owner does nothing.

    Returns (document, created)."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidInput.one(
            "file", f"不支持的文件类型“{suffix or '无扩展名'}”，请上传 .docx、.pdf、.md 或 .txt"
        )
    if not content:
        raise InvalidInput.one("file", "文件为空")
    if len(content) > MAX_BYTES:
        raise InvalidInput.one("file", "文件超过30MB")
    if visibility not in Visibility.values:
        raise InvalidInput.one("visibility", "可见范围无效")
    require(_may_manage_kb(actor, owner_id), "无权向该组织的知识库添加文档")
    digest = hashlib.sha256(content).hexdigest()
    existing = Document.objects.filter(owner_id=owner_id, sha256=digest).first()
    if existing is not None:
        return existing, False
    with transaction.atomic():
        document = Document.objects.create(
            title=Path(filename).stem, filename=filename[:200], format=suffix[1:], sha256=digest,
            content=content, owner_id=owner_id, visibility=visibility, uploaded_by=acting_user(actor),
        )  # fmt: skip
        audit(actor=actor, action="kb.add", obj=document, after={"filename": filename})
        transaction.on_commit(lambda: _queue_index(document.pk))
    return document, True


def _queue_index(document_id: int) -> None:
    index_document.delay(document_id)


@transaction.atomic
def document_delete(*, actor: Actor, document_id: int) -> None:
    document = Document.objects.select_for_update().get(pk=document_id)
    require(_may_manage_kb(actor, document.owner_id), "无权删除该文档")
    audit(actor=actor, action="kb.delete", obj=document, before={"title": document.title})
    document.delete()  # its chunks go with it


def exchange_log(
    *,
    user: Actor,
    question: str,
    answer: str,
    kind: str,
    passages: list[Any],
    tools: list[Any],
    refused: bool,
) -> Exchange:
    # The log keeps no clear ID or phone number a user typed or an answer quoted.
    return Exchange.objects.create(
        user=acting_user(user), question=mask_text(question), answer=mask_text(answer), kind=kind,
        passages=passages, tools=tools, refused=refused,
    )  # fmt: skip


def exchange_rate(*, user: Actor, exchange_id: int, rating: int, note: str = "") -> Exchange:
    if rating not in (-1, 1):
        raise InvalidInput.one("rating", "评价只能是有用或无用")
    exchange = Exchange.objects.filter(pk=exchange_id, user=acting_user(user)).first()
    require(exchange is not None, "只能评价自己的问答")
    assert exchange is not None
    exchange.rating, exchange.rating_note = rating, note[:300]
    exchange.save(update_fields=["rating", "rating_note"])
    return exchange


def corpus_load(
    *, actor: Actor, directory: Path, owner_id: int, index_now: bool = True
) -> list[Document]:
    """Add every regulation in ``directory`` to the enterprise-wide knowledge base."""
    from dangjian.assistant.kb.corpus import corpus_files

    added = []
    for path in corpus_files(directory):
        document, created = document_add(
            actor=actor, filename=path.name, content=path.read_bytes(), owner_id=owner_id
        )
        if created and index_now:
            document = document_index(document_id=document.pk)
        added.append(document)
    return added
