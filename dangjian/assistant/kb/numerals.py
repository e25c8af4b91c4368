"""Chinese numerals as they appear in article, chapter and part labels (第一百零三条)."""

from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NAMES = "零一二三四五六七八九"


def chinese_numeral_to_int(numeral: str) -> int:
    """Parse 十, 二十, 一百, 一百零三, 一百五十四 (and ASCII digits) to an int."""
    text = numeral.strip()
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _DIGITS and ch not in _UNITS and ch != "万" for ch in text):
        raise ValueError(f"无法识别的中文数字：“{numeral}”")
    if not any(ch in _UNITS or ch == "万" for ch in text):
        # Positional form such as 一〇三, used in some year-like numbering.
        return int("".join(str(_DIGITS[ch]) for ch in text))
    return _parse_with_units(text)


def _parse_with_units(text: str) -> int:
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch == "万":
            total += (section + digit) * 10000
            section, digit = 0, 0
        else:
            # A bare unit means one of it: 十 is 10, 十五 is 15.
            section += (digit or 1) * _UNITS[ch]
            digit = 0
    return total + section + digit


def int_to_chinese_numeral(value: int) -> str:
    """Render 1..9999 the way regulations number their articles (一百零三, 十五)."""
    if not 0 < value < 10000:
        raise ValueError(f"条款序号超出范围：{value}")
    parts: list[str] = []
    pending_zero = False
    for unit_value, unit_name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = value // unit_value % 10
        if digit == 0:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        # 十五, not 一十五, when ten is the leading unit.
        name = "" if (unit_value == 10 and digit == 1 and not parts) else _NAMES[digit]
        parts.append(name + unit_name)
    return "".join(parts)
