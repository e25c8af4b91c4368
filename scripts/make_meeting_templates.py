"""Build the package's Word template of a meeting's record (doc_templates/meeting_minutes.docx).

    uv run python scripts/make_meeting_templates.py

The template is committed; run this after changing the layout below. A deployment edits a
copy in Word instead (see doc_templates/README.md): docxtpl only needs the tags kept whole.
"""

from __future__ import annotations

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm
from make_document_templates import OUT, TITLE_FONT, _font, _line, _table_font

FACTS = (
    ("会议主题", "topic"),
    ("会议类型", "kinds"),
    ("召开组织", "organization_name"),
    ("时间", "when"),
    ("地点", "place"),
    ("主持人", "host"),
    ("记录人", "recorder"),
)


def _a4(document: WordDocument) -> None:
    """A4 with the margins of the PDF (python-docx's default page is US Letter)."""
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(25)
        section.left_margin = section.right_margin = Mm(22)


def _heading(document: WordDocument, text: str) -> None:
    _font(document.add_paragraph(text), TITLE_FONT, 14)


def _lines(document: WordDocument, name: str) -> None:
    """One paragraph per line of ``name`` (docxtpl's paragraph loop)."""
    _line(document, "{%p for line in " + name + " %}", indent=False)
    _line(document, "{{ line }}")
    _line(document, "{%p endfor %}", indent=False)


def meeting_minutes() -> None:
    """会议记录: the facts, the attendance by name, the minutes, votes, attachments."""
    document = Document()
    _a4(document)
    title = document.add_paragraph("会议记录")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title, TITLE_FONT, 18)
    facts = document.add_table(rows=len(FACTS), cols=2)
    facts.style = "Table Grid"
    for row, (label, key) in zip(facts.rows, FACTS, strict=True):
        row.cells[0].text, row.cells[1].text = label, "{{ " + key + " }}"
    _table_font(facts, 10.5)
    _heading(document, "出席情况")
    roll = document.add_table(rows=4, cols=3)
    roll.style = "Table Grid"
    for cell, text in zip(roll.rows[0].cells, ("项目", "人数", "姓名"), strict=True):
        cell.text = text
    roll.rows[1].cells[0].text = "{%tr for r in rolls %}"
    for cell, key in zip(roll.rows[2].cells, ("label", "count", "names"), strict=True):
        cell.text = "{{ r." + key + " }}"
    roll.rows[3].cells[0].text = "{%tr endfor %}"
    _table_font(roll, 10.5)
    for heading, name in (("议程", "agenda"), ("会议内容", "content"), ("决议事项", "decisions"),
                          ("发言情况", "speakers")):  # fmt: skip
        _heading(document, heading)
        _lines(document, name)
    _heading(document, "表决情况")
    _line(document, "{%p if not votes %}", indent=False)
    _line(document, "无")
    _line(document, "{%p endif %}", indent=False)
    _line(document, "{%p for v in votes %}", indent=False)
    _line(
        document,
        "{{ v.number }}. {{ v.subject }}：{{ v.counts }}。{{ v.verdicts }}。结果：{{ v.result }}。",
    )
    _line(document, "{%p endfor %}", indent=False)
    _heading(document, "附件")
    _lines(document, "attachments")
    _line(document, "记录人：{{ recorder }}　　主持人：{{ host }}　　打印日期：{{ printed_on }}",
          indent=False).alignment = WD_ALIGN_PARAGRAPH.RIGHT  # fmt: skip
    document.save(str(OUT / "meeting_minutes.docx"))


if __name__ == "__main__":
    meeting_minutes()
