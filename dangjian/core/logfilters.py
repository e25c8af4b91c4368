"""Log filters that keep the server log readable, and the one line a refused request logs."""

from __future__ import annotations

import logging
from contextvars import ContextVar

from dangjian.core.request_line import request_info

REFUSAL_LOGGER = logging.getLogger("dangjian.access")

# The request line of the refusal logged while serving the current request: Django's own record
# of that response ("Forbidden…" with its traceback, "Not Found…") would say it a second time.
_refused: ContextVar[str | None] = ContextVar("refused_request", default=None)


def log_refusal(asked: str, username: str, reason: str) -> None:
    """One WARNING line for a refused request: method and path (``asked``, already masked),
    the account and the reason given to it. Out-of-scope reads that answer 404 log it too."""
    _refused.set(asked)
    REFUSAL_LOGGER.warning(
        "拒绝访问 %s 用户=%s 原因=%s",
        asked or "-",
        username or "（未登录）",
        reason.removeprefix("拒绝访问："),
    )


def forget_refusal() -> None:
    """A new request starts with no refusal logged."""
    _refused.set(None)


class RefusalFilter(logging.Filter):
    """On ``django.request``: a refused request (403, or a 404 that hid a record outside the
    asker's scope) is the one line ``log_refusal`` wrote, not a traceback. Refusals are
    expected, are recorded as security events in the audit log, and a stack of them would bury
    real errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status == 403:
            return False
        return not (status == 404 and _refused.get() is not None and _is_current(record))


def _is_current(record: logging.LogRecord) -> bool:
    """Whether the refusal logged in this context was this record's request."""
    request = getattr(record, "request", None)
    if request is None:
        return False
    return request_info(request).asked == _refused.get()
