"""Chinese numerals as they appear in article, chapter and part labels (第一百零三条), and
amounts of money as members write them in questions (8,500元, 1.2万, 八千五)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4}
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


# --- amounts of money as members write them ------------------------------------------------------

# Capital numerals (大写) of receipts and pay slips, read as the ordinary ones.
_CAPITALS = str.maketrans(
    "壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬圆圓", "一二二三三四五六六七八九十百千万元元"
)
_SMALL_UNITS = {"十": Decimal(10), "百": Decimal(100), "千": Decimal(1000)}
_MYRIAD = Decimal(10000)
_ARABIC = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_TOKEN = re.compile(r"(\d+(?:\.\d+)?)|([零〇一二两三四五六七八九])|([十百千万])")
_CURRENCY = re.compile(r"(?:元|块钱|块|圆)整?$")
_FRACTION = re.compile(r"^(.*?)点([零〇一二三四五六七八九\d]+)(万|千)?$")
_FEN = Decimal("0.01")
# No monthly income comes near it; far below where Decimal's 28 digits would overflow.
_TOO_LARGE = Decimal(10) ** 12


def parse_amount(written: str) -> Decimal:
    """An amount of yuan as a member writes it, exactly, or ``ValueError`` in Chinese.

    Reads 8,500元 / 8500.00 / ８５００元 / 1.2万 / 8千5 / 八千五百元 / 八千五 (colloquial: the last
    digit counts in the next lower unit) / 一万二 / 三点五万 / 八五〇〇 / 捌仟伍佰圆整 / 8.5k.
    Never guesses: a range, two numbers side by side, units out of order, more than two decimal
    places (分) or anything else it cannot read exactly is refused, so the caller asks again.
    """
    text = _normalize_amount(written)
    if not text:
        raise ValueError("没有金额")
    if _ARABIC.fullmatch(text):
        value = Decimal(text.replace(",", ""))
    elif (fraction := _FRACTION.match(text)) is not None:
        value = _with_fraction(fraction[1], fraction[2], fraction[3])
    else:
        value = _mixed_amount(text)
    if value >= _TOO_LARGE:
        raise ValueError(f"金额“{written}”过大")
    if value != value.quantize(_FEN):
        raise ValueError(f"金额“{written}”超过两位小数")
    return value.quantize(_FEN)


def _normalize_amount(written: str) -> str:
    # NFKC turns full-width digits, commas and points (８，５００．００) into ASCII ones.
    text = unicodedata.normalize("NFKC", written).translate(_CAPITALS).replace(" ", "")
    text = _CURRENCY.sub("", text)
    return re.sub(r"(?<=\d)[kK]$", "千", re.sub(r"(?<=\d)[wW]$", "万", text))


def _with_fraction(whole: str, digits: str, unit: str | None) -> Decimal:
    """三点五万, 八千五百点五: decimals after 点 are written digit by digit."""
    integer = _mixed_amount(whole) if whole else Decimal(0)
    fraction = Decimal("0." + "".join(str(_DIGITS.get(ch, ch)) for ch in digits))
    multiplier = {"万": _MYRIAD, "千": Decimal(1000), None: Decimal(1)}[unit]
    if unit is not None and integer >= 10:
        raise ValueError(f"无法识别的金额：“{whole}点{digits}{unit}”")
    return (integer + fraction) * multiplier


def _mixed_amount(text: str) -> Decimal:
    """Chinese and Arabic digits with 十/百/千/万: 八千五百, 1.2万, 两万三, 1万2000."""
    tokens = [(m[1], m[2], m[3]) for m in _TOKEN.finditer(text)]
    if "".join(a or d or u for a, d, u in tokens) != text:
        raise ValueError(f"无法识别的金额：“{text}”")
    if tokens and all(d and not a and not u for a, d, u in tokens):
        return Decimal("".join(str(_DIGITS[d]) for _, d, _ in tokens))  # 八五〇〇, positional
    return _Sections(text).read(tokens)


class _Sections:
    """Reads 万-sections left to right; each section holds descending 千/百/十 units."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.total = Decimal(0)  # whole 万s read so far
        self.section = Decimal(0)  # the part below 万
        self.digit: str | None = None  # the pending number, as written
        self.section_unit: Decimal | None = None  # smallest unit of the section so far
        self.last_unit: Decimal | None = None  # the unit just read, for 八千五
        self.zero = False  # a 零 since that unit: 八千零五 is 8005

    def fail(self) -> ValueError:
        return ValueError(f"无法识别的金额：“{self.text}”")

    def read(self, tokens: list[tuple[str, str, str]]) -> Decimal:
        for arabic, digit, unit in tokens:
            if self.digit is not None and not unit:
                raise self.fail()  # two numbers side by side: 五六千, 8千5零
            if unit:
                self.unit(unit)
            elif digit in ("零", "〇"):
                self.zero, self.last_unit = True, None
            else:
                self.digit = arabic or str(_DIGITS[digit])
        return self.total + self.section + self.trailing()

    def unit(self, unit: str) -> None:
        if unit == "万":
            value = _MYRIAD
            self.section += Decimal(0) if self.digit is None else self.take()
            if self.section == 0 or self.total:
                raise self.fail()  # 万 without a number, or a second 万
            self.total, self.section, self.section_unit = self.section * value, Decimal(0), None
        else:
            value = _SMALL_UNITS[unit]
            if self.section_unit is not None and value >= self.section_unit:
                raise self.fail()  # units out of order: 五百三千
            if self.digit is None and unit == "十" and not self.section:
                self.digit = "1"  # 十五 is 15
            self.section += self.take() * value
            self.section_unit = value
        self.last_unit, self.zero = value, False

    def take(self) -> Decimal:
        digit, self.digit = self.digit, None
        if digit is None:
            raise self.fail()
        return Decimal(digit)

    def trailing(self) -> Decimal:
        """The number after the last unit: 八千五 (500), 1万2000 (2000), 八千零五 (5)."""
        if self.digit is None:
            return Decimal(0)
        number = Decimal(self.digit)
        if self.last_unit is None:
            return number  # after 零, or no unit at all
        if len(self.digit) == 1:
            return number * self.last_unit / 10  # colloquial: 八千五 is 8500
        if "." not in self.digit and len(self.digit) == len(str(self.last_unit)) - 1:
            return number  # 1万2000, 8千500
        raise self.fail()


@dataclass(frozen=True)
class AmountReading:
    """An amount of money found in a question: its value, or why it could not be read."""

    text: str
    value: Decimal | None
    problem: str = ""


_SPAN = re.compile(
    r"(?:\d|[零〇一二两三四五六七八九十百千万])"
    r"(?:[\d零〇一二两三四五六七八九十百千万点]|[.,](?=\d)|(?<=\d)[kKwW](?![A-Za-z]))*"
)
_MONEY_BEFORE = re.compile(
    r"(?:工资|薪水|薪酬|月薪|年薪|薪金|收入|养老金|退休金|退休费|离休费|基数|月入|到手|税后|挣)"
    r"[^，。？！,?!；;]{0,4}$"
)
_MONEY_AFTER = re.compile(
    r"^(?:元|块|圆)|^的?(?:工资|薪|收入|养老金|退休金|退休费|基数)"
    r"|^[,，]?(?:每个?月|一个月)?(?:应|该|要)?(?:交|缴)纳?(?:多少|几)"
)
_NOT_MONEY_AFTER = re.compile(
    r"^(?:年|月|日|号|岁|周|条|款|项|名|个|人|次|%|天|小时|分钟|届|批|页|章|节)"
)
_VAGUE_AFTER = re.compile(r"^(?:多|余|来|出头|左右|上下|以上|以下|开外)|^(?:元|块)(?:多|左右|上下)")
_VAGUE_BEFORE = re.compile(r"(?:几|数|上|近|约|大概|大约|差不多)$")
# Dates are blanked out before amounts are looked for: 2024-09-20, 2024.9, 2024年9月20日.
_DATES = re.compile(
    r"(?:19|20)\d\d(?:-\d{1,2}-\d{1,2}|/\d{1,2}/\d{1,2}|\.\d{1,2}\.\d{1,2}|年\d{1,2}月(?:\d{1,2}[日号])?)"
    r"|\d{1,2}月\d{1,2}[日号]"
)
_RANGE_AFTER = re.compile(r"^(?:元|块)?(?:-|~|到|至)\s*[\d零〇一二两三四五六七八九十]")


def find_amounts(question: str) -> list[AmountReading]:
    """The amounts of money in a question, in order; Chinese numerals count only where they
    read as money (before 元/块 or after 工资, 养老金...), so 第一条 and 三会一课 are not amounts."""
    text = unicodedata.normalize("NFKC", question).translate(_CAPITALS)
    text = _DATES.sub(lambda m: " " * len(m[0]), text)
    readings = []
    for match in _SPAN.finditer(text):
        before, after = text[: match.start()], text[match.end() :]
        if not _looks_like_money(match[0], before, after):
            continue
        readings.append(_reading(match[0], before, after))
    return readings


def _looks_like_money(span: str, before: str, after: str) -> bool:
    if _MONEY_AFTER.match(after) or _MONEY_BEFORE.search(before):
        return True
    arabic = span[0].isdigit()
    return arabic and not before.endswith("第") and not _NOT_MONEY_AFTER.match(after)


def _reading(span: str, before: str, after: str) -> AmountReading:
    if _VAGUE_AFTER.match(after) or _VAGUE_BEFORE.search(before):
        return AmountReading(span, None, f"“{span}”是个大约的数")
    if _RANGE_AFTER.match(after):
        return AmountReading(span, None, f"“{span}”是一个范围的一端")
    try:
        return AmountReading(span, parse_amount(span))
    except ValueError as exc:
        return AmountReading(span, None, str(exc))
