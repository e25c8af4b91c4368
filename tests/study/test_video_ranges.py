"""Byte ranges of a study video (RFC 9110 §14): what a player's seek asks and what it gets."""

from __future__ import annotations

import pytest

from dangjian.study.videos import RangeNotSatisfiable, byte_range


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("bytes=0-", (0, 99)),
        ("bytes=0-0", (0, 0)),
        ("bytes=10-19", (10, 19)),
        ("bytes=90-500", (90, 99)),  # an end past the file is cut to it
        ("bytes=99-99", (99, 99)),  # the last byte
        ("bytes=-10", (90, 99)),  # the last ten bytes
        ("bytes=-500", (0, 99)),  # a suffix longer than the file is the whole file
        ("bytes=0-1,5-6", None),  # several ranges: the whole file
        ("bytes=20-10", None),  # malformed: the whole file
        ("bytes=-", None),
        ("items=0-5", None),
        ("bytes=abc-", None),
    ],
)
def test_the_range_a_header_asks(header: str | None, expected: tuple[int, int] | None) -> None:
    assert byte_range(header, 100) == expected


@pytest.mark.parametrize("header", ["bytes=100-", "bytes=100-200", "bytes=-0"])
def test_a_range_past_the_end_is_not_satisfiable(header: str) -> None:
    with pytest.raises(RangeNotSatisfiable):
        byte_range(header, 100)


def test_any_range_of_an_empty_file_is_not_satisfiable() -> None:
    with pytest.raises(RangeNotSatisfiable):
        byte_range("bytes=-5", 0)
    with pytest.raises(RangeNotSatisfiable):
        byte_range("bytes=0-", 0)
