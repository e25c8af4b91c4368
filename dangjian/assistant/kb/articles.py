"""Questions that name an article: 党费规定第12条, 第１２条, 纪律处分条例第十条, 党章第三条.

The article named is looked up by number in the document the question names, so it comes
first whatever the wording around it; the words before 第 pick the document by the pairs of
characters they share with its title (党章 is inside 中国共产党章程, 党费规定 shares 党费 and
规定 with 关于中国共产党党费收缴、使用和管理的规定).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from dangjian.assistant.kb.normalize import normalize_text
from dangjian.assistant.kb.numerals import chinese_numeral_to_int

_REFERENCE = re.compile(r"第([零〇一二两三四五六七八九十百千]+)条")
_HINT_CHARS = 24


@dataclass(frozen=True)
class ArticleReference:
    number: int
    hint: str  # the words before 第 that may name the document ("党费规定"), normalised


def article_reference(question: str) -> ArticleReference | None:
    """The first 第X条 of the question, in any digits, with the words that precede it."""
    text = normalize_text(question)
    match = _REFERENCE.search(text)
    if match is None:
        return None
    try:
        number = chinese_numeral_to_int(match[1])
    except ValueError:
        return None
    if number <= 0:
        return None
    return ArticleReference(number, text[max(0, match.start() - _HINT_CHARS) : match.start()])


def title_score(hint: str, title: str) -> int:
    """How many distinct two-character pieces of ``hint`` the title contains (0: not named)."""
    # Pieces every title shares (中国共产党) add the same to each, so they never decide.
    core = normalize_text(title)
    pairs = {hint[i : i + 2] for i in range(len(hint) - 1)}
    return sum(1 for pair in pairs if pair in core)


def named_documents(hint: str, titles: Sequence[str]) -> set[str]:
    """The titles the hint names best; every title when it names none."""
    scores = {title: title_score(hint, title) for title in dict.fromkeys(titles)}
    best = max(scores.values(), default=0)
    return {t for t, s in scores.items() if s == best} if best else set(scores)
