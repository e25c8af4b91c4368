"""Uploaded study videos: bounded, checked by their first bytes, stored under a name nobody
chose, and served only to those the item is assigned to or who look after it."""

from __future__ import annotations

import uuid
from typing import IO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage

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
