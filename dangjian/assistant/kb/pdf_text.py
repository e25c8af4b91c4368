"""Rebuild paragraphs from a PDF text layer.

PDF text comes as positioned lines. A paragraph break is recognised from the layout: a first-line
indent, a change of font size (headings), extra vertical space, or a line that stops well short of
the right margin. Page-number footers and running headers are dropped.
"""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－─_·•]*(第\s*)?\d{1,4}(\s*页)?(\s*/\s*\d{1,4})?(\s*共\s*\d{1,4}\s*页)?[\s\-—–－─_·•]*$"
)
_LATIN_END = re.compile(r"[A-Za-z0-9]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9]")


class PdfUnreadable(Exception):
    """Raised with a Chinese reason when a PDF has no usable text."""


@dataclass(frozen=True)
class PdfLine:
    page: int
    text: str
    x: float
    y: float
    size: float


@dataclass(frozen=True)
class _Layout:
    left: dict[int, float]
    body_size: float
    pitch: float
    full_width: float


def read_pdf_paragraphs(path: Path) -> list[str]:
    import pypdf  # imported here: only PDF uploads need it
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfUnreadable("文件已加密，请解除密码保护后再上传。")
        lines = [line for i, page in enumerate(reader.pages) for line in _page_lines(i, page)]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise PdfUnreadable("文件已损坏或不是有效的 PDF。") from exc
    lines = drop_page_furniture(lines)
    if not any(line.text.strip() for line in lines):
        raise PdfUnreadable("没有文字层（可能是扫描件），请先进行文字识别（OCR）后再上传。")
    return join_lines(lines)


def _page_lines(page_no: int, page: Any) -> list[PdfLine]:
    """Collect positioned lines; pypdf reports each text run with its matrices."""
    runs: list[tuple[str, float, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        if text:
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            runs.append((text, x, y, size * (abs(cm[0] * tm[0]) or 1.0)))

    page.extract_text(visitor_text=visit)
    return _runs_to_lines(page_no, runs)


def _runs_to_lines(page_no: int, runs: list[tuple[str, float, float, float]]) -> list[PdfLine]:
    lines: list[PdfLine] = []
    current: list[str] = []
    anchor: tuple[float, float, float] | None = None
    for text, x, y, size in runs:
        pieces = text.split("\n")
        for n, piece in enumerate(pieces):
            if anchor is None or (n == 0 and abs(y - anchor[1]) > size / 2 and current):
                if current and anchor is not None:
                    lines.append(PdfLine(page_no, "".join(current), *anchor))
                current, anchor = [], (x, y, size)
            current.append(piece)
            if n < len(pieces) - 1:
                lines.append(PdfLine(page_no, "".join(current), *anchor))
                # Text after a newline inside one run has no position of its own.
                current, anchor = [], None
    if current and anchor is not None and "".join(current).strip():
        lines.append(PdfLine(page_no, "".join(current), *anchor))
    return [line for line in lines if line.text.strip()]


def drop_page_furniture(lines: list[PdfLine]) -> list[PdfLine]:
    """Remove page numbers ("- 3 -", "— 3 —", "3", "第3页") and headers repeated on most pages."""
    pages = sorted({line.page for line in lines})
    firsts = Counter(next(ln.text.strip() for ln in lines if ln.page == p) for p in pages)
    repeated = {text for text, count in firsts.items() if count >= 3 and count > len(pages) / 2}
    edges = _page_edge_lines(lines)
    return [
        line
        for i, line in enumerate(lines)
        if not (i in edges and _PAGE_NUMBER.match(line.text))
        and not (line.text.strip() in repeated and i in edges)
    ]


def _page_edge_lines(lines: list[PdfLine]) -> set[int]:
    """Indexes of the first and the last two lines of each page, where furniture sits."""
    by_page: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        by_page.setdefault(line.page, []).append(i)
    return {i for idx in by_page.values() for i in (idx[:1] + idx[-2:])}


def join_lines(lines: list[PdfLine]) -> list[str]:
    """Join wrapped lines back into paragraphs."""
    layout = _measure(lines)
    paragraphs: list[str] = []
    previous: PdfLine | None = None
    for line in lines:
        text = line.text.strip()
        if previous is None or _starts_paragraph(previous, line, layout):
            paragraphs.append(text)
        else:
            glue = " " if _LATIN_END.search(paragraphs[-1]) and _LATIN_START.match(text) else ""
            paragraphs[-1] += glue + text
        previous = line
    return paragraphs


def _starts_paragraph(previous: PdfLine, line: PdfLine, layout: _Layout) -> bool:
    tolerance = layout.body_size / 2
    if line.x > layout.left.get(line.page, line.x) + tolerance:
        return True  # first-line indent, or a centred heading
    if abs(line.size - previous.size) > 0.5 or abs(line.size - layout.body_size) > 0.5:
        return True  # headings are set in another size
    if _display_width(previous.text.strip()) < layout.full_width * 0.85:
        return True  # the previous line stopped short: its paragraph ended
    same_page = line.page == previous.page
    return same_page and abs(line.y - previous.y) > layout.pitch * 1.12


def _measure(lines: list[PdfLine]) -> _Layout:
    body_size = Counter(round(line.size, 1) for line in lines).most_common(1)[0][0]
    body = [line for line in lines if abs(line.size - body_size) <= 0.5]
    left: dict[int, float] = {}
    for line in body:
        left[line.page] = min(left.get(line.page, line.x), line.x)
    gaps = [abs(b.y - a.y) for a, b in itertools.pairwise(body) if a.page == b.page and b.y != a.y]
    pitch = statistics.median(gaps) if gaps else body_size * 1.5
    widths = sorted(_display_width(line.text.strip()) for line in body)
    # The widest lines are the full ones; take a high percentile so one overlong line does not rule.
    full_width = widths[int(len(widths) * 0.9)] if widths else 0
    return _Layout(left=left, body_size=body_size, pitch=pitch, full_width=full_width)


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
