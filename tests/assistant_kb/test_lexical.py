"""BM25 search: the right article for plain questions, and filtering to what an asker may see."""

from pathlib import Path

import pytest

from dangjian.assistant.kb.evaluation import CorpusRetriever
from dangjian.assistant.kb.lexical import LexicalIndex

from .conftest import DUES, EDUCATION, RECRUITMENT

TEXTS = [
    "党员应当按期交纳党费。",
    "预备党员的预备期为一年。",
    "党支部每年至少召开一次组织生活会。",
    "预备党员转正须经支部党员大会讨论。",
    "流动党员可以在流入地参加组织生活。",
    "党小组会一般每月召开一次。",
]


@pytest.fixture(scope="module")
def small_index() -> LexicalIndex:
    return LexicalIndex.build(TEXTS)


def test_finds_the_matching_text(small_index: LexicalIndex) -> None:
    assert small_index.search("组织生活会多久开一次", 1)[0][0] == 2
    assert small_index.search("党费", 3)[0][0] == 0


def test_only_positive_scores_are_returned(small_index: LexicalIndex) -> None:
    assert small_index.search("红烧肉", 5) == []
    assert small_index.search("", 5) == []
    assert small_index.search("？？", 5) == []


def test_allowed_mask_keeps_k_results_from_the_allowed_set(small_index: LexicalIndex) -> None:
    everything = [i for i, _ in small_index.search("预备党员 组织生活", 6)]
    assert len(everything) >= 4
    allowed = everything[2:]  # the two best are hidden from this asker
    results = small_index.search("预备党员 组织生活", 2, allowed=allowed)
    assert [i for i, _ in results] == everything[2:4]


def test_allowed_mask_never_leaks(small_index: LexicalIndex) -> None:
    assert small_index.search("预备期", 5, allowed=[0, 2]) == []
    assert small_index.search("预备期", 5, allowed=[]) == []
    assert [i for i, _ in small_index.search("预备期", 5, allowed=[0, 1])] == [1]


def test_save_and_load_give_the_same_results(small_index: LexicalIndex, tmp_path: Path) -> None:
    small_index.save(tmp_path / "bm25")
    loaded = LexicalIndex.load(tmp_path / "bm25")
    assert loaded.size == len(TEXTS)
    query = "预备党员转正"
    assert loaded.search(query, 3) == small_index.search(query, 3)


def test_empty_index_searches_to_nothing() -> None:
    assert LexicalIndex.build([]).search("党费", 3) == []


@pytest.mark.parametrize(
    ("question", "doc", "article"),
    [
        ("入党申请交上去多久支部要找我谈话？", RECRUITMENT, 7),
        ("退休党员党费怎么交", DUES, 5),
        ("支部每个月都要开展主题党日吗", EDUCATION, 16),
        ("培养联系人要做哪些工作", RECRUITMENT, 9),
    ],
)
def test_corpus_question_finds_its_article_in_the_top_three(
    lexical_retriever: CorpusRetriever, question: str, doc: str, article: int
) -> None:
    built = lexical_retriever
    hits = built.retriever.search(question, 3, mode="lexical")
    found = [(built.doc_keys[h.index], built.retriever.chunks[h.index].article_no) for h in hits]
    assert (doc, article) in found


def test_corpus_search_restricted_to_one_document(lexical_retriever: CorpusRetriever) -> None:
    keys = lexical_retriever.doc_keys
    allowed = [i for i, key in enumerate(keys) if key == DUES]
    hits = lexical_retriever.retriever.search(
        "党员转正以后党费", 5, allowed=allowed, mode="lexical"
    )
    assert len(hits) == 5
    assert all(keys[h.index] == DUES for h in hits)
