"""Pinyin keys of a name, so "zs" or "zhangsan" finds 张三.

A name is read character by character, each in its most common reading, except the surname:
many surnames are read differently from the same character elsewhere (曾国藩 is zeng, not ceng;
单田芳 is shan, not dan), so the surnames below are read as surnames. Reading by character
rather than by phrase also keeps a given name from being read as a word it happens to spell,
and costs a dictionary look-up per character, which matters when an import reads 100,000 names.
"""

from __future__ import annotations

import string
from functools import cache

from pypinyin import Style, lazy_pinyin

# Every pinyin key is over these letters (ü is written v), in sort order.
PINYIN_ALPHABET = string.ascii_lowercase

# Surnames whose reading differs from the character's most common one (compound ones first).
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "尉迟": ("yu", "chi"),
    "万俟": ("mo", "qi"),
    "单于": ("chan", "yu"),
    "澹台": ("tan", "tai"),
    "单": ("shan",),
    "曾": ("zeng",),
    "解": ("xie",),
    "仇": ("qiu",),
    "区": ("ou",),
    "查": ("zha",),
    "朴": ("piao",),
    "盖": ("ge",),
    "覃": ("qin",),
    "乐": ("yue",),
    "缪": ("miao",),
    "翟": ("zhai",),
    "种": ("chong",),
    "重": ("chong",),
    "秘": ("bi",),
    "折": ("she",),
    "召": ("shao",),
    "句": ("gou",),
    "隗": ("wei",),
    "阚": ("kan",),
    "薄": ("bo",),
    "卜": ("bu",),
    "都": ("du",),
    "粘": ("nian",),
    "佴": ("nai",),
    "员": ("yun",),
    "繁": ("po",),
    "蕃": ("pi",),
    "祭": ("zhai",),
}


@cache
def _reading(character: str) -> str:
    """The most common reading of one character, or "" for anything that is not Chinese."""
    syllables = lazy_pinyin(character, style=Style.NORMAL, errors="ignore")
    return syllables[0].lower() if syllables else ""


def name_syllables(name: str) -> list[str]:
    """One syllable per Chinese character of ``name``; other characters are left out."""
    name = name.strip()
    for surname in (name[:2], name[:1]):
        if surname in SURNAME_READINGS:
            rest = name[len(surname) :]
            return [*SURNAME_READINGS[surname], *filter(None, map(_reading, rest))]
    return list(filter(None, map(_reading, name)))


def pinyin_keys(name: str) -> tuple[str, str]:
    """The full pinyin and the initials of ``name`` ("zhangsan", "zs"), as stored for search."""
    syllables = name_syllables(name)
    return "".join(syllables)[:160], "".join(s[0] for s in syllables)[:40]
