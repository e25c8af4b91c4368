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
        "公示时间：{{ starts_on }}至{{ ends_on }}（{{ working_days }}个工作日）。"
        "{% if place %}公示地点：{{ place }}。{% endif %}公示期间，"
        "党员和群众可通过来电、来信、来访等方式向党支部反映情况。",
    )
    _line(document, "联系人：{{ contact }}　联系电话：{{ contact_phone }}")
    for text in ("中共{{ organization_name }}", "{{ issued_on }}"):
        _line(document, text, indent=False).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(str(OUT / "development_notice.docx"))


RECORD_PERSON = (
    ("姓名", "name", "性别", "gender"),
    ("出生日期", "birth", "民族", "ethnicity"),
    ("学历", "education", "工作单位", "work_unit"),
    ("所在党支部", "organization_name", "当前阶段", "stage"),
    ("入党申请书日期", "applied_on", "入党志愿书编号", "form_number"),
)
RECORD_STEPS = {
    "序号": "number",
    "步骤": "label",
    "日期": "date",
    "决定或实施主体": "body",
    "有关人员": "people",
    "检查结果": "checks",
    "破例通过及说明": "remarks",
}


def _table_font(table: object, size: float) -> None:
    for row in table.rows:  # type: ignore[attr-defined]
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                _font(paragraph, BODY_FONT, size)


def development_record() -> None:
    """发展党员全程纪实表: the person, then one row per recorded step."""
    document = Document()
    title = document.add_paragraph("发展党员全程纪实表")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title, TITLE_FONT, 18)
    person = document.add_table(rows=len(RECORD_PERSON), cols=4)
    person.style = "Table Grid"
    for row, (label_a, key_a, label_b, key_b) in zip(person.rows, RECORD_PERSON, strict=True):
        for cell, text in zip(row.cells, (label_a, "{{ " + key_a + " }}", label_b,
                                          "{{ " + key_b + " }}"), strict=True):  # fmt: skip
            cell.text = text
    _table_font(person, 10.5)
    _line(document, "")
    steps = document.add_table(rows=4, cols=len(RECORD_STEPS))
    steps.style = "Table Grid"
    for cell, header in zip(steps.rows[0].cells, RECORD_STEPS, strict=True):
        cell.text = header
    steps.rows[1].cells[0].text = "{%tr for s in steps %}"
    for cell, key in zip(steps.rows[2].cells, RECORD_STEPS.values(), strict=True):
        cell.text = "{{ s." + key + " }}"
    steps.rows[3].cells[0].text = "{%tr endfor %}"
    _table_font(steps, 9)
    _line(document, "打印日期：{{ printed_on }}", indent=False).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(str(OUT / "development_record.docx"))


def development_resolution() -> None:
    """支部大会决议 (细则第二十一条) for the 入党志愿书: the generated text, then the signature."""
    document = Document()
    title = document.add_paragraph("支部大会决议")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title, TITLE_FONT, 18)
    _line(document, "{{ text }}")
    for text in ("支部书记（签名）：", "中共{{ organization_name }}", "{{ resolved_on }}"):
        _line(document, text, indent=False).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(str(OUT / "development_resolution.docx"))


LETTER_PARTS = (
    (
        "中国共产党党员组织关系介绍信（存根）",
        [
            "{{ name }}同志系中共{{ stage }}，组织关系由{{ organization_name }}转到"
            "{{ destination }}。转接原因：{{ reason }}。",
            "党费交到{{ dues_paid_to }}。开具日期：{{ issued_on }}　有效期至：{{ valid_until }}",
        ],
        [],
    ),
    (
        "中国共产党党员组织关系介绍信",
        [
            "{{ destination }}：",
            "{{ name }}同志（{{ gender }}，{{ age }}岁，{{ ethnicity }}），系中共{{ stage }}，"
            "现转去你处，请接洽。",
            "该同志党费已交到{{ dues_paid_to }}。",
            "（有效期{{ valid_days }}天，至{{ valid_until }}）",
        ],
        ["中共{{ organization_name }}（盖章）", "{{ issued_on }}"],
    ),
    (
        "中国共产党党员组织关系介绍信（回执）",
        ["{{ organization_name }}：", "{{ name }}同志的党员组织关系已转达我处，特此回执。"],
        ["接收党组织（盖章）", "年　　月　　日"],
    ),
)


def transfer_letter() -> None:
    """党员组织关系介绍信 in its three parts (存根, 介绍信, 回执), cut lines between them."""
    document = Document()
    for index, (heading, lines, signature) in enumerate(LETTER_PARTS):
        if index:
            cut = _line(document, "- - - - - - - - （沿此线剪开） - - - - - - - -", indent=False)
            cut.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title = document.add_paragraph(heading)
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(title, TITLE_FONT, 15)
        _line(document, "{{ number }}", indent=False).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for text in lines:
            _line(document, text, indent=not text.endswith("："))
        for text in signature:
            _line(document, text, indent=False).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(str(OUT / "transfer_letter.docx"))


RECEIPT_LINES = (
    "{{ issuing_org }}：",
    "你处{{ letter_number }}号介绍信收到，{{ name }}同志（{{ stage }}）的党员组织关系已转达我处，"
    "编入{{ organization_name }}，转入日期{{ received_on }}。党费已交到{{ dues_paid_to }}。",
    "特此回执。",
)


def incoming_receipt() -> None:
    """The 回执 a receiving branch returns for an incoming 介绍信 (MEM-7)."""
    document = Document()
    title = document.add_paragraph("中国共产党党员组织关系介绍信（回执）")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title, TITLE_FONT, 15)
    _line(document, "{{ letter_number }}", indent=False).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for text in RECEIPT_LINES:
        _line(document, text, indent=not text.endswith("："))
    for text in ("中共{{ committee_name }}（盖章）", "{{ sent_on }}"):
        _line(document, text, indent=False).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(str(OUT / "incoming_receipt.docx"))


if __name__ == "__main__":
    development_notice()
    development_record()
    development_resolution()
    transfer_letter()
    incoming_receipt()
