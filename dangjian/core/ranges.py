"""Prefix searches as index ranges: ``field >= prefix AND field < end``.

``LIKE 'prefix%'`` uses an ordinary index on neither database: SQLite's LIKE is case-insensitive
and Django adds an ESCAPE clause, and PostgreSQL needs the C collation or a second
``varchar_pattern_ops`` index. A range uses the ordinary index everywhere, provided the end bound
is right under the database's collation. ``"~"`` is not: ICU and the glibc locales (a zh_CN or
en_US database) ignore punctuation at the first level, so "0001001T5" sorts after "0001001T~".
The end here is built from the values' own alphabet, which every collation orders as the
alphabet does.
"""

from __future__ import annotations

from django.db.models import Q


def prefix_end(prefix: str, alphabet: str) -> str | None:
    """The least string that sorts after every string over ``alphabet`` starting with ``prefix``:
    its last character raised by one in the alphabet, carrying ("0001001T" -> "0001001U",
    "000Z" -> "001"); None when nothing sorts after it. ``alphabet`` is in sort order."""
    kept = prefix
    while kept:
        following = alphabet.index(kept[-1]) + 1  # ValueError: not a string over the alphabet
        if following < len(alphabet):
            return kept[:-1] + alphabet[following]
        kept = kept[:-1]
    return None


def prefix_range(field: str, prefix: str, alphabet: str) -> Q:
    """Rows whose ``field`` starts with ``prefix``; every value of ``field`` is over
    ``alphabet``."""
    end = prefix_end(prefix, alphabet)
    starts = Q(**{f"{field}__gte": prefix})
    return starts & Q(**{f"{field}__lt": end}) if end is not None else starts
