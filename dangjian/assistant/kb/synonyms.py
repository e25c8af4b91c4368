"""Query expansion from the editable synonym list ``synonyms.txt`` beside this module.

Each line of the list is a group of words that mean the same to a member (信教 / 信仰宗教); a
question containing one of them is searched with the others too. The list is read once per
process; a deployment edits the file and restarts.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from dangjian.assistant.kb.normalize import normalize_text

SYNONYMS_FILE = Path(__file__).with_name("synonyms.txt")


def parse_synonyms(text: str) -> tuple[tuple[str, ...], ...]:
    """Groups of at least two words, one group a line; ``#`` starts a comment line."""
    groups = []
    for line in text.splitlines():
        words = tuple(dict.fromkeys(normalize_text(w) for w in line.split()))
        if line.lstrip().startswith("#") or len(words) < 2:
            continue
        groups.append(words)
    return tuple(groups)


@cache
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    return parse_synonyms(SYNONYMS_FILE.read_text(encoding="utf-8"))


def synonym_terms() -> frozenset[str]:
    """Every word of the list, so the tokenizer keeps each one whole."""
    return frozenset(word for group in synonym_groups() for word in group)


def expand_query(question: str, groups: tuple[tuple[str, ...], ...] | None = None) -> str:
    """The question followed by the synonyms of the words it contains (each added once)."""
    text = normalize_text(question)
    added: list[str] = []
    for group in synonym_groups() if groups is None else groups:
        if any(word in text for word in group):
            added += [w for w in group if w not in text and w not in added]
    return f"{question} {' '.join(added)}" if added else question
