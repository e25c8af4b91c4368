"""Hostile spreadsheet files, built byte by byte as an attacker would, for the upload tests.

Each builder returns the bytes of a file; ``HOSTILE`` lists (label, file name, bytes, the words
the refusal must contain).
"""

from __future__ import annotations

import io
import zipfile

import openpyxl

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}</Types>"
)
_SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    "<sheets>{sheets}</sheets></workbook>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    "{rels}</Relationships>"
)
_SHEET_REL = (
    '<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet{n}.xml"/>'
)
SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "{before}<sheetData>{rows}</sheetData>{after}</worksheet>"
)


def xlsx(sheets: list[str], extra: dict[str, bytes | str] | None = None) -> bytes:
    """A minimal .xlsx whose worksheets are the given XML texts (named 表1, 表2...)."""
    numbers = range(1, len(sheets) + 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        types = "".join(_SHEET_TYPE.format(n=n) for n in numbers)
        book.writestr("[Content_Types].xml", _CONTENT_TYPES.format(sheets=types))
        book.writestr("_rels/.rels", _ROOT_RELS)
        entries = "".join(f'<sheet name="表{n}" sheetId="{n}" r:id="rId{n}"/>' for n in numbers)
        book.writestr("xl/workbook.xml", _WORKBOOK.format(sheets=entries))
        rels = "".join(_SHEET_REL.format(n=n) for n in numbers)
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.format(rels=rels))
        for n, sheet in zip(numbers, sheets, strict=True):
            book.writestr(f"xl/worksheets/sheet{n}.xml", sheet)
        for name, data in (extra or {}).items():
            book.writestr(name, data)
    return out.getvalue()


def sheet(rows: str, before: str = "", after: str = "") -> str:
    return SHEET.format(rows=rows, before=before, after=after)


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def column_letters(number: int) -> str:
    """1 -> A, 16384 -> XFD."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def huge_range(declared: bool = True) -> bytes:
    """The tester's file: a cell at A1 and one at XFD1048576 (about 1.6 KB)."""
    rows = (
        f'<row r="1">{text_cell("A1", "姓名")}</row>'
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    )
    return xlsx([sheet(rows, before='<dimension ref="A1:XFD1048576"/>' if declared else "")])


def zip_bomb(megabytes: int = 20) -> bytes:
    """A sheet padded with megabytes of spaces: a thousandfold compression ratio."""
    padding = " " * (megabytes * 1024 * 1024)
    return xlsx([sheet(f'<row r="1">{text_cell("A1", "姓名")}</row>{padding}')])


def deeply_nested(depth: int = 50_000) -> bytes:
    """XML nested fifty thousand elements deep inside the worksheet."""
    nest = "<x>" * depth + "</x>" * depth
    return xlsx([sheet(f'<row r="1">{text_cell("A1", "姓名")}</row>', after=nest)])


def wide(columns: int = 20_000) -> bytes:
    """A header row of twenty thousand columns (more than Excel itself allows)."""
    cells = "".join(f'<c r="{column_letters(n)}1"><v>{n}</v></c>' for n in range(1, columns + 1))
    return xlsx([sheet(f'<row r="1">{cells}</row>')])


def entity_bomb() -> bytes:
    """ "Billion laughs" in the shared strings: entities that expand each other."""
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    strings = (
        f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&j;</t></si></sst>'
    )
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    return xlsx([sheet(rows)], {"xl/sharedStrings.xml": strings})


def word_document() -> bytes:
    """A .docx (a zip, but with no workbook in it) renamed to .xlsx."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("word/document.xml", "<document/>")
    return out.getvalue()


def real_workbook(rows: int = 3) -> bytes:
    book = openpyxl.Workbook()
    active = book.active
    assert active is not None
    active.append(["姓名", "公民身份号码"])
    for n in range(rows):
        active.append([f"党员{n}", f"11010119850701{n:03d}X"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def shared_strings_workbook(rows: int = 20) -> bytes:
    """Written by xlsxwriter in memory mode, which keeps text in a shared-strings table."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    for n in range(rows):
        sheet.write_string(n, 0, f"党员{n}")
    book.close()
    return out.getvalue()


def many_strings(count: int) -> bytes:
    """One cell, and a shared-strings table of ``count`` entries nothing uses."""
    items = "".join(f"<si><t>{n}</t></si>" for n in range(count))
    strings = (
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{items}</sst>'
    )
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    return xlsx([sheet(rows)], {"xl/sharedStrings.xml": strings})


def slow_to_check(parts: int = 100) -> bytes:
    """Many small XML parts, each a quarter of a million empty elements: seconds of checking."""
    elements = "<r>" + "<a/>" * 250_000 + "</r>"
    extra: dict[str, bytes | str] = {f"xl/extra/part{n}.xml": elements for n in range(parts)}
    return xlsx([sheet(f'<row r="1">{text_cell("A1", "姓名")}</row>')], extra)


def truncated() -> bytes:
    data = real_workbook(200)
    return data[: len(data) // 2]


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8

HOSTILE: list[tuple[str, str, bytes, str]] = [
    ("huge declared range", "党员.xlsx", huge_range(), "数据范围为A1:XFD1048576，超过上限"),
    ("huge actual range", "党员.xlsx", huge_range(declared=False), "超过上限500000行"),
    ("zip bomb", "党员.xlsx", zip_bomb(), "超过上限200倍（疑似压缩炸弹）"),
    ("deeply nested XML", "党员.xlsx", deeply_nested(), "XML嵌套超过100层"),
    ("20,000 columns", "党员.xlsx", wide(), "超过上限500列"),
    ("entity bomb", "党员.xlsx", entity_bomb(), "含有DOCTYPE或实体声明"),
    ("renamed binary", "党员.xlsx", PNG, "不是Excel工作簿（PNG图片）"),
    ("renamed Word document", "党员.xlsx", word_document(), "文件是Word文档，不是Excel工作簿"),
    ("truncated zip", "党员.xlsx", truncated(), "文件不完整或已损坏"),
    ("empty file", "党员.xlsx", b"", "上传的文件是空的"),
]
