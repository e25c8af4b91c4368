"""Retrieval benchmark: the corpus plus generated articles up to N chunks.

Query latency of the assistant's lexical retrieval (tokenise, score, mask to the asker's
documents, rank) as a ratio to a bare bm25s query on the same index; indexing throughput
(chunks per second) for lexical and, when available, dense indexing.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from dangjian.assistant.kb.corpus import load_corpus
from dangjian.assistant.kb.dense import DenseEncoder, dense_available
from dangjian.assistant.kb.evaluation import load_questions
from dangjian.assistant.kb.lexical import LexicalIndex
from dangjian.assistant.kb.tokenizer import tokenize

DENSE_SAMPLE = 200


def generated_texts(seed_texts: list[str], total: int, seed: int = 7) -> list[str]:
    """Articles made of sentences of the real corpus, shuffled: realistic vocabulary and length."""
    rng = random.Random(seed)
    sentences = [s + "。" for text in seed_texts for s in text.split("。") if len(s) > 8]
    texts = list(seed_texts)
    while len(texts) < total:
        texts.append(f"第{len(texts)}条　" + "".join(rng.sample(sentences, rng.randint(2, 6))))
    return texts[:total]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run_benchmark(
    corpus: Path, chunks: int, queries: int, write: Callable[[str], object]
) -> dict[str, float]:
    documents = load_corpus(corpus)
    texts = generated_texts([c.text for d in documents for c in d.chunks], chunks)
    questions = [q.q for q in load_questions()]
    asked = [questions[i % len(questions)] for i in range(queries)]

    started = time.perf_counter()
    tokens = [tokenize(t) for t in texts]
    index = LexicalIndex.build_from_tokens(tokens)
    lexical_rate = len(texts) / (time.perf_counter() - started)
    # An asker who sees half the base; the app keeps this mask per scope (SearchIndex).
    allowed = index.allowed_mask(list(range(0, len(texts), 2)))

    ours = _timed(asked, lambda q: index.search(q, 5, allowed))
    # The baseline is a bare bm25s query: the same tokeniser, then bm25s's own retrieve.
    bare = _timed(asked, lambda q: index._model.retrieve([tokenize(q)], k=5, show_progress=False))  # type: ignore[attr-defined]
    result = {
        "chunks": float(len(texts)),
        "lexical_median_ms": statistics.median(ours) * 1000,
        "lexical_p95_ms": _percentile(ours, 0.95) * 1000,
        "bm25s_median_ms": statistics.median(bare) * 1000,
        "bm25s_p95_ms": _percentile(bare, 0.95) * 1000,
        "lexical_index_chunks_per_s": lexical_rate,
    }
    result["ratio_median"] = result["lexical_median_ms"] / result["bm25s_median_ms"]
    result["ratio_p95"] = result["lexical_p95_ms"] / result["bm25s_p95_ms"]
    _print(result, write)
    if dense_available():
        result |= _dense(texts, asked)
        write(
            f"向量索引速度：{result['dense_index_chunks_per_s']:.1f} 块/秒（抽样{DENSE_SAMPLE}块）；问题编码中位数 {result['dense_query_encode_median_ms']:.1f} ms"
        )
    return result


def _timed(asked: list[str], run: Callable[[str], object]) -> list[float]:
    for q in asked[:10]:
        run(q)  # warm caches the same way for both
    times = []
    for q in asked:
        started = time.perf_counter()
        run(q)
        times.append(time.perf_counter() - started)
    return times


def _dense(texts: list[str], asked: list[str]) -> dict[str, float]:
    sample = texts[:DENSE_SAMPLE]
    encoder = DenseEncoder()
    started = time.perf_counter()
    encoder.encode_passages(sample)
    rate = len(sample) / (time.perf_counter() - started)
    encode_times = _timed(asked[:30], encoder.encode_query)
    return {
        "dense_index_chunks_per_s": rate,
        "dense_query_encode_median_ms": statistics.median(encode_times) * 1000,
    }


def _print(result: dict[str, float], write: Callable[[str], object]) -> None:
    write(f"分块数：{int(result['chunks'])}")
    write(
        f"关键词检索（本系统，含分词与权限过滤）：中位数 {result['lexical_median_ms']:.2f} ms，P95 {result['lexical_p95_ms']:.2f} ms"
    )
    write(
        f"基线（分词后裸 bm25s 查询）：      中位数 {result['bm25s_median_ms']:.2f} ms，P95 {result['bm25s_p95_ms']:.2f} ms"
    )
    write(f"比值：中位数 {result['ratio_median']:.2f}，P95 {result['ratio_p95']:.2f}（目标 ≤ 2）")
    write(f"关键词索引速度：{result['lexical_index_chunks_per_s']:.0f} 块/秒")
