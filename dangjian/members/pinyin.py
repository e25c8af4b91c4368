"""Pinyin keys of a name, so "zs" or "zhangsan" finds 张三, and "zlw" or "zjw" finds 张靓雯.

A name is read character by character (pypinyin's heteronym readings, toneless), except the
surname: many surnames are read differently from the same character elsewhere (曾国藩 is zeng,
not ceng; 单田芳 is shan, not dan), so the surnames below are read as surnames. Reading by
character rather than by phrase also keeps a given name from being read as a word it happens
to spell, and costs a dictionary look-up per character, which matters when an import reads
100,000 names. pypinyin has no surname dictionary and none is published as a package, so the
table of surname readings is ours.

``pinyin_keys(name)``: the most common reading, stored on the member for sorting.
``name_search_keys(name)``: every common reading, full and initials, stored one per row in
``MemberNameKey`` and searched by prefix ranges (``core.ranges``).

Bound: a character contributes at most ``READINGS_PER_CHARACTER`` (3) readings, in pypinyin's
order (the commonest first), and a name at most ``READINGS_PER_NAME`` (8) full readings, the
commonest combinations first (the least total rank of the readings chosen); with their initials
that is at most 16 keys a name, whatever its length. A name of four polyphonic characters
would otherwise give 81 readings.
"""

from __future__ import annotations

import heapq
import string
from collections.abc import Iterator, Sequence
from functools import cache, lru_cache
from itertools import islice

from pypinyin import Style, pinyin

# Every pinyin key is over these letters (ü is written v), in sort order.
PINYIN_ALPHABET = string.ascii_lowercase
READINGS_PER_CHARACTER = 3
READINGS_PER_NAME = 8
FULL_KEY_LENGTH = 160  # Member.name_pinyin / MemberNameKey.key
INITIALS_LENGTH = 40  # Member.name_initials

Syllables = tuple[str, ...]  # one reading of a surname or a character: one syllable a character
Choices = tuple[Syllables, ...]  # the readings of one position, the commonest first

# Surnames read otherwise than the character's commonest reading (compound ones first). The
# first reading is the surname's; the others are readings the surname is also known by (乐:
# 乐毅 yue, 乐嘉 le; 覃: qin in Guangxi, tan elsewhere).
SURNAME_READINGS: dict[str, Choices] = {
    "尉迟": (("yu", "chi"),),
    "万俟": (("mo", "qi"),),
    "单于": (("chan", "yu"),),
    "澹台": (("tan", "tai"),),
    "单": (("shan",),),
    "曾": (("zeng",),),
    "解": (("xie",), ("jie",)),
    "仇": (("qiu",),),
    "区": (("ou",),),
    "查": (("zha",), ("cha",)),
    "朴": (("piao",), ("pu",)),
    "盖": (("ge",), ("gai",)),
    "覃": (("qin",), ("tan",)),
    "乐": (("yue",), ("le",)),
    "缪": (("miao",), ("mou",)),
    "翟": (("zhai",), ("di",)),
    "种": (("chong",),),
    "重": (("chong",),),
    "秘": (("bi",), ("mi",)),
    "折": (("she",),),
    "召": (("shao",),),
    "句": (("gou",),),
    "隗": (("wei",), ("kui",)),
    "阚": (("kan",),),
    "薄": (("bo",),),
    "卜": (("bu",),),
    "都": (("du",),),
    "粘": (("nian",),),
    "佴": (("nai",),),
    "员": (("yun",),),
    "繁": (("po",),),
    "蕃": (("pi",),),
    "祭": (("zhai",),),
}


@cache
def _readings(character: str) -> Choices:
    """The toneless readings of one character, the commonest first; () for a non-Chinese one."""
    found = pinyin(character, style=Style.NORMAL, heteronym=True, errors="ignore")
    syllables = dict.fromkeys(s.lower() for s in (found[0] if found else []) if s.isalpha())
    return tuple((s,) for s in list(syllables)[:READINGS_PER_CHARACTER])


def _positions(name: str, surname: str) -> list[Choices]:
    """The choices of each reading position: the surname (as one, from the table), then each
    Chinese character of the rest."""
    head = [SURNAME_READINGS[surname]] if surname else []
    rest = [_readings(c) for c in name[len(surname) :]]
    return head + [choices for choices in rest if choices]


def _surnames(name: str) -> list[str]:
    """How the name may begin with a surname of the table, the longest first; [""] for none.
    单于飞 may be 单于 + 飞 or 单 + 于飞: both are read."""
    found = [s for s in (name[:2], name[:1]) if s in SURNAME_READINGS]
    return found or [""]


def _combinations(positions: Sequence[Choices]) -> Iterator[Syllables]:
    """Readings of the whole name, the least total rank first (best-first over the grid of
    choices, so the first ``READINGS_PER_NAME`` are found without listing the rest)."""
    start = (0,) * len(positions)
    heap, seen = [(0, start)], {start}
    while heap:
        _rank, ranks = heapq.heappop(heap)
        yield tuple(s for choices, r in zip(positions, ranks, strict=True) for s in choices[r])
        for i, r in enumerate(ranks):
            if r + 1 < len(positions[i]):
                following = (*ranks[:i], r + 1, *ranks[i + 1 :])
                if following not in seen:
                    seen.add(following)
                    heapq.heappush(heap, (sum(following), following))


def name_readings(name: str) -> tuple[Syllables, ...]:
    """Up to ``READINGS_PER_NAME`` readings of ``name``, each one syllable a Chinese character,
    the commonest first (the first is ``pinyin_keys``'s)."""
    return _name_readings(name.strip())


@lru_cache(maxsize=65536)  # an import of 100,000 rows repeats many names: each is read once
def _name_readings(name: str) -> tuple[Syllables, ...]:
    readings: dict[Syllables, None] = {}
    for surname in _surnames(name):
        for reading in islice(_combinations(_positions(name, surname)), READINGS_PER_NAME):
            readings.setdefault(reading)
            if len(readings) == READINGS_PER_NAME:
                return tuple(readings)
    return tuple(readings)


def name_syllables(name: str) -> list[str]:
    """One syllable per Chinese character of ``name`` in its commonest reading; other
    characters are left out."""
    readings = name_readings(name)
    return list(readings[0]) if readings else []


def _keys(syllables: Syllables) -> tuple[str, str]:
    return "".join(syllables)[:FULL_KEY_LENGTH], "".join(s[0] for s in syllables)[:INITIALS_LENGTH]


def pinyin_keys(name: str) -> tuple[str, str]:
    """The full pinyin and the initials of ``name``'s commonest reading ("zhangsan", "zs"), as
    stored on the member for sorting."""
    return _keys(tuple(name_syllables(name)))


def name_search_keys(name: str) -> list[str]:
    """Every key ``name`` is found by: each reading's full pinyin and its initials, without
    repeats (张靓雯: zhangjingwen, zjw, zhangliangwen, zlw). At most 2 * READINGS_PER_NAME."""
    keys: dict[str, None] = {}
    for reading in name_readings(name):
        for key in _keys(reading):
            if key:
                keys.setdefault(key)
    return list(keys)
