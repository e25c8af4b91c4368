"""Which column of a roster holds which field of the archive, as the person importing decided.

A roster from an office has its own header names, a title row or two above them, and leaves
out columns the archive requires. ``ColumnMapping`` says, by header text, which field each
column fills ("" = not imported), which value a required field without a column takes for the
whole file, and what an ambiguous value ("大学") means in this file. ``suggest_mapping``
proposes one from ``synonyms`` (and a mapping saved earlier); ``inspect_file`` tells the mapping
screen what to ask. Pure apart from the cells it is given: no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dangjian.members.excel.cells import is_blank, read_text
from dangjian.members.excel.columns import (
    EXPORT_EXTRA_HEADERS,
    HEADER_ALIASES,
    MEMBER_COLUMNS,
    Column,
    normalize,
)
from dangjian.members.excel.synonyms import AMBIGUOUS_VALUES, HEADER_SYNONYMS

COLUMNS_BY_FIELD: dict[str, Column] = {c.field: c for c in MEMBER_COLUMNS}
# Required fields the ID number already holds: without a column they are read from it (ID-1).
FROM_ID_NUMBER = frozenset({"birth_date", "gender"})
# Required fields that need a column of their own: one value for a whole file makes no sense.
PER_ROW = frozenset({"name", "id_number", "joined_on"})
HEADER_SEARCH_ROWS = 20  # title rows, merged or not, above the header
_MIN_KNOWN_HEADERS = 2
_NOTES = re.compile(r"[（(][^）)]*[）)]")

_SYNONYM_FIELD: dict[str, str] = {
    normalize(text): name for name, texts in HEADER_SYNONYMS.items() for text in texts
}
# Headers of the template, the old aliases and the roster export: such a file needs no mapping.
_TEMPLATE_HEADERS = (
    frozenset(normalize(c.header) for c in MEMBER_COLUMNS)
    | frozenset(HEADER_ALIASES)
    | frozenset(EXPORT_EXTRA_HEADERS)
)


def header_key(value: Any) -> str:
    """A header as compared: full-width folded, no spaces, no "*" or "(必填)" marks."""
    return normalize(read_text(value)).replace("*", "").replace("(必填)", "")


def suggest_field(key: str) -> str | None:
    """The field a header most likely means, from the synonyms; None when unknown.

    A note in brackets ("入党时间（年月日）") is ignored when the header alone is not known.
    """
    found = _SYNONYM_FIELD.get(key)
    if found is None:
        found = _SYNONYM_FIELD.get(_NOTES.sub("", key))
    return found


@dataclass(frozen=True)
class ColumnMapping:
    """The decisions for one file (or saved for an organisation's next file).

    ``headers``: header key -> field ("" = not imported). ``fixed``: field -> the value (a
    choice label or code, an organisation's code) for every row. ``meanings``: field ->
    normalised written value -> choice code.
    """

    headers: dict[str, str] = field(default_factory=dict)
    fixed: dict[str, str] = field(default_factory=dict)
    meanings: dict[str, dict[str, str]] = field(default_factory=dict)

    def field_of(self, key: str) -> str | None:
        """The field for a header key: decided, else suggested; "" when not imported."""
        if key in self.headers:
            return self.headers[key]
        return suggest_field(key)

    def merged_over(self, saved: ColumnMapping | None) -> ColumnMapping:
        """This mapping, with what was saved earlier filling what it does not say."""
        if saved is None:
            return self
        meanings = {f: {**saved.meanings.get(f, {}), **m} for f, m in self.meanings.items()}
        return ColumnMapping(
            {**saved.headers, **self.headers},
            {**saved.fixed, **self.fixed},
            {**saved.meanings, **meanings},
        )

    def as_json(self) -> dict[str, Any]:
        return {"headers": self.headers, "fixed": self.fixed, "meanings": self.meanings}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ColumnMapping:
        return cls(
            dict(data.get("headers") or {}),
            dict(data.get("fixed") or {}),
            {k: dict(v) for k, v in (data.get("meanings") or {}).items()},
        )


Rows = list[tuple[int, list[Any]]]


def find_header_row(rows: Rows, mapping: ColumnMapping) -> int | None:
    """Position (in ``rows``) of the first row naming enough known fields: the header.

    Merged title rows above it hold one text each and never qualify.
    """
    for position, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        known = {mapping.field_of(header_key(v)) for v in cells if not is_blank(v)}
        known.discard(None)
        known.discard("")
        if len(known) >= _MIN_KNOWN_HEADERS:
            return position
    return None


@dataclass(frozen=True)
class Ambiguity:
    """A written value of a field that may mean several choices, and how often it occurs."""

    field: str
    text: str  # normalised, as in ``ColumnMapping.meanings``
    codes: tuple[str, ...]
    count: int
    header: str = ""  # the file's own header of that column


@dataclass
class FileShape:
    """What the mapping screen shows for one file: its headers and what is left to decide."""

    headers: list[str] = field(default_factory=list)  # header keys, in file order, distinct
    mapping: ColumnMapping = field(default_factory=ColumnMapping)
    missing: list[str] = field(default_factory=list)  # required fields without a column
    ambiguities: list[Ambiguity] = field(default_factory=list)
    template_shaped: bool = True  # headers the template's own (or the old aliases)

    @property
    def ready(self) -> bool:
        """Nothing to ask: a template-shaped file with every required column, no doubts."""
        return self.template_shaped and not self.missing and not self.ambiguities


def inspect_file(sheets: Iterable[Rows], saved: ColumnMapping | None) -> FileShape:
    """The headers of every sheet, the suggested mapping, and what needs a decision."""
    shape = FileShape()
    base = ColumnMapping().merged_over(saved)
    values: dict[str, dict[str, int]] = {}
    for rows in sheets:
        at = find_header_row(rows, base) if rows else None
        if at is None:
            continue
        fields_at = _sheet_headers(shape, rows[at][1], base)
        _collect_values(rows[at + 1 :], fields_at, values)
    chosen = {k: base.field_of(k) or "" for k in shape.headers}
    shape.mapping = ColumnMapping(chosen, dict(base.fixed), dict(base.meanings))
    shape.missing = missing_fields(set(chosen.values()))
    shape.ambiguities = _ambiguities(values, chosen)
    return shape


def _sheet_headers(shape: FileShape, cells: list[Any], mapping: ColumnMapping) -> dict[int, str]:
    fields_at: dict[int, str] = {}
    for index, value in enumerate(cells):
        if is_blank(value):
            continue
        key = header_key(value)
        if key not in shape.headers:
            shape.headers.append(key)
        shape.template_shaped &= key in _TEMPLATE_HEADERS
        name = mapping.field_of(key)
        if name:
            fields_at.setdefault(index, name)
    return fields_at


def _collect_values(
    rows: Rows, fields_at: dict[int, str], found: dict[str, dict[str, int]]
) -> None:
    wanted = {i: f for i, f in fields_at.items() if f in AMBIGUOUS_VALUES}
    for _number, cells in rows:
        for index, name in wanted.items():
            if index < len(cells) and not is_blank(cells[index]):
                text = normalize(read_text(cells[index]))
                if text in AMBIGUOUS_VALUES[name]:
                    counts = found.setdefault(name, {})
                    counts[text] = counts.get(text, 0) + 1


def _ambiguities(found: dict[str, dict[str, int]], chosen: dict[str, str]) -> list[Ambiguity]:
    header: dict[str, str] = {}
    for key, name in chosen.items():
        header.setdefault(name, key)
    return [
        Ambiguity(name, text, AMBIGUOUS_VALUES[name][text], count, header.get(name, ""))
        for name, counts in found.items()
        for text, count in counts.items()
    ]


def missing_fields(present: set[str]) -> list[str]:
    """Required fields no column fills (birth date and gender come from the ID number)."""
    derivable = FROM_ID_NUMBER if "id_number" in present else frozenset()
    return [
        c.field
        for c in MEMBER_COLUMNS
        if c.required and c.field not in present and c.field not in derivable
    ]
