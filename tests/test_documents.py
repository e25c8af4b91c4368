"""Word and PDF documents from replaceable templates, and Excel through the one writer."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path
from typing import cast

import openpyxl
import pytest
from docx import Document
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from pytest_django.fixtures import Settings

from dangjian.documents.excel import table_xlsx
from dangjian.documents.locate import TemplateMissing, find_template
from dangjian.documents.notices import DevelopmentNotice, NoticePerson, notice_docx, notice_pdf
from dangjian.documents.pdf import render_pdf
from dangjian.documents.word import DocumentError, render_docx

ZHANG = NoticePerson(
    name="张三",
    gender="男",
    birth_date=date(1995, 5, 12),
    education="大学本科",
    work_unit="变电运维班 值班员",
    applied_on=date(2023, 3, 1),
    activist_on=date(2024, 4, 15),
)
NOTICE = DevelopmentNotice(
    organization_name="测试公司第一党支部",
    people=(ZHANG, NoticePerson("李四", "女", date(1996, 1, 2), "研究生", "调度中心", date(2023, 4, 1), date(2024, 5, 6))),
    starts_on=date(2026, 6, 1),
    ends_on=date(2026, 6, 5),
    working_days=5,
    contact="王五",
    contact_phone="0371-12345678",
    issued_on=date(2026, 5, 29),
)  # fmt: skip


@pytest.fixture(autouse=True)
def _own_template_dir(settings: Settings, tmp_path: Path) -> Path:
    """An empty override folder per test: the package's templates unless a test adds one."""
    folder = tmp_path / "document-templates"
    folder.mkdir()
    settings.DOCUMENT_TEMPLATE_DIR = folder
    return folder


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdf_fonts(data: bytes) -> set[str]:
    resources = cast(DictionaryObject, PdfReader(io.BytesIO(data)).pages[0]["/Resources"])
    fonts = cast(DictionaryObject, resources["/Font"])
    return {str(cast(DictionaryObject, fonts[key].get_object())["/BaseFont"]) for key in fonts}


def test_the_notice_as_word_fills_every_name_and_a_row_per_person() -> None:
    text = docx_text(notice_docx(NOTICE))
    assert "关于拟确定张三等2名同志为发展对象的公示" in text
    assert "经党支部委员会研究" in text
    assert "公示时间：2026年6月1日至2026年6月5日（5个工作日）" in text
    assert "联系电话：0371-12345678" in text and "2026年5月29日" in text
    assert "1995年5月" in text and "2024年4月15日" in text and "调度中心" in text
    assert "{{" not in text and "{%" not in text
    table = Document(io.BytesIO(notice_docx(NOTICE))).tables[0]
    assert [row.cells[0].text for row in table.rows] == ["姓名", "张三", "李四"]


def test_the_notice_as_pdf_prints_the_chinese_in_the_cjk_font() -> None:
    data = notice_pdf(NOTICE)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "发展对象的公示" in text and "张三" in text and "测试公司第一党支部" in text
    assert any("WenQuanYi" in font for font in pdf_fonts(data))


def test_values_are_escaped_in_word_and_pdf() -> None:
    odd = DevelopmentNotice(
        **{**NOTICE.__dict__, "people": (NoticePerson(**{**ZHANG.__dict__, "name": "<甲&乙>"}),)}
    )
    assert "<甲&乙>" in docx_text(notice_docx(odd))
    assert "<甲&乙>" in pdf_text(notice_pdf(odd))  # printed as text, not read as markup


def test_a_deployment_replaces_a_template_by_its_name(_own_template_dir: Path) -> None:
    (_own_template_dir / "development_notice.html").write_text(
        "<html><body><p>本单位格式：{{ subject }}</p></body></html>", encoding="utf-8"
    )
    custom = Document()
    custom.add_paragraph("定制公示：{{ subject }}，{{ organization_name }}")
    custom.save(str(_own_template_dir / "development_notice.docx"))
    assert "本单位格式：张三等2名同志" in pdf_text(notice_pdf(NOTICE))
    assert "定制公示：张三等2名同志，测试公司第一党支部" in docx_text(notice_docx(NOTICE))


def test_a_template_name_cannot_leave_the_template_folders() -> None:
    for name in ("../settings.py", "/etc/passwd", "sub/x.html", ".hidden.docx"):
        with pytest.raises(TemplateMissing):
            find_template(name)
    with pytest.raises(TemplateMissing, match="未找到文书模板"):
        render_docx("missing.docx", {})


def test_a_broken_word_template_is_reported_by_name(_own_template_dir: Path) -> None:
    (_own_template_dir / "broken.docx").write_bytes(b"not a zip at all")
    with pytest.raises(DocumentError, match=re.escape("broken.docx不是有效的Word文档")):
        render_docx("broken.docx", {})
    bad_tag = Document()
    bad_tag.add_paragraph("{{ subject ")
    bad_tag.save(str(_own_template_dir / "tag.docx"))
    with pytest.raises(DocumentError, match=re.escape("tag.docx有错误")):
        render_docx("tag.docx", {"subject": "x"})


def test_a_word_template_runs_in_the_sandbox(_own_template_dir: Path) -> None:
    probe = Document()
    probe.add_paragraph("[{{ subject.__class__.__mro__ }}]")
    probe.save(str(_own_template_dir / "probe.docx"))
    with pytest.raises(DocumentError, match=r"probe\.docx有错误.*unsafe"):
        render_docx("probe.docx", {"subject": "x"})


def test_printing_a_pdf_loads_no_file_nor_address(_own_template_dir: Path, tmp_path: Path) -> None:
    picture = tmp_path / "secret.png"
    picture.write_bytes(_png())
    (_own_template_dir / "leak.html").write_text(
        f'<html><body><p>外部资源</p><img src="file://{picture}">'
        '<img src="http://127.0.0.1:9/x.png"><link rel="stylesheet" href="file:///etc/hostname">'
        "</body></html>",
        encoding="utf-8",
    )
    page = PdfReader(io.BytesIO(render_pdf("leak.html", {}))).pages[0]
    assert "外部资源" in page.extract_text()
    resources = cast(DictionaryObject, page["/Resources"])
    assert not resources.get("/XObject")  # no image was drawn


def _png() -> bytes:
    """A 1x1 PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_excel_tables_keep_text_as_text_and_dates_as_dates() -> None:
    data = table_xlsx(
        "发展对象名单",
        ["姓名", "确定日期", "人数"],
        [['=HYPERLINK("http://evil.example","x")', date(2026, 6, 1), 3]],
        sheet="名单",
    )
    sheet = openpyxl.load_workbook(io.BytesIO(data))["名单"]
    assert sheet["A1"].value == "发展对象名单"
    assert [c.value for c in sheet[3]] == ["姓名", "确定日期", "人数"]
    name, day, count = (c for c in sheet[4])
    assert name.data_type == "s" and name.value == '=HYPERLINK("http://evil.example","x")'
    assert day.value == datetime(2026, 6, 1) and count.value == 3
