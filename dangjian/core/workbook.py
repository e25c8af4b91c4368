"""Every uploaded workbook is bounded before it is read, and read in a separate, limited process.

The bounds (``WorkbookLimits``, overridable through ``settings.WORKBOOK_LIMITS``) cover the file
size, the number of sheets, each sheet's declared and actual range, the number of cells, the
shared-strings table, the zip container (entries, size once unpacked, compression ratio) and the
nesting of its XML. ``read_workbook`` checks the size and the kind of file here, then runs
``workbook_child.py`` with an address-space and CPU limit: it checks the rest before calamine
parses anything and streams the rows back. A file over a bound is refused with a Chinese message
naming the bound; a reader that crashes or runs out of time becomes a message too, never a dead
web process. Every import (members, organisations, payroll, and any later one) reads through here.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import marshal
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import IO, Any

from django import forms
from django.conf import settings

from dangjian.core import workbook_child

logger = logging.getLogger(__name__)
MB = 1024 * 1024
_CHILD = Path(workbook_child.__file__)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"


class ImportFileError(Exception):
    """The upload cannot be read as a workbook at all; the message is for the user."""


@dataclass(frozen=True)
class WorkbookLimits:
    """Bounds on one uploaded workbook. Sizes in bytes; the reader's memory in MB, time in s."""

    max_bytes: int = 20 * MB
    max_sheets: int = 50
    max_rows: int = 500_000  # per sheet, the last row number
    max_columns: int = 500  # per sheet, the last column number (SF)
    max_cells: int = 10_000_000  # the whole workbook
    max_shared_strings_bytes: int = 100 * MB
    max_uncompressed_bytes: int = 1024 * MB  # all parts of an .xlsx together, unpacked
    max_ratio: int = 200  # unpacked / packed size of one part
    ratio_from_bytes: int = 1 * MB  # smaller parts are not judged by their ratio
    max_entries: int = 1000  # parts in the zip container
    max_xml_depth: int = 100
    reader_memory_mb: int = 2048
    reader_seconds: int = 120

    @classmethod
    def from_settings(cls) -> WorkbookLimits:
        overrides = getattr(settings, "WORKBOOK_LIMITS", {}) or {}
        known = {f.name for f in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise ValueError(f"WORKBOOK_LIMITS 中有未知的项：{', '.join(sorted(unknown))}")
        return replace(cls(), **{k: int(v) for k, v in overrides.items()})

    def as_request(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass
class SheetRows:
    """One sheet as read: its non-blank rows, each (Excel row number, cells from column A)."""

    name: str
    visible: bool
    rows: list[tuple[int, list[Any]]]
    hidden_rows: list[int] = field(default_factory=list)  # .xlsx only; at most 10,000
    # (first row, first column, last row, last column): rows from 1, columns from 0
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


def size_text(size: int) -> str:
    if size >= MB:
        return f"{size / MB:.1f} MB".replace(".0 MB", " MB")
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size}字节"


_MESSAGES: dict[str, str] = {
    "empty": "上传的文件是空的",
    "too_big": "文件大小为{size}，超过上限{limit}，请拆分后分批导入",
    "not_excel": "文件内容不是Excel工作簿（{what}），请上传.xlsx或.xls格式的Excel文件",
    "corrupt_zip": "文件不完整或已损坏（.xlsx压缩包结构无效），请在Excel中重新保存后上传",
    "not_workbook": "文件是{what}，不是Excel工作簿，请上传.xlsx或.xls格式的Excel文件",
    "password": "文件设置了密码，请取消密码保护后重新上传",
    "unreadable": "无法读取该文件：不是有效的Excel文件，或文件已损坏",
    "sheet_unreadable": "工作表“{sheet}”已损坏，无法读取",
    "entries": "文件内部包含{count}个部件，超过上限{limit}个，已拒绝",
    "ratio": "文件中的“{part}”压缩比为{ratio}倍，超过上限{limit}倍（疑似压缩炸弹），已拒绝",
    "uncompressed": "文件解压后共{size}，超过上限{limit}，已拒绝",
    "part_size": "文件中的“{part}”解压后为{size}，超过上限{limit}，已拒绝",
    "shared_strings": "文件的共享字符串表解压后为{size}，超过上限{limit}，已拒绝",
    "shared_strings_count": "文件的共享字符串表有{count}项，超过上限{limit}项，已拒绝",
    "sheets": "工作簿有{count}张工作表，超过上限{limit}张",
    "dimension": "工作表“{sheet}”声明的数据范围为{ref}，超过上限（最多{rows}行、{columns}列、共{cells}个单元格），已拒绝",
    "rows": "工作表“{sheet}”的数据行达到第{count}行，超过上限{limit}行，请拆分后分批导入",
    "columns": "工作表“{sheet}”的数据列达到第{count}列，超过上限{limit}列，已拒绝",
    "area": "工作表“{sheet}”的数据范围达{rows}行×{columns}列，超过上限{limit}个单元格，已拒绝",
    "cells": "工作表“{sheet}”处的单元格累计{count}个，超过上限{limit}个，请拆分后分批导入",
    "depth": "文件中的“{part}”XML嵌套超过{limit}层，已拒绝",
    "doctype": "文件中的“{part}”含有DOCTYPE或实体声明（Excel文件不会包含），已拒绝",
    "memory": "读取该文件超出内存上限{limit}，已停止：文件的数据范围过大或文件已损坏",
    "time": "读取该文件超过时间上限{limit}秒，已停止：文件过大或已损坏",
    "csv_encoding": "CSV文件的编码无法识别（既不是UTF-8，也不是GB18030/GBK），"
    "请在Excel中“另存为”CSV UTF-8（逗号分隔）或Excel工作簿后重新上传",
}
_SIZES = frozenset({"size", "limit"})
_SIZE_CODES = frozenset({"too_big", "uncompressed", "part_size", "shared_strings"})


def refusal(code: str, params: dict[str, Any]) -> ImportFileError:
    """The exception for a refusal ``code`` of the reader, its message in Chinese."""
    shown = {
        k: size_text(v) if code in _SIZE_CODES and k in _SIZES else v for k, v in params.items()
    }
    template = _MESSAGES.get(code, _MESSAGES["unreadable"])
    try:
        return ImportFileError(template.format(**shown))
    except (KeyError, IndexError):
        return ImportFileError(_MESSAGES["unreadable"])


# --- what kind of file ---------------------------------------------------------------------------

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF文档"),
    (b"\x89PNG", "PNG图片"),
    (b"\xff\xd8\xff", "JPEG图片"),
    (b"GIF8", "GIF图片"),
    (b"MZ", "Windows程序"),
    (b"\x7fELF", "可执行程序"),
    (b"Rar!", "RAR压缩包"),
    (b"7z\xbc\xaf", "7z压缩包"),
    (b"\x1f\x8b", "gzip压缩包"),
    (b"PK\x05\x06", "空的压缩包"),
)


def sniff(head: bytes, *, allow_csv: bool = False) -> str:
    """``xlsx``, ``xls`` (or, with ``allow_csv``, ``csv`` for text) from the first bytes;
    ImportFileError for anything else."""
    if not head:
        raise refusal("empty", {})
    if head.startswith(_ZIP):
        return "xlsx"
    if head.startswith(_OLE):
        return "xls"
    what = next((name for magic, name in _SIGNATURES if head.startswith(magic)), None)
    if what is None and allow_csv and _looks_like_text(head):
        return "csv"
    if what is None:
        what = "文本文件，可能是CSV" if _looks_like_text(head) else "无法识别的文件"
    raise refusal("not_excel", {"what": what})


def _looks_like_text(head: bytes) -> bool:
    """No control characters other than tab and line breaks (bytes of UTF-8/GBK text pass)."""
    return all(byte >= 0x20 or byte in b"\t\r\n" for byte in head)


def check_upload(
    upload: Any, limits: WorkbookLimits | None = None, *, allow_csv: bool = False
) -> None:
    """Size and kind of an uploaded file, before anything reads it (forms call this)."""
    limits = limits or WorkbookLimits.from_settings()
    size = getattr(upload, "size", None)
    if size is not None and size > limits.max_bytes:
        raise refusal("too_big", {"size": size, "limit": limits.max_bytes})
    position = upload.tell() if hasattr(upload, "tell") else 0
    head = upload.read(8)
    upload.seek(position)
    sniff(head, allow_csv=allow_csv)


WORKBOOK_SUFFIXES = (".xlsx", ".xls")
CSV_SUFFIX = ".csv"


class WorkbookField(forms.FileField):
    """The upload field of every import: an .xlsx or .xls within the size bound, checked by its
    first bytes as well as its name (a renamed file is refused here, before anything reads it).
    With ``allow_csv`` a .csv (UTF-8 or GB18030) is taken too."""

    def __init__(self, *, allow_csv: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault(
            "label", "Excel文件（.xlsx、.xls或.csv）" if allow_csv else "Excel文件（.xlsx或.xls）"
        )
        super().__init__(**kwargs)
        self.allow_csv = allow_csv
        self.suffixes = (*WORKBOOK_SUFFIXES, CSV_SUFFIX) if allow_csv else WORKBOOK_SUFFIXES
        self.error_messages["empty"] = _MESSAGES["empty"]
        self.widget.attrs.setdefault("accept", ",".join(self.suffixes))

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload is None or upload is False:
            return upload
        if not str(upload.name).lower().endswith(self.suffixes):
            kinds = ".xlsx、.xls或.csv" if self.allow_csv else ".xlsx或.xls"
            raise forms.ValidationError(f"请上传{kinds}格式的文件（可在Excel中“另存为”）")
        try:
            check_upload(upload, allow_csv=self.allow_csv)
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload


# --- reading ----------------------------------------------------------------------------------

Source = IO[bytes] | Path | bytes


def _copy_bounded(source: Source, target: IO[bytes], limit: int) -> int:
    """Copy at most ``limit`` + 1 bytes of ``source``; return how many were copied."""
    if isinstance(source, bytes):
        target.write(source[: limit + 1])
        return min(len(source), limit + 1)
    if isinstance(source, Path):
        with source.open("rb") as handle:
            return _copy_stream(handle, target, limit)
    if hasattr(source, "seek"):
        source.seek(0)
    return _copy_stream(source, target, limit)


def _copy_stream(source: IO[bytes], target: IO[bytes], limit: int) -> int:
    copied = 0
    while copied <= limit and (piece := source.read(min(MB, limit + 1 - copied))):
        target.write(piece)
        copied += len(piece)
    return copied


def _stage(
    source: Source, folder: Path, limits: WorkbookLimits, allow_csv: bool
) -> tuple[Path, str]:
    """The file on disk under a name calamine reads by its real kind: (path, "xlsx", "xls" or
    "csv")."""
    staged = folder / "upload"
    with staged.open("wb") as target:
        size = _copy_bounded(source, target, limits.max_bytes)
    if size > limits.max_bytes:
        real = source.stat().st_size if isinstance(source, Path) else getattr(source, "size", size)
        raise refusal("too_big", {"size": max(real or size, size), "limit": limits.max_bytes})
    with staged.open("rb") as handle:
        kind = sniff(handle.read(8), allow_csv=allow_csv)
    final = staged.with_suffix(f".{kind}")
    staged.rename(final)
    return final, kind


def read_workbook(
    source: Source,
    *,
    skip_sheets: Iterable[str] = (),
    visible_only: bool = False,
    limits: WorkbookLimits | None = None,
    allow_csv: bool = False,
) -> list[SheetRows]:
    """The sheets of an uploaded .xlsx or .xls, bounded; ImportFileError says why not.

    With ``allow_csv`` a text file is read as CSV (UTF-8 with or without BOM, else GB18030),
    in the same limited process and within the same row, column and cell bounds: one sheet
    named "CSV", every cell a string.

    ``source``: an uploaded file (any binary file object), the bytes, or a path. Sheets named in
    ``skip_sheets`` (and, with ``visible_only``, hidden sheets) are not read. Cells are what
    python-calamine gives: str, float, int, bool, date, datetime, time, timedelta; "" when empty.
    """
    limits = limits or WorkbookLimits.from_settings()
    folder = Path(tempfile.mkdtemp(prefix="dangjian-upload-"))
    try:
        path, kind = _stage(source, folder, limits, allow_csv)
        request = {
            "path": str(path),
            "format": kind,
            "skip": sorted(skip_sheets),
            "visible_only": visible_only,
            "limits": limits.as_request(),
        }
        return _run_reader(request, limits)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run_reader(request: dict[str, Any], limits: WorkbookLimits) -> list[SheetRows]:
    command = [sys.executable, "-I", str(_CHILD)]
    with (
        tempfile.TemporaryFile() as errors,
        subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            env={"LANG": "C.UTF-8"},  # nothing of ours: no keys, no database address
        ) as process,
    ):
        timed_out = threading.Event()

        def stop() -> None:  # the CPU limit misses a reader that waits instead of working
            timed_out.set()
            process.kill()

        # Wall time, generous: on a busy server the reader gets a share of a CPU, not all of it.
        timer = threading.Timer(limits.reader_seconds * 3 + 10, stop)
        timer.start()
        try:
            assert process.stdin is not None and process.stdout is not None
            process.stdin.write(json.dumps(request).encode())
            process.stdin.close()
            sheets, failure = _receive(process.stdout, limits)
        finally:
            timer.cancel()
            if process.poll() is None:
                process.kill()
            process.wait()
        detail = _tail(errors)
    if failure is not None:
        raise failure
    if sheets is None:
        logger.warning("工作簿读取进程异常结束（返回码%s）：%s", process.returncode, detail)
        raise _crash(process.returncode, timed_out=timed_out.is_set(), limits=limits)
    return sheets


def _tail(stream: IO[bytes], size: int = 2000) -> str:
    """The last ``size`` bytes the reader wrote to stderr (a Rust backtrace, a traceback)."""
    end = stream.seek(0, 2)
    stream.seek(max(0, end - size))
    return stream.read().decode(errors="replace")


def _crash(returncode: int, *, timed_out: bool, limits: WorkbookLimits) -> ImportFileError:
    """The reader ended without an answer: the limit it most likely ran into."""
    if timed_out or returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return refusal("time", {"limit": limits.reader_seconds})
    return refusal("memory", {"limit": f"{limits.reader_memory_mb} MB"})


def _read_exact(stream: IO[bytes], size: int) -> bytes | None:
    data = stream.read(size)
    return data if len(data) == size else None


def _receive(
    stream: IO[bytes], limits: WorkbookLimits
) -> tuple[list[SheetRows] | None, ImportFileError | None]:
    """Read the reader's frames: (sheets, None) when done, (None, refusal) when refused,
    (None, None) when it stopped without an answer."""
    sheets: list[SheetRows] = []
    budget = limits.max_uncompressed_bytes + limits.max_bytes  # what an honest reader can send
    while (header := _read_exact(stream, workbook_child.FRAME.size)) is not None:
        kind, length = workbook_child.FRAME.unpack(header)
        budget -= length
        payload = _read_exact(stream, length) if budget >= 0 else None
        if payload is None:
            return None, None
        value = marshal.loads(payload)
        if kind == b"D":
            return sheets, None
        if kind == b"E":
            code, params = str(value[0]), dict(value[1])
            if code == "memory":
                params = {"limit": f"{limits.reader_memory_mb} MB"}
            return None, refusal(code, params)
        if kind == b"S":
            hidden, merged = (value[2], value[3]) if len(value) > 3 else ([], [])
            sheets.append(
                SheetRows(
                    str(value[0]),
                    bool(value[1]),
                    [],
                    [int(r) for r in hidden],
                    [(int(a), int(b), int(c), int(d)) for a, b, c, d in merged],
                )
            )
        elif kind == b"R" and sheets:
            sheets[-1].rows.extend(_with_dates(*value))
    return None, None


_DECODE: dict[str, Callable[[Any], Any]] = {
    "d": dt.date.fromordinal,
    "t": dt.datetime.fromisoformat,
    "h": dt.time.fromisoformat,
    "s": lambda seconds: dt.timedelta(seconds=seconds),
}


def _with_dates(
    rows: list[tuple[int, list[Any]]], dates: list[tuple[int, int, str, Any]]
) -> list[tuple[int, list[Any]]]:
    for position, column, kind, value in dates:
        rows[position][1][column] = _DECODE[kind](value)
    return rows
