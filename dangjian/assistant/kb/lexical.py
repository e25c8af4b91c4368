"""BM25 over jieba tokens (bm25s), with filtering to the chunks an asker may see."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from dangjian.assistant.kb.tokenizer import tokenize

_META = "dangjian_lexical.json"


class LexicalIndex:
    """A BM25 index; results are (position in the indexed texts, score), best first."""

    def __init__(self, model: object, size: int) -> None:
        self._model = model
        self.size = size

    @classmethod
    def build(cls, texts: Sequence[str]) -> LexicalIndex:
        return cls.build_from_tokens([tokenize(text) for text in texts])

    @classmethod
    def build_from_tokens(cls, token_lists: Sequence[list[str]]) -> LexicalIndex:
        import bm25s

        model = bm25s.BM25()
        # bm25s needs at least one token per document; an empty chunk gets a harmless blank one.
        corpus = [tokens or [""] for tokens in token_lists]
        if corpus:
            model.index(corpus, show_progress=False)
        return cls(model, len(corpus))

    def search(
        self, query: str, k: int, allowed: Sequence[int] | np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """Top k matches with a positive score, only among `allowed` when it is given.

        `allowed` is a list of positions or, cheaper for repeated queries, a boolean mask
        made once with `allowed_mask`."""
        scores = self.scores(query)
        if scores.size == 0 or k <= 0:
            return []
        if allowed is not None:
            # Masking before ranking, so filtering never leaves fewer than k results
            # while k permitted chunks match.
            scores = np.where(self.allowed_mask(allowed), scores, 0.0)
        return _top_k(scores, k)

    def allowed_mask(self, allowed: Sequence[int] | np.ndarray) -> np.ndarray:
        if isinstance(allowed, np.ndarray) and allowed.dtype == bool:
            return allowed
        mask = np.zeros(self.size, dtype=bool)
        mask[np.asarray(list(allowed), dtype=np.int64)] = True
        return mask

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every indexed text for the query (zeros when nothing matches)."""
        tokens = tokenize(query)
        ids = self._model.get_tokens_ids(tokens) if self.size else []  # type: ignore[attr-defined]
        if not ids:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._model.get_scores_from_ids(ids), dtype=np.float32)  # type: ignore[attr-defined]

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self._model.save(str(directory), show_progress=False)  # type: ignore[attr-defined]
        (directory / _META).write_text(json.dumps({"size": self.size}), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        import bm25s

        meta = json.loads((directory / _META).read_text(encoding="utf-8"))
        model = bm25s.BM25.load(str(directory), show_progress=False)
        return cls(model, int(meta["size"]))


def _top_k(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    positive = np.flatnonzero(scores > 0)
    # Stable order on ties (by position) keeps results reproducible between runs.
    order = positive[np.lexsort((positive, -scores[positive]))][:k]
    return [(int(i), float(scores[i])) for i in order]
