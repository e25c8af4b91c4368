"""Reading each format the corpus comes in, and refusing what cannot be read."""

from pathlib import Path

import pypdf
import pytest

from dangjian.assistant.kb.pdf_text import PdfLine, drop_page_furniture, join_lines
from dangjian.assistant.kb.readers import UnreadableDocument, read_document

from .conftest import CONSTITUTION, DISCIPLINE, DUES, EDUCATION, RECRUITMENT


def _reference(corpus: Path, stem: str) -> str:
    return (corpus / "text" / f"{stem}.txt").read_text(encoding="utf-8")


def test_docx_has_one_line_per_paragraph_and_its_title(corpus: Path) -> None:
    doc = read_document(corpus / f"{CONSTITUTION}.docx")
    assert doc.format == "docx"
    assert doc.title == "中国共产党章程"
    assert doc.text == _reference(corpus, CONSTITUTION).rstrip("\n")


def test_pdf_rejoins_wrapped_lines_and_drops_page_numbers(corpus: Path) -> None:
    doc = read_document(corpus / f"{EDUCATION}.pdf")
    assert doc.format == "pdf"
    assert doc.title == "中国共产党党员教育管理工作条例"
    # Same paragraphs and wording as the published text: no "— 3 —", no broken sentences.
    assert doc.text == _reference(corpus, EDUCATION).rstrip("\n")
    assert "—" not in doc.text


def test_markdown_strips_heading_marks_and_keeps_damaged_characters(corpus: Path) -> None:
    doc = read_document(corpus / f"{DISCIPLINE}.md")
    assert doc.format == "md"
    assert doc.title == "中国共产党纪律处分条例"
    assert not any(line.startswith("#") for line in doc.text.split("\n"))
    assert doc.text.count("\ufffd") == 16
    # Apart from the title line, the wording is the plain-text version's.
    assert doc.text.split("\n", 2)[2] == _reference(corpus, DISCIPLINE)


def test_plain_text_title_line_or_file_stem(corpus: Path) -> None:
    recruitment = read_document(corpus / f"{RECRUITMENT}.txt")
    assert recruitment.title == "中国共产党发展党员工作细则"
    assert recruitment.text == _reference(corpus, RECRUITMENT)
    # The dues excerpt starts with a web page's caption, not a document title.
    dues = read_document(corpus / f"{DUES}.txt")
    assert dues.title == DUES


def test_plain_text_in_gb18030(tmp_path: Path) -> None:
    path = tmp_path / "通知.txt"
    path.write_bytes("关于开展主题党日的通知\n各党支部：请按月开展。".encode("gb18030"))
    doc = read_document(path)
    assert doc.text.startswith("关于开展主题党日的通知")
    assert doc.title == "关于开展主题党日的通知"


def test_markdown_never_crashes_on_bad_bytes(tmp_path: Path) -> None:
    path = tmp_path / "坏文件.md"
    path.write_bytes(b"# \xe4\xb8\xad\xff\xfe\n\n## \n\xe7\xac\xac\xe4\xb8\x80\xe6\x9d\xa1 x")
    doc = read_document(path)
    assert "\ufffd" in doc.text
    assert doc.title


def test_unsupported_type_is_refused_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "表格.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(UnreadableDocument, match="不支持的文件类型"):
        read_document(path)


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("mima")
    path = tmp_path / "加密.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(UnreadableDocument, match="加密"):
        read_document(path)


def test_pdf_without_text_layer_is_refused(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "扫描件.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(UnreadableDocument, match="文字层"):
        read_document(path)


def test_broken_files_are_refused(tmp_path: Path) -> None:
    for name in ("坏.pdf", "坏.docx"):
        path = tmp_path / name
        path.write_bytes(b"not really")
        with pytest.raises(UnreadableDocument, match="损坏"):
            read_document(path)


def test_wrapped_lines_without_indentation_join_on_width() -> None:
    """A PDF without first-line indents: a short line ends its paragraph."""
    full = "党支部应当每月开展一次主题党日，组织党员集中学习、过组织生活、"
    lines = [
        PdfLine(0, full, 90, 100, 12),
        PdfLine(0, "进行民主议事。", 90, 115, 12),
        PdfLine(0, full, 90, 130, 12),
        PdfLine(0, full, 90, 145, 12),
        PdfLine(0, "开展志愿服务。", 90, 160, 12),
    ]
    assert join_lines(lines) == [full + "进行民主议事。", full + full + "开展志愿服务。"]


def test_page_number_footers_are_dropped_but_numbers_in_text_stay() -> None:
    body = "第二十条 党员每年集中学习培训时间一般不少于"
    lines = [
        PdfLine(0, body, 90, 100, 12),
        PdfLine(0, "32", 90, 115, 12),
        PdfLine(0, "学时。", 90, 130, 12),
        PdfLine(0, "- 3 -", 300, 800, 12),
        PdfLine(1, "正文", 90, 100, 12),
        PdfLine(1, "第4页", 300, 800, 12),
    ]
    kept = [line.text for line in drop_page_furniture(lines)]
    assert kept == [body, "32", "学时。", "正文"]
