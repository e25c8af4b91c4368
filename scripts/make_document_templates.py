"""Build the package's Word templates (dangjian/documents/doc_templates/*.docx).

    uv run python scripts/make_document_templates.py

The templates are committed; run this after changing the layout below. A deployment edits a
copy in Word instead (see doc_templates/README.md): docxtpl only needs the tags kept whole.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

OUT = Path(__file__).resolve().parent.parent / "dangjian" / "documents" / "doc_templates"
BODY_FONT = "仿宋"
TITLE_FONT = "黑体"
COLUMNS = {
    "姓名": "name",
    "性别": "gender",
    "出生年月": "birth",
    "学历": "education",
    "工作单位及职务": "work_unit",
    "申请入党时间": "applied_on",
    "确定为入党积极分子时间": "activist_on",
}


def _font(paragraph: Paragraph, name: str, size: float) -> None:
    """Latin and East Asian font of every run (Word takes Chinese text from eastAsia)."""
    for run in paragraph.runs:
        run.font.name = name
        run.font.size = Pt(size)
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _line(document: WordDocument, text: str, *, indent: bool = True) -> Paragraph:
    paragraph: Paragraph = document.add_paragraph(text)
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(24)
    _font(paragraph, BODY_FONT, 12)
    return paragraph


def development_notice() -> None:
    document = Document()
    title = document.add_paragraph("关于拟确定{{ subject }}为发展对象的公示")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title, TITLE_FONT, 18)
    _line(
        document,
        "经{{ decided_by }}研究，并征求党小组、培养联系人、党员和群众意见，"
        "拟确定以下同志为发展对象，现予以公示。",
    )
    table = document.add_table(rows=4, cols=len(COLUMNS))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.text = header
    table.rows[1].cells[0].text = "{%tr for p in people %}"
    for cell, key in zip(table.rows[2].cells, COLUMNS.values(), strict=True):
        cell.text = "{{ p." + key + " }}"
    table.rows[3].cells[0].text = "{%tr endfor %}"
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                _font(paragraph, BODY_FONT, 10.5)
    _line(
        document,
        "公示时间：{{ starts_on }}至{{ ends_on }}（{{ working_days }}个工作日）。公示期间，"
        "党员和群众可通过来电、来信、来访等方式向党支部反映情况。",
    )
    _line(document, "联系人：{{ contact }}　联系电话：{{ contact_phone }}")
    for text in ("中共{{ organization_name }}", "{{ issued_on }}"):
        _line(document, text, indent=False).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(str(OUT / "development_notice.docx"))


if __name__ == "__main__":
    development_notice()
