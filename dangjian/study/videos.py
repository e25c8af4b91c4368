"""Uploaded study videos: bounded, checked by their first bytes, stored under a name nobody
chose, and served only to those the item is assigned to or who look after it, with HTTP byte
ranges (RFC 9110 §14) so a player can seek and resume."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import IO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

from dangjian.core.errors import InvalidInput

MB = 1024 * 1024
# (extension, content type) by the container's signature: MP4/MOV carry "ftyp" at offset 4,
# WebM starts with the EBML magic.
_MP4 = ("mp4", "video/mp4")
_WEBM = ("webm", "video/webm")


def video_kind(head: bytes) -> tuple[str, str] | None:
    """The extension and content type of a video from its first 12 bytes; None otherwise."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return _MP4
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return _WEBM
    return None


def _size(upload: IO[bytes]) -> int:
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    return size


def video_store(upload: IO[bytes]) -> str:
    """Store an uploaded video; its storage name. ``InvalidInput`` on the field ``video`` for an
    empty or oversized file or one that is not MP4/WebM; nothing is stored then."""
    limit = settings.STUDY_VIDEO_MAX_MB * MB
    size = _size(upload)
    if size == 0:
        raise InvalidInput.one("video", "上传的视频文件是空的")
    if size > limit:
        raise InvalidInput.one("video", f"视频文件超过上限{settings.STUDY_VIDEO_MAX_MB} MB")
    kind = video_kind(upload.read(12))
    upload.seek(0)
    if kind is None:
        raise InvalidInput.one("video", "视频应为MP4或WebM格式")
    return default_storage.save(f"study/{uuid.uuid4().hex}.{kind[0]}", File(upload))


def video_content_type(name: str) -> str:
    return _WEBM[1] if name.endswith(".webm") else _MP4[1]


class RangeNotSatisfiable(ValueError):
    """A ``Range`` header none of whose bytes lie in the file (answered 416)."""


_RANGE = re.compile(r"bytes=(\d*)-(\d*)")
CHUNK = 64 * 1024


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The first and last byte (inclusive) a ``Range`` header asks of a file of ``size`` bytes;
    None to send the whole file (no header, a malformed one, or several ranges, which a server
    may answer with the whole, RFC 9110 §14.2). ``bytes=N-`` runs to the end, ``bytes=-N`` is
    the last N bytes, an end past the file is cut to it. ``RangeNotSatisfiable`` when the
    range starts past the end or the suffix is empty."""
    if not header:
        return None
    found = _RANGE.fullmatch(header.strip())
    if found is None or found.group(1) == found.group(2) == "":
        return None
    first, last = found.group(1), found.group(2)
    if first == "":
        length = int(last)
        if length == 0 or size == 0:
            raise RangeNotSatisfiable(header)
        return max(0, size - length), size - 1
    start = int(first)
    end = size - 1 if last == "" else min(int(last), size - 1)
    if last != "" and int(last) < start:
        return None
    if start >= size:
        raise RangeNotSatisfiable(header)
    return start, end


def _chunks(stream: IO[bytes], start: int, end: int) -> Iterator[bytes]:
    with stream:
        stream.seek(start)
        left = end - start + 1
        while left > 0:
            data = stream.read(min(CHUNK, left))
            if not data:
                return
            left -= len(data)
            yield data


def video_response(name: str, range_header: str | None) -> HttpResponseBase:
    """The stored video ``name``: the whole (200) or the asked range (206 with
    ``Content-Range``), 416 for a range past its end; every answer says ``Accept-Ranges:
    bytes``. ``Http404`` when the file is gone. The caller has checked who may see it."""
    try:
        size = default_storage.size(name)
        stream = default_storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404("视频文件已不存在，请联系系统管理员") from None
    content_type = video_content_type(name)
    response: HttpResponseBase
    try:
        asked = byte_range(range_header, size)
    except RangeNotSatisfiable:
        stream.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    else:
        if asked is None:
            response = FileResponse(stream, content_type=content_type)
        else:
            start, end = asked
            response = StreamingHttpResponse(
                _chunks(stream, start, end), status=206, content_type=content_type
            )
            response["Content-Range"] = f"bytes {start}-{end}/{size}"
            response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    return response
