"""Masking of ID and phone numbers in text that is logged or stored outside the encrypted columns.

The one function every place calls (audit details and before/after values, the assistant's
question log, the request log): ``mask_text`` for a string, ``mask_data`` for a JSON value.

What is masked, wherever it stands in the text:
- an 18- or 15-digit ID number: the first 6 and last 4 characters stay ("110101********4573");
- a mobile number (11 digits from 13x to 19x, also written 139-1234-5678 or 139 1234 5678):
  the first 3 and last 4 digits stay ("139****5678");
- any other run of 7 or more digits (a partial ID or phone number typed into a search, such as
  "q=2112041990"): the first 3 digits stay ("211*******"). An 8-digit calendar date
  (19xx/20xx, e.g. a file name's "20261130") is left alone: it identifies nobody.

A kiosk link's token ("kiosk_" and its random part, in a path such as /screen/k/kiosk_…/data)
opens the screen to whoever holds it: only its hash is stored, so a request line, an audit row or
a log line keeps its first three characters ("kiosk_nlr…（已隐去）") and no more.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

from dangjian.rules.idcard import mask_id_number, mask_phone

_DIGITS = re.compile(
    r"(?<![0-9])(?:"
    r"(?P<id18>[0-9]{17}[0-9Xx])(?![0-9A-Za-z])"
    # An ID number typed in groups: 211204 19900101 1234, 211204-1990-0101-1234.
    r"|(?P<grouped>[0-9]{6}[ -][0-9]{4}[ -]?[0-9]{4}[ -][0-9]{3}[0-9Xx])(?![0-9A-Za-z])"
    r"|(?P<phone>1[3-9][0-9](?P<sep>[- ]?)[0-9]{4}(?P=sep)[0-9]{4})(?![0-9])"
    r"|(?P<run>[0-9]{7,})"
    r")"
)
_KEEP_PARTIAL = 3
# A token is 43 random characters; a shorter run (a code name such as kiosk_link_create) is left.
_KIOSK_TOKEN = re.compile(r"kiosk_([A-Za-z0-9_-]{3})[A-Za-z0-9_-]{17,}")


# Full-width digits and X (２１１２…Ｘ, as a Chinese input method types them) read as ASCII.
_FULL_WIDTH = str.maketrans({**{chr(0xFF10 + d): str(d) for d in range(10)}, "Ｘ": "X", "ｘ": "x"})


def mask_text(text: str) -> str:
    """``text`` with every ID number, phone number and long digit run masked (see module);
    full-width digits are read as digits (and kept ASCII in what is stored); a kiosk link's
    token is cut to its first characters."""
    if not text:
        return text
    if "kiosk_" in text:
        text = mask_kiosk_token(text)
    if not any(ch.isdigit() for ch in text):
        return text
    return _DIGITS.sub(_replace, text.translate(_FULL_WIDTH))


def mask_kiosk_token(text: str) -> str:
    """``text`` with every kiosk token cut to "kiosk_" and three characters: the clear token
    opens the screen, so it is stored nowhere (only its hash)."""
    return _KIOSK_TOKEN.sub(r"kiosk_\1…（已隐去）", text)


def mask_data(value: Any) -> Any:
    """A JSON value (dict, list, str, number...) with ``mask_text`` applied to every string.

    Numbers are kept: amounts and counts are numbers, personal numbers are always strings.
    """
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {key: mask_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask_data(item) for item in value]
    return value


def _replace(match: re.Match[str]) -> str:
    if match.group("id18"):
        return mask_id_number(match.group("id18"))
    if match.group("grouped"):
        return mask_id_number(re.sub(r"[ -]", "", match.group("grouped")))
    if match.group("phone"):
        sep = match.group("sep")
        digits = match.group("phone").replace(sep, "") if sep else match.group("phone")
        return mask_phone(digits)
    run = match.group("run")
    if len(run) == 15:
        return mask_id_number(run)
    if len(run) == 8 and _is_date(run):
        return run
    return run[:_KEEP_PARTIAL] + "*" * (len(run) - _KEEP_PARTIAL)


def _is_date(digits: str) -> bool:
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    if not 1900 <= year <= 2099:
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


class MaskingFilter(logging.Filter):
    """A logging filter that masks each record's message (request paths with search terms)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True
