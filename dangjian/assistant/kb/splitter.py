"""Split a document into retrievable chunks: one per article for regulations.

The chunks tile the text exactly (their texts joined give the text back), so a stored chunk can
always be traced to its place in the source and nothing is silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from dangjian.assistant.kb.structure import Line, LineKind, classify_lines

_SENTENCE_ENDS = "。！？；!?;"


@dataclass(frozen=True)
class Chunk:
    ordinal: int
    text: str
    chapter: str
    article_no: int | None
    article_label: str
    part: int
    heading: str
    start: int
    end: int

    def citation(self, doc_title: str) -> str:
        """《中国共产党支部工作条例（试行）》第十一条; a chapter or the bare title otherwise."""
        return f"《{doc_title}》{self.article_label or self.chapter}"


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    chapter: str
    heading: str
    article: Line | None


def split_document(title: str, text: str, max_chars: int = 800) -> list[Chunk]:
    """Split by articles when the text is a regulation, by headings and paragraphs otherwise.

    `title` is accepted so callers pass what they know; the split itself depends on the text only.
    """
    if max_chars < 20:
        raise ValueError("分块长度上限不能小于 20 个字符")
    if not text:
        return []
    units = _units(classify_lines(text))
    chunks: list[Chunk] = []
    for unit in units:
        pieces = _split_bounded(text, unit.start, unit.end, max_chars)
        for n, (start, end) in enumerate(pieces, start=1):
            chunks.append(_chunk(len(chunks), text, unit, 0 if len(pieces) == 1 else n, start, end))
    return chunks


def _chunk(ordinal: int, text: str, unit: _Unit, part: int, start: int, end: int) -> Chunk:
    article = unit.article
    return Chunk(
        ordinal=ordinal,
        text=text[start:end],
        chapter=unit.chapter,
        article_no=article.number if article else None,
        article_label=article.label if article else "",
        part=part,
        heading=unit.heading,
        start=start,
        end=end,
    )


def _units(lines: list[Line]) -> list[_Unit]:
    """Cut the text where a heading run or an article begins.

    Headings directly above an article travel with it, so the chunk for 第一条 carries
    "第一章 总则"; a title line stays apart from the structural headings under it.
    """
    starts: list[int] = []
    in_run, last_heading = False, LineKind.BLANK
    for line in lines:
        kind = line.kind
        if kind.is_heading:
            # A plain heading (a title, or 比例 in the 党费 rules) heads what follows it; only
            # structural headings stack (第二编 分则 / 第六章 ...) on one article.
            if not in_run or last_heading is LineKind.HEADING:
                starts.append(line.start)
            in_run, last_heading = True, kind
        elif kind is LineKind.ARTICLE:
            if not in_run:
                starts.append(line.start)
            in_run = False
        elif kind is LineKind.BODY:
            in_run = False
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    end = lines[-1].end if lines else 0
    return [_describe(lines, s, e) for s, e in zip(starts, [*starts[1:], end], strict=True)]


def _describe(lines: list[Line], start: int, end: int) -> _Unit:
    """Chapter and heading in force at the end of the unit's headings, and its article."""
    before = [ln for ln in lines if ln.start < end]
    inside = [ln for ln in before if ln.start >= start]
    article = next((ln for ln in inside if ln.kind is LineKind.ARTICLE), None)
    anchor = article.start if article else end
    context = [ln for ln in before if ln.start < anchor]
    chapter, heading = "", ""
    for line in context:
        if line.kind in (LineKind.PART, LineKind.CHAPTER, LineKind.PREAMBLE):
            # A part (编) stands in as the chapter until its first 章: 第三编 附则 has none.
            chapter = line.label
        if line.kind.is_heading:
            heading = line.label
            if line.kind is LineKind.HEADING and line.chapter_like:
                chapter = line.label
    return _Unit(start, end, chapter, heading, article)


def _split_bounded(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Pack whole paragraphs, then whole sentences, then plain slices into <= max_chars pieces."""
    if end - start <= max_chars:
        return [(start, end)]
    for boundaries in (_paragraph_ends, _sentence_ends):
        cuts = boundaries(text, start, end)
        pieces = _pack(start, end, cuts, max_chars)
        if all(b - a <= max_chars for a, b in pieces):
            return pieces
    pieces = _pack(start, end, _sentence_ends(text, start, end), max_chars)
    return [hard for a, b in pieces for hard in _slices(a, b, max_chars)]


def _paragraph_ends(text: str, start: int, end: int) -> list[int]:
    return [i + 1 for i in range(start, end - 1) if text[i] == "\n"]


def _sentence_ends(text: str, start: int, end: int) -> list[int]:
    return [i + 1 for i in range(start, end - 1) if text[i] in _SENTENCE_ENDS or text[i] == "\n"]


def _pack(start: int, end: int, cuts: list[int], max_chars: int) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    piece_start, last_cut = start, start
    for cut in [*cuts, end]:
        if cut - piece_start > max_chars and last_cut > piece_start:
            pieces.append((piece_start, last_cut))
            piece_start = last_cut
        last_cut = cut
    pieces.append((piece_start, end))
    return pieces


def _slices(start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    return [(i, min(i + max_chars, end)) for i in range(start, end, max_chars)]
