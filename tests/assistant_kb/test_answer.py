"""Extractive answers: cited passages with highlights, or a plain "not found"."""

from dangjian.assistant.kb.answer import NOT_FOUND, extractive_answer, highlight
from dangjian.assistant.kb.evaluation import CorpusRetriever
from dangjian.assistant.kb.retriever import Hit
from dangjian.assistant.kb.splitter import split_document
from dangjian.assistant.kb.tokenizer import tokenize


def test_highlight_marks_words_and_joins_back() -> None:
    text = "预备党员的预备期为一年。预备期从支部大会通过之日算起。"
    segments = highlight(text, tokenize("预备期多长"))
    assert "".join(piece for piece, _ in segments) == text
    assert ("预备期", True) in segments
    assert all(marked for piece, marked in segments if piece == "预备期")
    # Single characters are not marked: they would light up the whole passage.
    assert highlight("党员交纳党费", ["党"]) == [("党员交纳党费", False)]


def test_highlight_prefers_the_longest_word_and_merges_neighbours() -> None:
    segments = highlight("入党积极分子培养", ["积极分子", "入党积极分子", "培养"])
    assert segments == [("入党积极分子培养", True)]
    assert highlight("", ["党费"]) == []


def test_answer_cites_the_articles(default_retriever: CorpusRetriever) -> None:
    built = default_retriever
    question = "预备党员从什么时候开始交党费？"
    hits = built.retriever.search(question, 5)
    titles = {d.key: d.source.title for d in built.documents}
    doc_titles = [titles[key] for key in built.doc_keys]
    answer = extractive_answer(question, hits, built.retriever.chunks, doc_titles)
    assert answer.found
    first = answer.passages[0]
    assert first.citation == "《关于中国共产党党费收缴、使用和管理的规定（节选）》第八条"
    assert first.text.startswith("第八条 预备党员从支部大会通过其为预备党员之日起交纳党费")
    assert any(marked and piece == "预备党员" for piece, marked in first.segments)
    assert "".join(p for p, _ in first.segments) == first.text
    assert first.citation in answer.summary and len(answer.passages) <= 3


def test_nothing_relevant_says_so_plainly(
    lexical_retriever: CorpusRetriever, default_retriever: CorpusRetriever
) -> None:
    for built in (lexical_retriever, default_retriever):
        chunks = built.retriever.chunks
        titles = ["某文档"] * len(chunks)
        for question in ("asdfgh", "今天天气怎么样"):
            hits = built.retriever.search(question, 5)
            answer = extractive_answer(question, hits, chunks, titles)
            assert answer.passages == ()
            assert answer.summary == NOT_FOUND == "未在知识库中找到相关条文。"


def test_lexical_hits_without_dense_scores_count_when_they_match() -> None:
    chunks = split_document(
        "规定", "第一条 党员应当按期交纳党费。\n第二条 本规定自发布之日起施行。\n"
    )
    hits = [Hit(0, 1.5, 1, None, None, 1 / 61)]
    answer = extractive_answer("党费", hits, chunks, ["规定", "规定"])
    assert [p.citation for p in answer.passages] == ["《规定》第一条"]
    assert extractive_answer("党费", [], chunks, ["规定", "规定"]).summary == NOT_FOUND
