"""Answers without a language model: the matching articles themselves, cited and highlighted."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from dangjian.assistant.kb.retriever import Hit
from dangjian.assistant.kb.splitter import Chunk
from dangjian.assistant.kb.tokenizer import tokenize

NOT_FOUND = "未在知识库中找到相关条文。"
# e5 similarities are compressed into a narrow band: questions about the corpus score about
# 0.88 or more against their article, unrelated questions ("今天天气怎么样") 0.80-0.84.
DENSE_FLOOR = 0.86
MAX_PASSAGES = 3

Segment = tuple[str, bool]


@dataclass(frozen=True)
class Passage:
    citation: str
    text: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class ExtractiveAnswer:
    passages: tuple[Passage, ...]
    summary: str

    @property
    def found(self) -> bool:
        return bool(self.passages)


def highlight(text: str, query_tokens: Sequence[str]) -> list[Segment]:
    """Split text into (piece, matched) segments that join back to the text, for <mark>."""
    # One character matches everywhere in Chinese text; only words are worth marking.
    words = sorted({t for t in query_tokens if len(t) >= 2 or t.isdigit()}, key=len, reverse=True)
    if not text or not words:
        return [(text, False)] if text else []
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    segments: list[Segment] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            segments.append((text[position : match.start()], False))
        segments.append((match.group(), True))
        position = match.end()
    if position < len(text):
        segments.append((text[position:], False))
    return _merge(segments)


def _merge(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for piece, marked in segments:
        if merged and merged[-1][1] == marked:
            merged[-1] = (merged[-1][0] + piece, marked)
        else:
            merged.append((piece, marked))
    return merged


def extractive_answer(
    question: str, hits: Sequence[Hit], chunks: Sequence[Chunk], doc_titles: Sequence[str]
) -> ExtractiveAnswer:
    """Cite the relevant hits; `doc_titles[i]` is the title of the document of `chunks[i]`."""
    relevant = [hit for hit in hits if _is_relevant(hit, hits)][:MAX_PASSAGES]
    if not relevant:
        return ExtractiveAnswer(passages=(), summary=NOT_FOUND)
    tokens = tokenize(question)
    passages = []
    for hit in relevant:
        chunk = chunks[hit.index]
        text = _display_text(chunk.text)
        citation = chunk.citation(doc_titles[hit.index])
        passages.append(Passage(citation, text, tuple(highlight(text, tokens))))
    cited = "、".join(p.citation for p in passages)
    summary = f"找到 {len(passages)} 处相关条文：{cited}。以下为条文原文，请以原文为准。"
    return ExtractiveAnswer(passages=tuple(passages), summary=summary)


def _is_relevant(hit: Hit, hits: Sequence[Hit]) -> bool:
    """Semantic similarity decides when it was computed; otherwise any keyword match counts.
    The article a question names by number is always relevant."""
    if hit.exact:
        return True
    if any(h.dense_score is not None for h in hits):
        return hit.dense_score is not None and hit.dense_score >= DENSE_FLOOR
    return hit.lexical_score is not None and hit.lexical_score > 0


def _display_text(text: str) -> str:
    """The chunk without blank lines and the full-width indentation some sources carry."""
    lines = (line.strip(" \t\u3000") for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def relevant_hits(hits: Sequence[Hit]) -> list[Hit]:
    """The hits an extractive answer cites, in the same order, so callers can map them back."""
    return [hit for hit in hits if _is_relevant(hit, hits)][:MAX_PASSAGES]
