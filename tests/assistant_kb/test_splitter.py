"""Splitting by article: nothing lost, every article found once, in order."""

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dangjian.assistant.kb.corpus import LoadedDocument, corpus_dir, corpus_files
from dangjian.assistant.kb.readers import read_document
from dangjian.assistant.kb.splitter import Chunk, split_document

from .conftest import ARTICLE_COUNTS, CONSTITUTION, DISCIPLINE, DUES, RECRUITMENT


def _all_files() -> list[Path]:
    directory = corpus_dir()
    return [*corpus_files(directory), *corpus_files(directory / "text")]


def _articles_in_order(chunks: list[Chunk]) -> list[int]:
    """Article numbers, once per article: a split article shows as parts 1, 2, ..."""
    numbers: list[int] = []
    for chunk in chunks:
        if chunk.article_no is None:
            continue
        if chunk.part <= 1:
            numbers.append(chunk.article_no)
        else:
            assert numbers[-1] == chunk.article_no, "一条的各部分必须相邻"
    return numbers


@pytest.mark.parametrize("path", _all_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_format_splits_into_all_articles_losing_nothing(path: Path) -> None:
    doc = read_document(path)
    chunks = split_document(doc.title, doc.text)
    assert "".join(c.text for c in chunks) == doc.text
    assert _articles_in_order(chunks) == list(range(1, ARTICLE_COUNTS[path.stem] + 1))
    for ordinal, chunk in enumerate(chunks):
        assert chunk.ordinal == ordinal
        assert doc.text[chunk.start : chunk.end] == chunk.text
        assert len(chunk.text) <= 800


def test_invariant_holds_for_the_text_versions_read_raw(corpus: Path) -> None:
    for path in corpus_files(corpus / "text"):
        text = path.read_text(encoding="utf-8")
        assert "".join(c.text for c in split_document(path.stem, text)) == text


def test_damaged_discipline_regulation_finds_article_154(
    documents: dict[str, LoadedDocument],
) -> None:
    chunks = documents[DISCIPLINE].chunks
    article = next(c for c in chunks if c.article_no == 154)
    assert "\ufffd" in article.text  # the label itself is damaged: 第一百五���四条
    assert article.article_label == "第一百五十四条"
    assert article.chapter == "第十一章\u3000对违反生活纪律行为的处分"
    assert article.citation("中国共产党纪律处分条例") == "《中国共产党纪律处分条例》第一百五十四条"


def test_discipline_regulation_parts_and_chapters(documents: dict[str, LoadedDocument]) -> None:
    chunks = documents[DISCIPLINE].chunks
    first = next(c for c in chunks if c.article_no == 1)
    assert first.text.lstrip().startswith("第一编 总则")
    assert first.chapter == "第一章\u3000总体要求和适用范围"
    # The damaged line before 第二章 is still recognised as the chapter heading.
    assert next(c for c in chunks if c.article_no == 7).chapter == "第二章\u3000违纪与纪律处分"
    assert next(c for c in chunks if c.article_no == 49).chapter.startswith("第六章")
    assert next(c for c in chunks if c.article_no == 154).chapter.startswith("第十一章")
    # 第三编 附则 has no chapters: the part stands in for one.
    assert next(c for c in chunks if c.article_no == 158).chapter == "第三编\u3000附则"


def test_constitution_general_programme_is_kept_and_labelled(
    documents: dict[str, LoadedDocument],
) -> None:
    chunks = documents[CONSTITUTION].chunks
    programme = [c for c in chunks if c.chapter == "总纲"]
    assert len(programme) > 1 and all(c.article_no is None for c in programme)
    assert [c.part for c in programme] == list(range(1, len(programme) + 1))
    assert programme[0].text.startswith("总 纲\n中国共产党是中国工人阶级的先锋队")
    assert chunks[0].text.startswith("中国共产党章程\n")
    first = next(c for c in chunks if c.article_no == 1)
    assert first.chapter == "第一章\u3000党员"
    assert first.citation("中国共产党章程") == "《中国共产党章程》第一条"
    assert programme[0].citation("中国共产党章程") == "《中国共产党章程》总纲"


def test_dues_section_headings_act_as_chapters(documents: dict[str, LoadedDocument]) -> None:
    chapters = {c.article_no: c.chapter for c in documents[DUES].chunks}
    assert chapters[1] == "党费收缴总则"
    assert chapters[2] == chapters[6] == "比例"
    assert chapters[7] == "困难的党员"
    assert chapters[11] == chapters[16] == "特殊党费"
    assert chapters[None] == ""  # the page caption above them is no chapter


def test_recruitment_rules_chapters(documents: dict[str, LoadedDocument]) -> None:
    chunks = documents[RECRUITMENT].chunks
    chapters = [c.chapter for c in chunks if c.article_no is not None]
    assert len(dict.fromkeys(chapters)) == 7
    assert (
        next(c for c in chunks if c.article_no == 13).chapter == "第三章\u3000发展对象的确定和考察"
    )


def test_long_article_splits_into_bounded_parts_at_sentences() -> None:
    article = "第一条 " + "党支部应当按期开展组织生活。" * 30 + "\n" + "党员应当参加。" * 10
    text = "第一章 总则\n" + article + "\n第二条 本规定自发布之日起施行。\n"
    chunks = split_document("测试规定", text, max_chars=120)
    assert "".join(c.text for c in chunks) == text
    parts = [c for c in chunks if c.article_no == 1]
    assert [c.part for c in parts] == list(range(1, len(parts) + 1))
    assert all(len(c.text) <= 120 for c in chunks)
    assert all(c.text.endswith(("。", "\n")) for c in parts)
    assert chunks[-1].article_no == 2 and chunks[-1].part == 0


def test_reference_at_line_start_is_not_an_article() -> None:
    text = "第一条 甲。\n第二条 乙。\n第一条规定的情形，适用本条。\n第三条 丙。\n"
    chunks = split_document("测试", text)
    assert [c.article_no for c in chunks] == [1, 2, 3]


def test_non_regulation_splits_by_headings() -> None:
    text = (
        "关于开展主题党日活动的通知\n各党支部：\n"
        "一、活动主题\n学习党章，重温入党誓词。\n"
        "二、活动安排\n每月第一个周五下午。\n"
    )
    chunks = split_document("通知", text)
    assert "".join(c.text for c in chunks) == text
    assert [c.heading for c in chunks] == [
        "关于开展主题党日活动的通知",
        "一、活动主题",
        "二、活动安排",
    ]
    assert all(c.article_no is None and c.article_label == "" for c in chunks)
    assert chunks[1].citation("通知") == "《通知》"


def test_empty_text_gives_no_chunks() -> None:
    assert split_document("空", "") == []


_PIECES = st.sampled_from(
    ["第一条 ", "第二条 ", "第十条", "第一章 总则", "总 纲", "比例", "\n", "\n\n", "　　", "党员", "。", "，",
     "\ufffd", "第一百五\ufffd\ufffd\ufffd四条 ", "（一）", "a", " "]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=60), st.integers(min_value=20, max_value=200))
def test_nothing_is_ever_lost_or_duplicated(pieces: list[str], max_chars: int) -> None:
    text = "".join(pieces)
    chunks = split_document("任意", text, max_chars=max_chars)
    assert "".join(c.text for c in chunks) == text
    assert all(0 < len(c.text) <= max_chars for c in chunks)
    assert all(a.end == b.start for a, b in itertools.pairwise(chunks))
