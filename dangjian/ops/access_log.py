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

# The atoms that carry a path: the path, the request line, the query string, the Referer (as
# ``%(f)s`` and as the header atom). The dozens of header and environ atoms are left as they
# are: masking each on every request would cost for nothing the format prints.
_PATH_ATOMS = ("U", "r", "q", "f", "{referer}i")


class MaskedAccessLogger(Logger):  # type: ignore[misc]  # gunicorn ships no type hints
    """gunicorn's ``Logger`` whose access-log atoms that carry a path are masked."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> Any:
        found = super().atoms(resp, req, environ, request_time)
        for key in _PATH_ATOMS:
            if isinstance(found.get(key), str):
                found[key] = mask_text(found[key])
        return found
