"""Indexing one document of the knowledge base: read, split, tokenise and embed.

Called by the indexing jobs (``dangjian.assistant.tasks``), the ``kb`` command and the tests;
it imports neither the jobs nor the upload services, so the services may queue the jobs."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangjian.assistant.kb.readers import UnreadableDocument, read_document
from dangjian.assistant.kb.retriever import index_text
from dangjian.assistant.kb.splitter import split_document
from dangjian.assistant.kb.tokenizer import tokenize
from dangjian.assistant.models import Chunk, Document, IndexStatus


def document_index(*, document_id: int) -> Document:
    """Read, split, tokenise and embed one document; its chunks replace any earlier ones."""
    claimed = Document.objects.filter(pk=document_id).exclude(status=IndexStatus.INDEXING)
    if not claimed.update(status=IndexStatus.INDEXING):
        return Document.objects.get(pk=document_id)  # another run is at it
    document = Document.objects.get(pk=document_id)
    try:
        title, text, chunks = _read_and_split(document)
        rows = _chunk_rows(document, title, chunks)
    except UnreadableDocument as exc:
        return _fail(document, str(exc))
    with transaction.atomic():
        Chunk.objects.filter(document=document).delete()
        Chunk.objects.bulk_create(rows, batch_size=500)
        document.title, document.text, document.chunk_count = title, text, len(rows)
        document.status, document.error, document.indexed_at = IndexStatus.READY, "", timezone.now()
        document.save(
            update_fields=["title", "text", "chunk_count", "status", "error", "indexed_at"]
        )
    return document


def _read_and_split(document: Document) -> tuple[str, str, list[Any]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{document.title}.{document.format}"
        path.write_bytes(bytes(document.content))
        source = read_document(path)
    title = source.title
    stem = Path(document.filename).stem
    if stem.startswith(title) and stem != title:
        title = stem  # "…细则（2026年修订）": the file name also names the edition
    return title, source.text, split_document(title, source.text)


def _chunk_rows(document: Document, title: str, chunks: list[Any]) -> list[Chunk]:
    from dangjian.assistant.selectors import dense_enabled

    texts = [index_text(c, title) for c in chunks]
    vectors: list[bytes | None] = [None] * len(chunks)
    if dense_enabled() and chunks:
        from dangjian.assistant.kb.dense import DenseEncoder

        vectors = [v.tobytes() for v in DenseEncoder().encode_passages(texts)]
    return [
        Chunk(
            document=document,
            ordinal=c.ordinal,
            text=c.text,
            chapter=c.chapter[:200],
            article_no=c.article_no,
            article_label=c.article_label,
            part=c.part,
            heading=c.heading[:200],
            start=c.start,
            end=c.end,
            tokens=tokenize(t),
            vector=v,
        )
        for c, t, v in zip(chunks, texts, vectors, strict=True)
    ]


def _fail(document: Document, message: str) -> Document:
    document.status, document.error = IndexStatus.FAILED, message[:300]
    document.save(update_fields=["status", "error"])
    return document
