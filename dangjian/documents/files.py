"""What an uploaded file is, by its content, and the name it may be offered under.

Only five kinds are taken: PDF, JPEG, PNG, and Word and Excel documents (a zip holding the
parts of a .docx or an .xlsx). The kind comes from the first bytes (and, for a zip, its list of
parts), never from the name or the browser's word: an HTML page or an SVG image renamed .pdf is
refused, and nothing stored can be served as something a browser would run.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

MAX_ZIP_PARTS = 1000  # a real .docx/.xlsx has tens of parts; the list is read, nothing unpacked


@dataclass(frozen=True)
class FileKind:
    """A kind of file taken as an attachment."""

    code: str
    label: str
    extension: str
    content_type: str


PDF = FileKind("pdf", "PDF文档", "pdf", "application/pdf")
JPEG = FileKind("jpeg", "JPEG图片", "jpg", "image/jpeg")
PNG = FileKind("png", "PNG图片", "png", "image/png")
DOCX = FileKind(
    "docx",
    "Word文档",
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
XLSX = FileKind(
    "xlsx",
    "Excel工作簿",
    "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
KINDS = {k.code: k for k in (PDF, JPEG, PNG, DOCX, XLSX)}
ACCEPTED_TEXT = "PDF、JPEG、PNG图片、Word文档（.docx）或Excel工作簿（.xlsx）"


class RefusedFile(ValueError):
    """The file is not taken; the message (Chinese) says why."""


def detect_kind(stream: IO[bytes]) -> FileKind:
    """The kind of the file in ``stream`` (a seekable binary file; read from its start, left
    at its start). ``RefusedFile`` for anything else."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(stream)
    raise RefusedFile(f"只能上传{ACCEPTED_TEXT}，该文件不是其中一种")


def _office_kind(stream: IO[bytes]) -> FileKind:
    """A .docx or an .xlsx by the parts its zip lists; any other zip is refused."""
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_PARTS:
                raise RefusedFile(f"文档包含的部件超过{MAX_ZIP_PARTS}个，不像Word或Excel文档")
            names = {e.filename for e in entries}
    except zipfile.BadZipFile:
        raise RefusedFile("文件已损坏，无法作为Word或Excel文档读取") from None
    finally:
        stream.seek(0)
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return DOCX
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return XLSX
    raise RefusedFile(f"压缩文件不能作为附件：只能上传{ACCEPTED_TEXT}")


_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f-\x9f]')
_INVISIBLE = frozenset("\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                       "\u2066\u2067\u2068\u2069\ufeff")  # fmt: skip
NAME_MAX = 100


def safe_name(name: str, kind: FileKind) -> str:
    """The name a download is offered under: the last part of what was uploaded, in NFC,
    without control, direction or path characters, at most ``NAME_MAX`` characters, and
    always with the extension of the kind found ("scan.html" holding a PDF becomes
    "scan.pdf"). "附件" when nothing is left."""
    base = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if c not in _INVISIBLE)
    base = _UNSAFE.sub("_", base)
    base = " ".join(base.split())
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem.strip(" ._") or "附件"
    return f"{stem[: NAME_MAX - len(kind.extension) - 1]}.{kind.extension}"
