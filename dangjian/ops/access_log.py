"""gunicorn's access log with what no log may keep masked: ``MaskedAccessLogger``, named by
``deploy/gunicorn.conf.py``.

The format already leaves the query string out (searches carry ID and phone numbers); what
remains is the path itself, which for a kiosk link (/screen/k/<token>/) holds the token that
opens the screen, and the Referer of the requests the kiosk page makes. Every text of a log
line passes through ``core.masking.mask_text``, as Django's own request log does.
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from dangjian.core.masking import mask_text


class MaskedAccessLogger(Logger):  # type: ignore[misc]  # gunicorn ships no type hints
    """gunicorn's ``Logger`` whose access-log atoms (path, request line, headers) are masked."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> Any:
        found = super().atoms(resp, req, environ, request_time)
        return {key: mask_text(value) if isinstance(value, str) else value
                for key, value in found.items()}  # fmt: skip
