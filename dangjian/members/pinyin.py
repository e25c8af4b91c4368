"""Pinyin keys of a name, so "zs" or "zhangsan" finds 张三."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def pinyin_keys(name: str) -> tuple[str, str]:
    syllables = [s.lower() for s in lazy_pinyin(name, style=Style.NORMAL, errors="ignore")]
    full = "".join(syllables)
    initials = "".join(s[0] for s in syllables if s)
    return full[:160], initials[:40]
