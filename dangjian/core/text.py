"""One normaliser for every text that comes in: forms, the API and spreadsheet cells alike.

``clean_text(value, kind)``: Unicode NFC, trimmed, NUL and other control characters refused;
in names and codes also the bidirectional controls (U+202A..U+202E, U+2066..U+2069, the
marks U+200E/U+200F/U+061C) that make "abc\u202egpj.exe" read as "abcexe.jpg". Names and codes
also refuse the invisible characters a copy from a chat or a web page carries along (zero-width
space, joiners, word joiner, byte-order mark, soft hyphen, line and paragraph separators): a
name holding one looks like another name but is not equal to it, so it would not be found,
would not match its payroll row and would pass as a different person. They are refused rather
than removed, as the direction controls are: an archive's name is stored as the person typed
it or not at all, and the message says where the character is. Multi-line
texts keep their line breaks and tabs; a published one (a notice's body) refuses the direction
controls too. Errors are ``TextError`` with a Chinese reason that the
door prefixes with the field's label (or sheet, row and column).

``TEXT_PATTERN`` / ``NAME_PATTERN`` state the same rule as a regular expression for the API
schema (JSON Schema and Python ``re`` both read it), so a client sees what is accepted.
"""

from __future__ import annotations

import unicodedata
from enum import Enum

# C0 and C1 control characters (Unicode category Cc) and the bidirectional controls.
_CONTROLS = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f"
_BIDI = "\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069"
# Invisible characters refused in names and codes.
_INVISIBLE = "\\xad\\u200b-\\u200d\\u2028\\u2029\\u2060\\ufeff"
# Spaces as JSON Schema's ``\s`` and Python's ``str.strip`` both understand them (spelled out, so
# the two regular-expression engines agree); line breaks and tabs are controls here.
_SPACES = " \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_LINE = f"{_CONTROLS}\\t\\n\\r"


def _pattern(refused: str, *, required: bool) -> str:
    if not required:
        return f"^[^{refused}]*$"
    return f"^[^{refused}]*[^{refused}{_SPACES}][^{refused}]*$"


# One line of ordinary text (a tab, CR or LF is refused too), may be empty / must say something.
TEXT_PATTERN = _pattern(_LINE, required=False)
REQUIRED_TEXT_PATTERN = _pattern(_LINE, required=True)
# A name or code: no direction controls either; at least one visible character / may be empty.
NAME_PATTERN = _pattern(_LINE + _BIDI + _INVISIBLE, required=True)
OPTIONAL_NAME_PATTERN = _pattern(_LINE + _BIDI + _INVISIBLE, required=False)

_BIDI_CHARS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAKS = frozenset("\t\n\r")
_INVISIBLE_CHARS = {
    "\xad": "软连字符",
    "\u200b": "零宽空格",
    "\u200c": "零宽非连接符",
    "\u200d": "零宽连接符",
    "\u2028": "行分隔符",
    "\u2029": "段分隔符",
    "\u2060": "零宽不换行符",
    "\ufeff": "零宽不换行空格（BOM）",
}
_NAME_REFUSED = _BIDI_CHARS | frozenset(_INVISIBLE_CHARS)
_STRIPPED = " \t\n\r\xa0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff" + "".join(
    chr(c) for c in range(0x2000, 0x200B)
)


class TextKind(Enum):
    """How strict the normaliser is: names and codes refuse direction controls and invisible
    characters too."""

    NAME = "name"  # 姓名、名称、组织代码、收据号……: one line, no direction controls, no invisibles
    TEXT = "text"  # one line of free text (地址、原因……)
    MULTILINE = "multiline"  # free text that may hold line breaks and tabs (说明、备注)
    # Free text with line breaks that many people read (a notice's body): no direction controls,
    # which would make one line read as another on every reader's screen.
    PUBLISHED = "published"


# What each kind refuses beyond the control characters every kind refuses.
_REFUSED_IN = {TextKind.NAME: _NAME_REFUSED, TextKind.PUBLISHED: _BIDI_CHARS}


class TextError(ValueError):
    """The text cannot be accepted; the message (Chinese) says why, without the field's name."""


def clean_text(value: str, kind: TextKind = TextKind.TEXT) -> str:
    """``value`` in NFC, trimmed; raises ``TextError`` for control characters, and in names
    and codes for direction controls and invisible characters."""
    text = unicodedata.normalize("NFC", value)
    for position, char in enumerate(text):
        if char in _LINE_BREAKS:
            if kind not in (TextKind.MULTILINE, TextKind.PUBLISHED):
                raise TextError("不能包含换行符或制表符")
        elif unicodedata.category(char) == "Cc":
            raise TextError(f"不能包含控制字符（{_codepoint(char)}）")
        elif char in _REFUSED_IN.get(kind, frozenset()):
            _refuse_in_name(position, char)
    return text.strip(_STRIPPED)


def _refuse_in_name(position: int, char: str) -> None:
    if char in _BIDI_CHARS:
        raise TextError(f"不能包含改变文字方向的控制字符（{_codepoint(char)}）")
    if char in _INVISIBLE_CHARS:
        where = f"第{position}个字符之后" if position else "开头"
        raise TextError(
            f"含有看不见的字符（{_INVISIBLE_CHARS[char]}，{_codepoint(char)}，在{where}），"
            "多为复制粘贴带入，请删除后重新输入"
        )


def _codepoint(char: str) -> str:
    return "空字符" if char == "\x00" else f"U+{ord(char):04X}"


def kind_for_field(name: str, *, multiline: bool = False) -> TextKind:
    """The kind of a form or payload field by its name: names, codes and numbers are strict."""
    if multiline:
        return TextKind.MULTILINE
    strict = name in {"name", "code"} or name.endswith(("_name", "_code", "_no", "_number"))
    return TextKind.NAME if strict else TextKind.TEXT
