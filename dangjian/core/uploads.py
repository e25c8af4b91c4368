"""An upload kept between two steps of an import (upload, then the mapping screen).

The file is stored under the data directory by the SHA-256 of its bytes: the token the page
carries names the content, so a token that was not handed out finds nothing. Shared by the
member and payroll imports.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from django.conf import settings

_TOKEN = re.compile(r"[0-9a-f]{64}")


def _folder(kind: str) -> Path:
    folder = Path(settings.DATA_DIR) / "uploads" / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stash_upload(data: bytes, kind: str) -> str:
    """Keep ``data`` for the next step of the ``kind`` import; return its token."""
    token = hashlib.sha256(data).hexdigest()
    (_folder(kind) / f"{token}.upload").write_bytes(data)
    return token


def unstash_upload(token: str, kind: str) -> bytes | None:
    """The bytes kept under ``token``; None when the token is malformed or the file is gone."""
    if not _TOKEN.fullmatch(token):
        return None
    path = _folder(kind) / f"{token}.upload"
    return path.read_bytes() if path.exists() else None


def discard_upload(token: str, kind: str) -> None:
    """Remove a kept upload once its import has run."""
    if _TOKEN.fullmatch(token):
        (_folder(kind) / f"{token}.upload").unlink(missing_ok=True)
