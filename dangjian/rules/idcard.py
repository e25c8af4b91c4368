"""Citizen identity numbers (ID-1, GB 11643-1999).

An 18-character number: a 6-digit region code, the birth date as YYYYMMDD, a 3-digit sequence
code whose last digit is odd for men and even for women, and a check character computed from
the first 17 digits. A number that fails is rejected with the reason, in Chinese, so that the
person fixing a spreadsheet knows what to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from operator import mul
from typing import Literal

from dangjian.rules.citations import cite
from dangjian.rules.dates import format_cn_date
from dangjian.rules.numbers import fold_number

Gender = Literal["M", "F"]

ID_LENGTH = 18
EARLIEST_BIRTH = date(1900, 1, 1)
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARACTERS = "10X98765432"
_ZERO_CODE_TOTAL = ord("0") * sum(_WEIGHTS)
_GENDER_LABELS: dict[Gender, str] = {"M": "男", "F": "女"}
_GENDER_CODES: dict[str, Gender] = {"M": "M", "F": "F", "男": "M", "女": "F"}
_CITE = cite("ID-1", "GB 11643-1999")

EXCEL_MESSAGE = "身份证号被Excel转成了数字，末几位已丢失，请将该列设为文本后重新填写"
# Excel shows long numbers in scientific notation (1.10101199003074E+17) or with a decimal
# point once a cell has held a number; either way only 15 significant digits survive.
_EXCEL_NUMBER = re.compile(r"\d+(\.\d*)?E\+?\d+|\d+\.\d*")


class IdNumberError(ValueError):
    """An identity number that cannot be accepted; the message names the reason in Chinese."""


@dataclass(frozen=True)
class IdNumber:
    """A checked 18-character identity number and the facts it encodes (ID-1)."""

    value: str
    birth_date: date
    gender: Gender
    region: str

    @property
    def masked(self) -> str:
        """The number as shown on screen and in exports: "110101********4573"."""
        return mask_id_number(self.value)


def check_character(first17: str) -> str:
    """ID-1: the check character (0-9 or X) for the first 17 digits of a number."""
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise IdNumberError(f"计算校验码需要17位数字，实为“{first17}”")
    # Weighted sum of the digits, from their ASCII codes: sum((code - 48) * weight).
    total = sum(map(mul, first17.encode("ascii"), _WEIGHTS)) - _ZERO_CODE_TOTAL
    return _CHECK_CHARACTERS[total % 11]


def parse_id_number(raw: str | int | float, *, today: date | None = None) -> IdNumber:
    """ID-1: check ``raw`` and return the number with the birth date, gender and region it encodes.

    Spaces and dashes are removed, full-width characters folded and a lowercase x read as X
    (``normalize_id_number``). Only the 18-character form is accepted. With ``today``, a birth date after it is rejected too.
    Raises ``IdNumberError`` with the reason.
    """
    if isinstance(raw, float):
        raise IdNumberError(EXCEL_MESSAGE)
    value = normalize_id_number(str(raw))
    if not value:
        raise IdNumberError("身份证号为空")
    if not _well_formed(value):
        if _EXCEL_NUMBER.fullmatch(value):
            raise IdNumberError(EXCEL_MESSAGE)
        _check_shape(value)
    birth = _birth_date(value, today)
    _check_check_character(value)
    gender: Gender = "M" if int(value[16]) % 2 == 1 else "F"
    return IdNumber(value=value, birth_date=birth, gender=gender, region=value[:6])


def normalize_id_number(raw: str) -> str:
    """An identity number as typed, in the form it is stored, hashed and compared: full-width
    digits folded, spaces and dashes dropped, x upper-cased ("１１０１０５-19491231-002x" ->
    "11010519491231002X"). Not checked: ``parse_id_number`` does that."""
    return fold_number(raw)


def looks_like_id_number(text: str) -> str | None:
    """``text`` folded, when it has the shape of a whole identity number (17 digits and a
    digit or X), else ``None``: what a search box reads as a number rather than a name."""
    value = normalize_id_number(text)
    return value if _well_formed(value) else None


def _well_formed(value: str) -> bool:
    """17 ASCII digits and a digit or X: the common case, checked without a loop."""
    return (
        len(value) == ID_LENGTH
        and value.isascii()
        and value[:17].isdigit()
        and (value[17].isdigit() or value[17] == "X")
    )


def _check_shape(value: str) -> None:
    """Why a value that is not ``_well_formed`` is rejected."""
    if len(value) != ID_LENGTH:
        hint = "（15位为第一代身份证号，请填写18位号码）" if len(value) == 15 else ""
        raise IdNumberError(f"身份证号应为18位，实为{len(value)}位{hint}")
    bad = [c for i, c in enumerate(value) if not _allowed_at(c, i)]
    if bad:
        shown = "、".join(f"“{c}”" for c in dict.fromkeys(bad))
        raise IdNumberError(f"身份证号含非法字符{shown}：前17位应为数字，末位应为数字或X")


def _allowed_at(character: str, position: int) -> bool:
    if character.isascii() and character.isdigit():
        return True
    return character == "X" and position == ID_LENGTH - 1


def _birth_date(value: str, today: date | None) -> date:
    digits = value[6:14]
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise IdNumberError(f"身份证号第7至14位的出生日期“{digits}”不是有效日期") from None
    if birth < EARLIEST_BIRTH:
        raise IdNumberError(f"身份证号中的出生日期{format_cn_date(birth)}早于1900年，请核对")
    if today is not None and birth > today:
        raise IdNumberError(f"身份证号中的出生日期{format_cn_date(birth)}晚于今天，请核对")
    return birth


def _check_check_character(value: str) -> None:
    expected = check_character(value[:17])
    if value[17] == expected:
        return
    if value.endswith("000"):
        # A 15-significant-digit number padded with zeros: what Excel leaves of an 18-digit one.
        raise IdNumberError(EXCEL_MESSAGE)
    raise IdNumberError(f"身份证号校验码应为{expected}，实为{value[17]}，请核对号码{_CITE}")


def gender_code(text: str) -> Gender | None:
    """Read a gender as entered ("M"/"F" or "男"/"女"); ``None`` when it is neither."""
    return _GENDER_CODES.get(text.strip().upper())


def check_against(idn: IdNumber, birth_date: date | None, gender: str | None) -> list[str]:
    """ID-1: Chinese messages for a separately entered birth date or gender that disagrees.

    ``gender`` is "M" or "F" (also accepted: "男", "女"); ``None`` or blank values are not checked.
    """
    problems: list[str] = []
    if birth_date is not None and birth_date != idn.birth_date:
        problems.append(
            f"出生日期与身份证号不一致：填写为{format_cn_date(birth_date)}，"
            f"身份证号中为{format_cn_date(idn.birth_date)}{_CITE}"
        )
    if gender is not None and gender.strip():
        problems.extend(_gender_problems(idn, gender))
    return problems


def _gender_problems(idn: IdNumber, gender: str) -> list[str]:
    code = gender_code(gender)
    if code is None:
        return [f"无法识别的性别“{gender}”，应填写男或女"]
    if code == idn.gender:
        return []
    return [
        f"性别与身份证号不一致：填写为{_GENDER_LABELS[code]}，"
        f"身份证号第17位表明为{_GENDER_LABELS[idn.gender]}{_CITE}"
    ]


def mask_id_number(value: str) -> str:
    """Show the first 6 and last 4 characters only: "110101********4573"."""
    value = value.strip()
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """Show the first 3 and last 4 digits only: "138****5678"."""
    value = value.strip()
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


# A phone number inside free text: 7 or more digits, possibly split by spaces or hyphens
# ("138 1234 5678", "0755-12345678"); shorter runs (dates, house numbers) stay as written.
_PHONE_IN_TEXT = re.compile(r"(?<![0-9])[0-9](?:[ -]?[0-9]){6,}(?![0-9])")


def mask_phones_in(text: str) -> str:
    """``text`` with every phone-like run of digits masked as ``mask_phone`` masks a number
    ("微信同号13812345678" -> "微信同号138****5678"); the words around it unchanged."""
    return _PHONE_IN_TEXT.sub(lambda m: mask_phone(re.sub(r"[ -]", "", m.group(0))), text)


def make_id_number(region: str, birth: date, seq: int, gender: str) -> str:
    """Build a valid number, for demo data.

    ``seq`` (0 to 498) numbers the people of one gender born on ``birth`` in ``region``; the
    sequence code is ``2*seq+1`` for men and ``2*seq+2`` for women, so it has the right parity
    (ID-1) and is never 000.
    """
    code = gender_code(gender)
    if code is None:
        raise ValueError(f"无法识别的性别“{gender}”，应为M或F")
    if len(region) != 6 or not (region.isascii() and region.isdigit()):
        raise ValueError(f"地区码应为6位数字，实为“{region}”")
    if not 0 <= seq <= 498:
        raise ValueError(f"顺序号应在0至498之间，实为{seq}")
    sequence = 2 * seq + (1 if code == "M" else 2)
    first17 = f"{region}{birth.year:04d}{birth.month:02d}{birth.day:02d}{sequence:03d}"
    return first17 + check_character(first17)
