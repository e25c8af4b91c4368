"""One form of Chinese text for search, applied to questions and indexed text alike.

Full-width letters and digits become ASCII (NFKC: ８５００ -> 8500, 第１２条 -> 第12条),
traditional characters become simplified ones (OpenCC's t2s tables, shipped inside the ``opencc``
wheel, so nothing is fetched at run time), and an article number written in digits becomes the
numeral the regulations print (第12条 -> 第十二条).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from typing import Any

from dangjian.assistant.kb.numerals import int_to_chinese_numeral

_ARTICLE_DIGITS = re.compile(r"第(\d{1,4})条")
_lock = threading.Lock()
_converter: Any = None


def normalize_text(text: str) -> str:
    """NFKC, then traditional -> simplified, then 第12条 -> 第十二条. Same length or shorter
    is not promised: use it for matching, never to cut spans out of the original."""
    simplified = to_simplified(unicodedata.normalize("NFKC", text))
    return _ARTICLE_DIGITS.sub(_article_numeral, simplified)


def to_simplified(text: str) -> str:
    """Traditional (and variant) characters to simplified: 預備黨員 -> 预备党员."""
    return str(_opencc().convert(text)) if text else text


def _article_numeral(match: re.Match[str]) -> str:
    number = int(match[1])
    return f"第{int_to_chinese_numeral(number)}条" if 0 < number < 10000 else match[0]


def _opencc() -> Any:
    """One converter per process; loading its tables takes a few milliseconds."""
    global _converter
    if _converter is None:
        with _lock:
            if _converter is None:
                import opencc

                _converter = opencc.OpenCC("t2s")
    return _converter
