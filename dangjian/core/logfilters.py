"""Log filters that keep the server log readable."""

from __future__ import annotations

import logging


class RefusalFilter(logging.Filter):
    """A refused request (403) is one line, not a traceback: refusals are expected, are
    recorded as security events in the audit log, and a stack of them would bury real errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
