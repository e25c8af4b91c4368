"""The request line the audit log and the refusal log record: where a request came from and
what it asked for, masked. Its own module so that both logs may read it without importing each
other."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

from django.conf import settings
from django.http import HttpRequest

from dangjian.core.masking import mask_text


@dataclass(frozen=True)
class RequestInfo:
    """Where a request came from and what it asked for ("GET /members/?q=…", masked)."""

    source_ip: str
    asked: str


def request_info(request: HttpRequest) -> RequestInfo:
    """The client address (``CLIENT_IP_HEADER``: the socket's peer unless a trusted proxy sets
    a header) and the method and full path, masked and cut to the column's width."""
    # Decoded first: "q=%EF%BC%92…" is a full-width ID number to whoever decodes it. What decodes
    # to a control character (%00 among them, which PostgreSQL cannot store) is shown as U+FFFD.
    decoded = unquote(f"{request.method} {request.get_full_path()}")
    printable = "".join(c if c.isprintable() else "\ufffd" for c in decoded)
    asked = mask_text(printable)[:300]
    address = request.META.get(settings.CLIENT_IP_HEADER) or request.META.get("REMOTE_ADDR", "")
    return RequestInfo(source_ip=str(address).split(",")[0].strip()[:45], asked=asked)
