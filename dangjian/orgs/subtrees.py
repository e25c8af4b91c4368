"""Subtrees looked up in memory: values keyed by an organisation's path, sorted once, so that
the values under one path are a slice found by bisection (the range ``in_subtree`` asks the
database for). For work that asks the same tree for many people's subtrees, such as the daily
reminder scan."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import Generic, TypeVar

from dangjian.orgs.models import subtree_end

T = TypeVar("T")


class SubtreeIndex(Generic[T]):
    """``rows`` of (organisation path, value); ``under(path)`` gives the values whose path
    starts with ``path``, in path order."""

    def __init__(self, rows: Iterable[tuple[str, T]]) -> None:
        ordered = sorted(rows, key=lambda row: row[0])
        self._paths = [path for path, _value in ordered]
        self._values = [value for _path, value in ordered]

    def under(self, path: str) -> list[T]:
        start = bisect_left(self._paths, path)
        end = subtree_end(path)
        stop = len(self._paths) if end is None else bisect_left(self._paths, end, lo=start)
        return self._values[start:stop]
