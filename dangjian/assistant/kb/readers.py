"""Read an uploaded regulation (docx, pdf, md, txt) into plain text, one line per paragraph."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dangjian.assistant.kb.pdf_text import PdfUnreadable, read_pdf_paragraphs

# A title line names a kind of document; a first line such as a web page's caption does not.
_DOCUMENT_KINDS = (
    "章程", "条例", "细则", "规定", "办法", "准则", "规则", "意见", "决定", "通知",
    "纲要", "规划", "方案", "制度", "守则", "指引", "指南", "要点", "决议", "标准",
)  # fmt: skip
_STRUCTURAL_LINE = re.compile(r"^第[零〇一二两三四五六七八九十百千\d]+[编章节条]|^总\s*纲$")
_SENTENCE_PUNCTUATION = re.compile(r"[。；，：！？;:!?]")
_TRAILING_NOTE = re.compile(r"[（(][^（）()]*[）)]$")
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$|^ {0,3}#{1,6}[ \t]*$")


class UnreadableDocument(Exception):
    """The file cannot be turned into text; the message is for the person who uploaded it."""


@dataclass(frozen=True)
class SourceDocument:
    title: str
    text: str
    format: str


def read_document(path: Path) -> SourceDocument:
    """Read a document; raise UnreadableDocument with a Chinese message when that is impossible."""
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        suffix = path.suffix or "（无扩展名）"
        raise UnreadableDocument(
            f"不支持的文件类型 {suffix}（文件：{path.name}），"
            "请上传 docx、pdf、md 或 txt 格式的文件。"
        )
    text, marked_title = reader(path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    title = marked_title or _title_from_first_line(text) or path.stem
    return SourceDocument(title=_clean_title(title), text=text, format=path.suffix.lower()[1:])


def _read_docx(path: Path) -> tuple[str, str | None]:
    import docx  # imported here: python-docx is slow to import and only needed for Word files
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableDocument(
            f"无法打开 Word 文件 {path.name}：文件已损坏或不是 docx 格式。"
        ) from exc
    paragraphs = document.paragraphs
    # A paragraph in the Title style is the author's own statement of the title.
    marked = next(
        (p.text for p in paragraphs if p.style is not None and p.style.name == "Title"), None
    )
    return "\n".join(p.text for p in paragraphs), (marked or None)


def _read_pdf(path: Path) -> tuple[str, str | None]:
    try:
        paragraphs = read_pdf_paragraphs(path)
    except PdfUnreadable as exc:
        raise UnreadableDocument(f"无法读取 PDF 文件 {path.name}：{exc}") from exc
    return "\n".join(paragraphs), None


def _read_markdown(path: Path) -> tuple[str, str | None]:
    # Damaged bytes become U+FFFD and stay visible; a damaged file must still be indexed.
    raw = path.read_bytes().decode("utf-8-sig", errors="replace")
    lines = raw.replace("\r\n", "\n").split("\n")
    marked: str | None = None
    for i, line in enumerate(lines):
        match = _MD_HEADING.match(line)
        if match is None:
            continue
        lines[i] = match.group(1) or ""
        if marked is None and line.lstrip().startswith("# ") and not "".join(lines[:i]).strip():
            marked = lines[i]
    return "\n".join(lines), marked


def _read_plain_text(path: Path) -> tuple[str, str | None]:
    raw = path.read_bytes()
    # Files saved on Chinese Windows are often GB18030 (GBK); try UTF-8 first, it is stricter.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding), None
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace"), None


_READERS: dict[str, Callable[[Path], tuple[str, str | None]]] = {
    ".docx": _read_docx,
    ".pdf": _read_pdf,
    ".md": _read_markdown,
    ".markdown": _read_markdown,
    ".txt": _read_plain_text,
}


def _title_from_first_line(text: str) -> str | None:
    """The first non-blank line, when it reads like the name of a document."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    candidate = _clean_title(first)
    if not 2 <= len(candidate) <= 60 or _STRUCTURAL_LINE.match(candidate):
        return None
    if _SENTENCE_PUNCTUATION.search(candidate):
        return None
    # "……条例（试行）": the kind of document comes before a trailing note in brackets.
    core = _TRAILING_NOTE.sub("", candidate)
    return candidate if core.endswith(_DOCUMENT_KINDS) else None


def _clean_title(title: str) -> str:
    title = title.strip().strip("\u3000").replace("\ufffd", "")
    if title.startswith("《") and title.endswith("》"):
        title = title[1:-1]
    return title.strip()
