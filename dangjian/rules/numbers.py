"""Numbers as people type them: identity and telephone numbers, read the same at every door.

The member form, the API, the member and payroll imports and the member search all read a
typed number through these functions, so a number typed full-width (１３８…), in groups
("138 1234 5678", "110101-19900307-4573"), with a lower-case x or a country prefix is the same
number everywhere, and its lookup hash is the same.

- ``fold_number(text)``: full-width forms folded (NFKC), white space and dashes dropped, a
  leading apostrophe (Excel's text marker) dropped, letters upper-cased.
- ``parse_phone(text)``: a member's telephone: an 11-digit mobile number (with or without +86
  / 0086 / 86 in front) or a landline with its area code ("(0531)86012345", "0531 8812 3456"),
  optionally with an extension ("0531-88123456-801", "0531-88123456转801"); the canonical form
  is "13812345678" or "0531-88123456" or "0531-88123456-801". Raises ``PhoneError``.
- ``id_tail(text)``: the last 4 or 6 characters of an identity number as a secretary types them
  to look someone up ("4573", "00732x"), or ``None`` for anything else.

Source: the numbering plan of the PRC (YD/T 2011, area codes 010 and 02x of three digits, the
others of four; local numbers of 7 or 8 digits; mobile numbers 1[3-9] and 9 more digits).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

# Dashes people type between groups (after NFKC: hyphen-minus, the Unicode dashes, minus sign).
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_SEPARATORS = re.compile(f"[\\s{re.escape(_DASHES)}().]+")
_DROPPED = str.maketrans("", "", _DASHES)
# An extension written with a word: 转801, 分机801, ext.801.
_EXTENSION_WORD = re.compile(r"(?:转|分机|ext\.?)\s*(\d{1,6})$", re.IGNORECASE)
_ID_TAIL = re.compile(r"\d{3}[\dX]|\d{5}[\dX]")
_MOBILE_SECOND = frozenset("3456789")

PhoneKind = Literal["mobile", "landline"]
PHONE_HINT = (
    "应为11位手机号码，或带区号的固定电话（如0531-88123456，分机写在最后：0531-88123456-801）"
)


class PhoneError(ValueError):
    """A telephone number that cannot be read; the message (Chinese) names it and says why."""


@dataclass(frozen=True)
class Phone:
    """A checked telephone number in its canonical form."""

    value: str  # "13812345678" | "0531-88123456" | "0531-88123456-801"
    kind: PhoneKind


def fold_number(text: str) -> str:
    """``text`` as a number is compared: NFKC, no white space or dashes, no leading
    apostrophe, upper case ("１１０１０５ 19491231-002x" -> "11010519491231002X")."""
    folded = "".join(unicodedata.normalize("NFKC", text).split()).translate(_DROPPED)
    return folded.lstrip("'").upper()


def id_tail(text: str) -> str | None:
    """The last 4 or 6 characters of an identity number as typed ("457x" -> "457X"), or
    ``None`` when ``text`` is not one (a name, a whole number, 5 digits)."""
    folded = fold_number(text)
    return folded if _ID_TAIL.fullmatch(folded) else None


def normalize_phone(text: str) -> str:
    """The canonical form of a valid telephone number; "" for a blank one. Raises
    ``PhoneError``."""
    if _is_mobile(text) and text.isascii() and text.isdigit():
        return text  # the common case, as an import reads it 100,000 times: already canonical
    return parse_phone(text).value if text.strip() else ""


def phone_as_stored(text: str) -> str:
    """The canonical form when ``text`` is a valid number, else ``text`` as it is (the check
    then names it): for comparing what a row says with what the archive holds."""
    try:
        return normalize_phone(text)
    except PhoneError:
        return text


def parse_phone(text: str) -> Phone:
    """A member's telephone number as typed -> ``Phone``; ``PhoneError`` says what is wrong."""
    shown = text.strip()
    typed = unicodedata.normalize("NFKC", shown).lstrip("'")
    extension = ""
    word = _EXTENSION_WORD.search(typed)
    if word is not None:
        extension, typed = word.group(1), typed[: word.start()]
    international = typed.lstrip().startswith("+")
    groups = [g for g in _SEPARATORS.split(typed.strip().lstrip("+")) if g]
    odd = [c for c in "".join(groups) if not (c.isascii() and c.isdigit())]
    if not groups or odd:
        what = f"含有“{odd[0]}”，" if odd else ""
        raise PhoneError(f"手机号码“{shown}”{what}{PHONE_HINT}")
    groups = _without_country_code(groups, international)
    digits = "".join(groups)
    if digits.startswith("1"):
        return _mobile(digits, extension, shown)
    if digits.startswith("0"):
        return _landline(groups, extension, shown)
    raise PhoneError(f"手机号码“{shown}”缺少区号：固定电话请写区号，{PHONE_HINT}")


def _without_country_code(groups: list[str], international: bool) -> list[str]:
    """Drop +86 / 0086 / 86 in front; a landline then gets its trunk prefix 0 back."""
    first, digits = groups[0], "".join(groups)
    if first.startswith("0086"):
        first = first[4:]
    elif first.startswith("86") and (international or _is_mobile(digits[2:])):
        first = first[2:]
    else:
        return groups
    rest = [g for g in (first, *groups[1:]) if g]
    if rest and not rest[0].startswith("0") and not _is_mobile("".join(rest)):
        rest[0] = "0" + rest[0]  # +86 531 88123456 is 0531-88123456
    return rest


def _is_mobile(digits: str) -> bool:
    return len(digits) == 11 and digits[0] == "1" and digits[1] in _MOBILE_SECOND


def _mobile(digits: str, extension: str, shown: str) -> Phone:
    if extension:
        raise PhoneError(f"手机号码“{shown}”：手机号码没有分机号，{PHONE_HINT}")
    if not _is_mobile(digits):
        raise PhoneError(f"手机号码“{shown}”{_count(len(digits))}，{PHONE_HINT}")
    return Phone(digits, "mobile")


def _landline(groups: list[str], extension: str, shown: str) -> Phone:
    """Area code (010 and 02x: 3 digits, the others 4), 7 or 8 digits, an optional extension:
    a last group of 1 to 6 digits that the number is complete without."""
    digits = "".join(groups)
    area_length = 3 if digits[1] in "12" else 4
    local = digits[area_length:]
    if not extension and len(local) not in (7, 8) and len(groups) > 1:
        last = groups[-1]
        if len(last) <= 6 and len(local) - len(last) in (7, 8):
            extension, local = last, local[: -len(last)]
    if len(local) not in (7, 8):
        area = digits[:area_length]
        raise PhoneError(
            f"手机号码“{shown}”的区号{area}后应有7至8位号码，实为{len(local)}位"
            "（固定电话如0531-88123456，分机写在最后：0531-88123456-801）"
        )
    value = f"{digits[:area_length]}-{local}" + (f"-{extension}" if extension else "")
    return Phone(value, "landline")


def _count(length: int) -> str:
    return f"为{length}位" if length != 11 else "不是有效的手机号码"


# A run that may be a telephone number inside free text: an optional "+" (country code),
# then digits (half or full width) with single spaces or dashes between them, 7 or more.
_PHONE_RUN = re.compile(
    r"(?<![0-9０-９+＋])(?:[+＋]\s?)?[0-9０-９](?:[ \-]?[0-9０-９]){6,}(?![0-9０-９])"
)


def normalise_phones_in(text: str) -> str:
    """``text`` with every run that ``parse_phone`` reads as a number written canonically
    ("手机 +86 139 1234 5678" -> "手机 13912345678"); other runs and words unchanged, so a
    number is stored and masked as the archive's phone field stores and masks it."""

    def canonical(match: re.Match[str]) -> str:
        try:
            return parse_phone(match.group(0)).value
        except PhoneError:
            return match.group(0)

    return _PHONE_RUN.sub(canonical, text)
