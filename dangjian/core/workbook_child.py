"""The reader of uploaded workbooks, run as a separate process with memory and CPU limits.

``dangjian.core.workbook`` starts this file with ``python -I`` and a JSON request on stdin: the
path of the file, its format (``xlsx``, ``xls`` or ``csv``), the bounds, the sheets to leave out. This
process limits itself (address space, CPU seconds, no core dump), checks what can be checked
before anything is parsed, reads the sheets with python-calamine, and writes frames to stdout:

- ``S`` (sheet name, visible, hidden rows, merged ranges): a sheet starts;
- ``R`` (rows, dates): rows of that sheet, blank rows left out; each row is (Excel row number,
  cells); dates travel as (position in the frame, column, kind, ordinal/seconds) because
  marshal carries only plain values, and are put back by the web process;
- ``E`` (code, params): the file is refused; the web process turns the code into Chinese;
- ``D``: done.

Only the standard library and python-calamine are imported: no Django, no settings, no keys (the
process is started with an empty environment). If calamine aborts (a Rust allocation failure on a
huge range) or the limits kill this process, the web process reports that, and keeps running.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import marshal
import re
import resource
import struct
import sys
import traceback
import zipfile
from collections.abc import Iterator
from typing import IO, Any
from xml.etree import ElementTree
from xml.parsers import expat

FRAME = struct.Struct(">cI")
ROWS_PER_FRAME = 5000
CHUNK = 4 << 20
# Parts this small are parsed once more to measure their nesting depth exactly; larger parts
# (worksheets, shared strings) are scanned with byte patterns only and left to the limits.
DEPTH_CHECKED_BYTES = 4 << 20

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="(([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?)"')
# Row numbers as every writer puts them (r first). The pattern starts with a literal, which the
# regular expression engine finds at memchr speed. Rows numbered otherwise, or not at all, are
# left to the cell-count bound and to the reader's memory limit.
_ROW_REF = re.compile(rb'<row r="(\d+)"')
_ROOT = re.compile(rb"<[A-Za-z_]")
# A hidden row as writers put it (r first); calamine does not say which rows are hidden.
_HIDDEN_ROW = re.compile(rb'<row r="(\d+)"[^>]*? hidden="(?:1|true)"')
MAX_PLACES = 10_000  # hidden rows and merged ranges reported per sheet (the count is enough)
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


class Refused(Exception):
    """The file is over a bound or cannot be read; ``code`` and ``params`` say which."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def column_number(letters: str) -> int:
    """A -> 1, Z -> 26, AA -> 27, XFD -> 16384."""
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def _column_pattern(max_columns: int) -> re.Pattern[bytes]:
    """Cell references with at least as many letters as the last allowed column has.

    Only those can be over the bound, so a sheet of 24 columns (A to X) yields no match at all.
    """
    letters = 1
    while 26**letters < max_columns:
        letters += 1
    return re.compile(rb' r="([A-Z]{%d,})\d' % letters)


# --- the zip container of an .xlsx ------------------------------------------------------------


def _other_office(names: set[str]) -> str:
    if "word/document.xml" in names:
        return "Word文档"
    if "ppt/presentation.xml" in names:
        return "PowerPoint演示文稿"
    return "普通压缩包"


def check_zip(book: zipfile.ZipFile, limits: dict[str, int]) -> _Parts:
    """Check the container by its directory; return where the sheets and strings are."""
    entries = book.infolist()
    if len(entries) > limits["max_entries"]:
        raise Refused("entries", count=len(entries), limit=limits["max_entries"])
    names = {e.filename for e in entries}
    if "xl/workbook.xml" not in names:
        raise Refused("not_workbook", what=_other_office(names))
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > limits["ratio_from_bytes"] and ratio > limits["max_ratio"]:
            raise Refused("ratio", part=entry.filename, ratio=int(ratio), limit=limits["max_ratio"])
    if total > limits["max_uncompressed_bytes"]:
        raise Refused("uncompressed", size=total, limit=limits["max_uncompressed_bytes"])
    return _workbook_parts(book, limits)


def _small_xml(book: zipfile.ZipFile, name: str, limits: dict[str, int]) -> ElementTree.Element:
    info = book.getinfo(name)
    if info.file_size > DEPTH_CHECKED_BYTES:
        raise Refused("part_size", part=name, size=info.file_size, limit=DEPTH_CHECKED_BYTES)
    data = book.read(name)
    check_declarations(name, data)
    check_depth(name, [data], limits["max_xml_depth"])
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise Refused("unreadable") from None


class _Parts:
    """Where the workbook keeps its sheets (part -> sheet name) and its shared strings."""

    def __init__(self, sheets: dict[str, str], strings: set[str]) -> None:
        self.sheets = sheets
        self.strings = strings | {"xl/sharedStrings.xml"}


def _workbook_parts(book: zipfile.ZipFile, limits: dict[str, int]) -> _Parts:
    """The parts workbook.xml and its relationships point at, as calamine will follow them."""
    workbook = _small_xml(book, "xl/workbook.xml", limits)
    sheets = [e for e in workbook.iter() if e.tag.rsplit("}", 1)[-1] == "sheet"]
    if len(sheets) > limits["max_sheets"]:
        raise Refused("sheets", count=len(sheets), limit=limits["max_sheets"])
    targets: dict[str, str] = {}
    strings: set[str] = set()
    if "xl/_rels/workbook.xml.rels" in book.namelist():
        for rel in _small_xml(book, "xl/_rels/workbook.xml.rels", limits):
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[rel.get("Id", "")] = part
            if rel.get("Type", "").endswith("/sharedStrings"):
                strings.add(part)
    names = {
        targets[s.get(_REL_NS, "")]: s.get("name", "")
        for s in sheets
        if s.get(_REL_NS, "") in targets
    }
    return _Parts(names, strings)


def check_declarations(part: str, data: bytes) -> None:
    """No DOCTYPE or ENTITY: OOXML never has one, and entities are how XML bombs expand.

    ``data`` starts at the beginning of the part. A DOCTYPE can only stand before the root
    element, so only that prolog is searched; a part whose root does not start in ``data``
    (a prolog of megabytes) is refused as unreadable.
    """
    root = _ROOT.search(data)
    if root is None:
        raise Refused("unreadable")
    if _DECLARATION.search(data, 0, root.start()):
        raise Refused("doctype", part=part)


def check_depth(part: str, chunks: list[bytes], limit: int) -> None:
    """Refuse XML nested deeper than ``limit`` elements (exact: counted by expat)."""
    parser = expat.ParserCreate()
    depth = 0

    def start(_name: str, _attrs: Any) -> None:
        nonlocal depth
        depth += 1
        if depth > limit:
            raise Refused("depth", part=part, limit=limit)

    def end(_name: str) -> None:
        nonlocal depth
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        pass  # malformed XML is for calamine to report; only the depth is judged here


class _SheetScan:
    """Bounds of one worksheet part, from its bytes, before calamine builds its range."""

    def __init__(self, sheet: str, limits: dict[str, int], cells_before: int) -> None:
        self.sheet = sheet
        self.limits = limits
        self.columns = _column_pattern(limits["max_columns"])
        self.cells = cells_before  # the cell bound is for the whole workbook
        self.first = True
        self.rows = 0
        self.widest = 0  # columns with as many letters as the bound's last column, else 0
        self.hidden: list[int] = []  # hidden rows, as Excel numbers them

    def feed(self, data: bytes) -> None:
        if self.first:
            self._dimension(data)
            self.first = False
        self.cells += data.count(b"<c")  # cells, and the few <cols>, <col> and <color> tags
        if len(self.hidden) < MAX_PLACES and b"hidden" in data:
            self.hidden.extend(int(r) for r in _HIDDEN_ROW.findall(data)[:MAX_PLACES])
        refs = _ROW_REF.findall(data)
        self.rows = max(self.rows, max(map(int, refs)) if refs else 0)
        self.widest = max(self.widest, self._widest(data))
        self._check(self.rows, self.widest)
        self._check_area()

    def _check_area(self) -> None:
        """calamine allocates the whole rectangle, rows times columns, however few cells fill it.

        Judged when the pattern saw a wide column (its number is then exact). A narrower sheet
        is at most the row bound times 26 columns, which the reader's memory holds; the range
        calamine builds is checked again before any row is sent.
        """
        columns = self.widest
        if columns and self.rows * columns > self.limits["max_cells"]:
            raise Refused(
                "area", sheet=self.sheet, rows=self.rows, columns=columns,
                limit=self.limits["max_cells"],
            )  # fmt: skip

    def _dimension(self, data: bytes) -> None:
        match = _DIMENSION.search(data[: 1 << 16])
        if match is None:
            return
        ref, first_col, first_row, last_col, last_row = match.groups()
        rows = int(last_row or first_row)
        columns = column_number((last_col or first_col).decode())
        limits = self.limits
        too_big = rows > limits["max_rows"] or columns > limits["max_columns"]
        if too_big or rows * columns > limits["max_cells"]:
            raise Refused(
                "dimension",
                sheet=self.sheet,
                ref=ref.decode(),
                rows=limits["max_rows"],
                columns=limits["max_columns"],
                cells=limits["max_cells"],
            )

    def _widest(self, data: bytes) -> int:
        return max((column_number(m.decode()) for m in self.columns.findall(data)), default=0)

    def _check(self, rows: int, columns: int) -> None:
        limits = self.limits
        if rows > limits["max_rows"]:
            raise Refused("rows", sheet=self.sheet, count=rows, limit=limits["max_rows"])
        if columns > limits["max_columns"]:
            raise Refused("columns", sheet=self.sheet, count=columns, limit=limits["max_columns"])
        if self.cells > limits["max_cells"]:
            raise Refused("cells", sheet=self.sheet, count=self.cells, limit=limits["max_cells"])


def _chunks(book: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    """The part's bytes in pieces that end on a ``>``, so no tag is cut in two.

    zipfile stops at the declared size and checks the CRC, so a part cannot inflate beyond
    what the directory (already checked) says.
    """
    carry = b""
    with book.open(name) as stream:
        while piece := stream.read(CHUNK):
            data = carry + piece
            cut = data.rfind(b">") + 1
            carry = data[cut:]
            if len(carry) > CHUNK:  # no tag ends in a whole chunk: not XML a sheet would have
                raise Refused("unreadable")
            yield data[:cut]
    if carry:
        yield carry


def scan_parts(
    book: zipfile.ZipFile, parts: _Parts, limits: dict[str, int]
) -> dict[str, list[int]]:
    """Stream every XML part once: declarations, depth (small parts), sheet and string bounds.

    Returns the hidden rows of each sheet, by sheet name."""
    cells = 0
    hidden: dict[str, list[int]] = {}
    for info in book.infolist():
        name = info.filename
        named = name in parts.strings or name in parts.sheets
        if not name.endswith((".xml", ".rels", ".vml")) and not named:
            continue
        scan = _SheetScan(parts.sheets[name], limits, cells) if name in parts.sheets else None
        strings = name in parts.strings
        count = 0
        small: list[bytes] | None = [] if info.file_size <= DEPTH_CHECKED_BYTES else None
        for index, data in enumerate(_chunks(book, name)):
            if index == 0:
                check_declarations(name, data)
            if small is not None:
                small.append(data)
            if scan is not None:
                scan.feed(data)
            elif strings:
                count += data.count(b"<si>") + data.count(b"<si ")
        if small is not None:
            check_depth(name, small, limits["max_xml_depth"])
        if scan is not None:
            cells = scan.cells
            hidden[scan.sheet] = scan.hidden[:MAX_PLACES]
        if strings:
            _check_strings(info.file_size, count, limits)
    return hidden


def _check_strings(size: int, count: int, limits: dict[str, int]) -> None:
    if size > limits["max_shared_strings_bytes"]:
        raise Refused("shared_strings", size=size, limit=limits["max_shared_strings_bytes"])
    if count > limits["max_cells"]:
        raise Refused("shared_strings_count", count=count, limit=limits["max_cells"])


def inspect_xlsx(path: str, limits: dict[str, int]) -> dict[str, list[int]]:
    """Check the container and every part; return the hidden rows of each sheet."""
    try:
        with zipfile.ZipFile(path) as book:
            return scan_parts(book, check_zip(book, limits), limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError):
        raise Refused("corrupt_zip") from None
    except (OSError, ValueError, KeyError, RuntimeError):  # RuntimeError: an encrypted entry
        raise Refused("corrupt_zip") from None


# --- reading with calamine --------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or (value.__class__ is str and not value.strip())


_DATE_KINDS: dict[type, str] = {
    dt.datetime: "t",
    dt.date: "d",
    dt.time: "h",
    dt.timedelta: "s",
}


def _encode(value: Any) -> str | int | float:
    """A date as its ordinal, a datetime or time as ISO text, a duration in seconds."""
    if isinstance(value, (dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.toordinal()
    return float(value.total_seconds())


def _send(out: IO[bytes], kind: bytes, payload: Any) -> None:
    data = marshal.dumps(payload)
    out.write(FRAME.pack(kind, len(data)))
    out.write(data)


def _send_rows(out: IO[bytes], rows: Iterator[list[Any]], first_column: int) -> None:
    """Non-blank rows in frames, each with the dates taken out as plain values.

    calamine's rows start at row 1 but at the range's first column: the columns before it are
    put back, so a cell's index is its column as Excel numbers it.
    """
    pad = [""] * first_column
    batch: list[tuple[int, list[Any]]] = []
    dates: list[tuple[int, int, str, str | int | float]] = []
    for number, row in enumerate(rows, start=1):
        first = row[0] if row else None
        # Most data rows start with a filled text cell: no need to look at the rest.
        if not (first.__class__ is str and first.strip()) and all(_blank(v) for v in row):
            continue
        if pad:
            row = pad + row
        for column in [i for i, v in enumerate(row) if v.__class__ in _DATE_KINDS]:
            value = row[column]
            kind = _DATE_KINDS[value.__class__]
            dates.append(
                (len(batch), column, kind, value.toordinal() if kind == "d" else _encode(value))
            )
            row[column] = None
        batch.append((number, row))
        if len(batch) == ROWS_PER_FRAME:
            _send(out, b"R", (batch, dates))
            batch, dates = [], []
    if batch:
        _send(out, b"R", (batch, dates))


def _merged(sheet: Any) -> list[tuple[int, int, int, int]]:
    """Merged ranges as (first row, first column, last row, last column), rows from 1."""
    try:
        ranges = sheet.merged_cell_ranges or []
    except Exception:
        return []
    return [(r0 + 1, c0, r1 + 1, c1) for (r0, c0), (r1, c1) in ranges[:MAX_PLACES]]


def read_sheets(
    path: str, request: dict[str, Any], out: IO[bytes], hidden: dict[str, list[int]]
) -> None:
    import python_calamine
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    limits, skip = request["limits"], set(request["skip"])
    try:
        book = CalamineWorkbook.from_path(path)
    except python_calamine.PasswordError:
        raise Refused("password") from None
    except (python_calamine.CalamineError, OSError, ValueError):
        raise Refused("unreadable") from None
    metadata = book.sheets_metadata
    if len(metadata) > limits["max_sheets"]:
        raise Refused("sheets", count=len(metadata), limit=limits["max_sheets"])
    cells = 0
    for meta in metadata:
        visible = meta.visible == SheetVisibleEnum.Visible
        if meta.name in skip or (request["visible_only"] and not visible):
            continue
        try:
            sheet = book.get_sheet_by_name(meta.name)
        except python_calamine.CalamineError:
            raise Refused("sheet_unreadable", sheet=meta.name) from None
        cells += _check_range(meta.name, sheet.end, cells, limits)
        _send(out, b"S", (meta.name, visible, hidden.get(meta.name, []), _merged(sheet)))
        _send_rows(out, sheet.iter_rows(), sheet.start[1] if sheet.start else 0)


def _check_range(
    sheet: str, end: tuple[int, int] | None, before: int, limits: dict[str, int]
) -> int:
    """The range calamine built, checked again (the only check an .xls gets before its rows).

    ``end``: (row, column) of the last cell, from 0; None for an empty sheet.
    """
    height, width = (end[0] + 1, end[1] + 1) if end else (0, 0)
    if height > limits["max_rows"]:
        raise Refused("rows", sheet=sheet, count=height, limit=limits["max_rows"])
    if width > limits["max_columns"]:
        raise Refused("columns", sheet=sheet, count=width, limit=limits["max_columns"])
    if before + height * width > limits["max_cells"]:
        raise Refused(
            "cells", sheet=sheet, count=before + height * width, limit=limits["max_cells"]
        )
    return height * width


# --- CSV --------------------------------------------------------------------------------------

_UTF8_BOM = b"\xef\xbb\xbf"


def decode_csv(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), else GB18030 (which covers GBK and
    GB2312, what Excel on a Chinese Windows writes); ``Refused`` when neither decodes."""
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Refused("csv_encoding")


def _csv_rows(text: str, limits: dict[str, int]) -> Iterator[list[Any]]:
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    cells = 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, row in enumerate(reader, start=1):
            if number > limits["max_rows"]:
                raise Refused("rows", sheet="CSV", count=number, limit=limits["max_rows"])
            if len(row) > limits["max_columns"]:
                raise Refused("columns", sheet="CSV", count=len(row), limit=limits["max_columns"])
            cells += len(row)
            if cells > limits["max_cells"]:
                raise Refused("cells", sheet="CSV", count=cells, limit=limits["max_cells"])
            yield list(row)
    except csv.Error:
        raise Refused("unreadable") from None


def read_csv(path: str, request: dict[str, Any], out: IO[bytes]) -> None:
    with open(path, "rb") as handle:
        text = decode_csv(handle.read())
    _send(out, b"S", ("CSV", True))
    _send_rows(out, _csv_rows(text, request["limits"]), 0)


def _limit_self(limits: dict[str, int]) -> None:
    memory = limits["reader_memory_mb"] * 1024 * 1024
    seconds = limits["reader_seconds"]
    _lower(resource.RLIMIT_AS, memory, memory)
    _lower(resource.RLIMIT_CPU, seconds, seconds + 5)
    _lower(resource.RLIMIT_CORE, 0, 0)  # a core dump would hold personal data


def _lower(kind: int, soft: int, hard: int) -> None:
    """Set a limit, never above the hard limit the server already has (that would fail)."""
    _current, ceiling = resource.getrlimit(kind)
    if ceiling != resource.RLIM_INFINITY:
        soft, hard = min(soft, ceiling), min(hard, ceiling)
    resource.setrlimit(kind, (soft, hard))


def main() -> int:
    request = json.loads(sys.stdin.buffer.read())
    out = sys.stdout.buffer
    _limit_self(request["limits"])
    try:
        if request["format"] == "csv":
            read_csv(request["path"], request, out)
        else:
            hidden: dict[str, list[int]] = {}
            if request["format"] == "xlsx":
                hidden = inspect_xlsx(request["path"], request["limits"])
            read_sheets(request["path"], request, out, hidden)
    except Refused as refused:
        _send(out, b"E", (refused.code, refused.params))
    except MemoryError:
        _send(out, b"E", ("memory", {}))
    except BaseException:  # a Rust panic in calamine is a BaseException: report, do not guess
        traceback.print_exc()
        _send(out, b"E", ("unreadable", {}))
    else:
        _send(out, b"D", None)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
