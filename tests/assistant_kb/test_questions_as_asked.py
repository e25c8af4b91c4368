"""Retrieval of questions as members type them: articles named by number in any digits,
traditional characters, and the domain's synonyms."""

from __future__ import annotations

import pytest

from dangjian.assistant.kb.articles import article_reference, named_documents
from dangjian.assistant.kb.evaluation import CorpusRetriever
from dangjian.assistant.kb.normalize import normalize_text, to_simplified
from dangjian.assistant.kb.synonyms import SYNONYMS_FILE, expand_query, parse_synonyms
from dangjian.assistant.kb.tokenizer import tokenize
from tests.assistant_kb.conftest import CONSTITUTION, DISCIPLINE, DUES, EDUCATION, RECRUITMENT


def _top(retriever: CorpusRetriever, question: str, n: int = 1) -> list[tuple[str, int | None]]:
    hits = retriever.retriever.search(question, 5, mode="lexical")
    return [(retriever.doc_keys[h.index], retriever.retriever.chunks[h.index].article_no) for h in hits][:n]  # fmt: skip


@pytest.mark.parametrize(
    ("question", "document", "article"),
    [
        ("党费规定第12条", DUES, 12),
        ("党费规定第１２条是怎么规定的", DUES, 12),
        ("发展党员工作细则第31条", RECRUITMENT, 31),
        ("纪律处分条例第十条", DISCIPLINE, 10),
        ("党章第三条", CONSTITUTION, 3),
        ("党章第３条讲的是什么", CONSTITUTION, 3),
        ("教育管理条例第二十条", EDUCATION, 20),
        ("請問黨章第三條", CONSTITUTION, 3),
    ],
)
def test_an_article_named_by_number_comes_first(
    lexical_retriever: CorpusRetriever, question: str, document: str, article: int
) -> None:
    assert _top(lexical_retriever, question) == [(document, article)]


def test_an_article_number_alone_returns_that_article_of_each_document(
    lexical_retriever: CorpusRetriever,
) -> None:
    found = _top(lexical_retriever, "第１２条", 5)
    assert {number for _, number in found} == {12} and len(found) == 5


def test_an_article_the_named_document_lacks_is_not_taken_from_another(
    lexical_retriever: CorpusRetriever,
) -> None:
    """党费规定 has 16 articles: its 第31条 must not be article 31 of another regulation."""
    hits = lexical_retriever.retriever.search("党费规定第31条", 5, mode="lexical")
    assert not any(h.exact for h in hits)


@pytest.mark.parametrize(
    ("question", "number", "hint"),
    [("党费规定第12条", 12, "党费规定"), ("第１２条", 12, ""), ("纪律处分条例第一百零三条", 103, "纪律处分条例")],
)  # fmt: skip
def test_article_reference_reads_any_digits(question: str, number: int, hint: str) -> None:
    reference = article_reference(question)
    assert reference is not None and reference.number == number and reference.hint == hint


def test_the_document_is_named_by_the_pieces_of_its_title() -> None:
    titles = [CONSTITUTION, DUES, DISCIPLINE, RECRUITMENT, EDUCATION]
    assert named_documents("党章", titles) == {CONSTITUTION}
    assert named_documents("党费规定", titles) == {DUES}
    assert named_documents("请问", titles) == set(titles)


def test_traditional_and_full_width_become_simplified_ascii() -> None:
    assert to_simplified("預備黨員的預備期是多長時間") == "预备党员的预备期是多长时间"
    assert normalize_text("第１２條") == "第十二条"
    assert tokenize("預備黨員") == tokenize("预备党员")


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("預備黨員的預備期是多長時間", "预备党员的预备期是多长时间"),
        ("黨員能不能信教", "党员能不能信教"),
        ("退休黨員黨費按什麼比例交納", "退休党员党费按什么比例交纳"),
        ("入黨申請交上去多久支部要找我談話", "入党申请交上去多久支部要找我谈话"),
    ],
)
def test_traditional_question_finds_what_the_simplified_one_finds(
    lexical_retriever: CorpusRetriever, traditional: str, simplified: str
) -> None:
    assert _top(lexical_retriever, traditional, 3) == _top(lexical_retriever, simplified, 3)


def test_traditional_document_is_found_by_a_simplified_question() -> None:
    """The index side is normalised too: a document typed in traditional characters."""
    from dangjian.assistant.kb.lexical import LexicalIndex

    index = LexicalIndex.build(["第一條 黨員必須按期交納黨費。", "第二条 预备期为一年。"])
    assert index.search("党员交纳党费", 1)[0][0] == 0


@pytest.mark.parametrize(
    ("question", "document", "article"),
    [
        ("党员能不能信教", DISCIPLINE, 69),
        ("收了别人送的购物卡会受什么处分", DISCIPLINE, 97),
    ],
)
def test_synonyms_reach_the_article_written_in_other_words(
    lexical_retriever: CorpusRetriever, question: str, document: str, article: int
) -> None:
    assert (document, article) in _top(lexical_retriever, question, 3)


def test_synonym_expansion_adds_each_word_of_the_group_once() -> None:
    groups = parse_synonyms("# 说明\n信教 信仰宗教 宗教信仰\n\n单独一个词\n")
    assert groups == (("信教", "信仰宗教", "宗教信仰"),)
    assert expand_query("党员能不能信教", groups) == "党员能不能信教 信仰宗教 宗教信仰"
    assert expand_query("党员的权利", groups) == "党员的权利"


def test_the_shipped_synonym_list_is_readable() -> None:
    groups = parse_synonyms(SYNONYMS_FILE.read_text(encoding="utf-8"))
    words = [w for g in groups for w in g]
    assert ("信教" in words and "信仰宗教" in words) and ("购物卡" in words and "消费卡" in words)
    assert all(len(g) >= 2 for g in groups)
