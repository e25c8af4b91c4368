"""Recognise the structural lines of a regulation: 编, 章, 节, 总纲, 第X条 and plain headings."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from dangjian.assistant.kb.numerals import chinese_numeral_to_int, int_to_chinese_numeral

_NUM = "零〇一二两兩三四五六七八九十百千\\d"
_DAMAGE = "\ufffd"
# Traditional forms (條, 編, 節) too: a document typed in traditional characters has articles.
_ARTICLE = re.compile(rf"^[\s{_DAMAGE}]*第([{_NUM}{_DAMAGE}]+)[条條]([ \t\u3000]+|$)?")
_DIVISION = re.compile(rf"^[\s{_DAMAGE}]*(第[{_NUM}]+([编編章节節]))[ \t\u3000]*([^。；]{{0,40}})$")
_PREAMBLE = re.compile(r"^[\s\ufffd]*(总\s*纲|序\s*言|前\s*言)\s*$")
_ENUMERATION = re.compile(
    r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+(\.\d+)*[、.．\s])"
)
_PUNCTUATION = re.compile(r"[。；，：！？、,;:!?“”\"]")
_SPACE_BETWEEN_CJK = re.compile(r"(?<=[\u3400-\u9fff])[ \t\u3000]+(?=[\u3400-\u9fff])")
_EDGE = " \t\u3000\ufffd"


class LineKind(enum.Enum):
    PART = "编"
    CHAPTER = "章"
    SECTION = "节"
    PREAMBLE = "总纲"
    HEADING = "标题"
    ARTICLE = "条"
    BODY = "正文"
    BLANK = "空行"

    @property
    def is_heading(self) -> bool:
        return self in _HEADINGS


_DIVISION_KINDS = {
    "编": LineKind.PART, "編": LineKind.PART, "章": LineKind.CHAPTER,
    "节": LineKind.SECTION, "節": LineKind.SECTION,
}  # fmt: skip
_HEADINGS = {LineKind.PART, LineKind.CHAPTER, LineKind.SECTION, LineKind.PREAMBLE, LineKind.HEADING}


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    kind: LineKind
    label: str = ""
    number: int | None = None
    # A plain heading acts as the chapter in a regulation that has no 章 (the 党费 rules).
    chapter_like: bool = False


def classify_lines(text: str) -> list[Line]:
    """One Line per line of text; `end` includes the newline, so the lines tile the text."""
    spans = _line_spans(text)
    articles = _find_articles([text[s:e] for s, e in spans])
    is_regulation = len(articles) >= 2
    kinds = [_classify(text[s:e], articles.get(i)) for i, (s, e) in enumerate(spans)]
    has_chapters = any(kind is LineKind.CHAPTER for kind, _ in kinds)
    lines = []
    for i, ((start, end), (kind, label)) in enumerate(zip(spans, kinds, strict=True)):
        if kind is LineKind.HEADING and is_regulation and not _heads_something(kinds, i):
            kind, label = LineKind.BODY, ""
        article = articles.get(i)
        lines.append(
            Line(
                start=start,
                end=end,
                kind=kind,
                label=article[1] if article else label,
                number=article[0] if article else None,
                chapter_like=_chapter_like(kind, i, is_regulation, has_chapters),
            )
        )
    return lines


def _chapter_like(kind: LineKind, index: int, is_regulation: bool, has_chapters: bool) -> bool:
    # The first line is the document's (or the web page's) title, never a chapter.
    return kind is LineKind.HEADING and is_regulation and not has_chapters and index > 0


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    while start < len(text):
        newline = text.find("\n", start)
        end = len(text) if newline < 0 else newline + 1
        spans.append((start, end))
        start = end
    return spans


def _find_articles(lines: list[str]) -> dict[int, tuple[int, str]]:
    """Article lines by index, with number and label, numbered in reading order."""
    found: dict[int, tuple[int, str]] = {}
    previous = 0
    for i, line in enumerate(lines):
        match = _ARTICLE.match(line.rstrip("\n"))
        if match is None:
            continue
        numeral, separated = match.group(1), match.group(2) is not None
        number = _article_number(numeral, previous + 1)
        # "第三条规定的……" at the start of a line is a reference, unless it is the next article.
        if number is None or (not separated and number != previous + 1):
            continue
        if _DAMAGE in numeral:
            numeral = int_to_chinese_numeral(number)  # cite the article by its reconstructed name
        label = f"第{numeral}条"
        found[i] = (number, label)
        previous = number
    return found


def _article_number(numeral: str, expected: int) -> int | None:
    """Parse the numeral; a damaged one is accepted as the expected next number if it fits."""
    if _DAMAGE not in numeral:
        try:
            return chinese_numeral_to_int(numeral)
        except ValueError:
            return None
    # Each damaged run stands for the characters lost there (up to one per damaged byte).
    pattern = "".join(
        f".{{0,{len(run)}}}" if run.startswith(_DAMAGE) else re.escape(run)
        for run in re.findall(f"{_DAMAGE}+|[^{_DAMAGE}]+", numeral)
    )
    if re.fullmatch(pattern, int_to_chinese_numeral(expected)):
        return expected
    return None


def _classify(line: str, article: tuple[int, str] | None) -> tuple[LineKind, str]:
    content = line.rstrip("\n")
    if article is not None:
        return LineKind.ARTICLE, ""
    if not content.strip(_EDGE):
        return LineKind.BLANK, ""
    if _PREAMBLE.match(content):
        return LineKind.PREAMBLE, "总纲"
    division = _DIVISION.match(content)
    if division is not None:
        kind = _DIVISION_KINDS[division[2]]
        name = _tidy(division[3])
        return kind, f"{division[1]}\u3000{name}" if name else division[1]
    if _looks_like_heading(content):
        return LineKind.HEADING, _tidy(content)
    return LineKind.BODY, ""


def _looks_like_heading(content: str) -> bool:
    """Short, no sentence punctuation after an optional 一、/（一）/1. numbering."""
    stripped = content.strip(_EDGE)
    if not 2 <= len(stripped) <= 30:
        return False
    rest = _ENUMERATION.sub("", stripped)
    if stripped[0] in "（(" and rest == stripped:
        return False  # a bracketed note such as （2014年5月28日……发布）
    return bool(rest) and not _PUNCTUATION.search(rest)


def _heads_something(kinds: list[tuple[LineKind, str]], index: int) -> bool:
    """In a regulation, a short line is a heading only when an article or heading follows it."""
    for kind, _ in kinds[index + 1 :]:
        if kind is LineKind.BLANK:
            continue
        return kind is not LineKind.BODY
    return False


def _tidy(label: str) -> str:
    """Letter-spaced headings are one word: 党 员 -> 党员."""
    return _SPACE_BETWEEN_CJK.sub("", label.strip(_EDGE))
