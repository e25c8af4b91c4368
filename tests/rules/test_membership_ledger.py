"""STAT-6 as a pure rule: which change is an increase or a decrease of which kind, and the
reconciliation that reports a difference instead of hiding it. No database."""

from __future__ import annotations

import pytest

from dangjian.rules.membership_ledger import (
    EXIT_UNSTATED,
    Change,
    Reconciliation,
    Side,
    classify,
    exit_kind,
)

IN = Side("normal", counted=True)
ELSEWHERE = Side("normal", counted=False)


def test_counted_on_both_days_is_no_change() -> None:
    """A confirmation, or a move between two branches of the subtree."""
    assert classify(IN, IN) is None
    assert classify(None, ELSEWHERE) is None


@pytest.mark.parametrize(
    ("before", "after", "extra", "expected"),
    [
        (None, IN, {"developed": True}, Change.DEVELOPED),
        (None, IN, {}, Change.OTHER_IN),
        (None, IN, {"by_letter": True}, Change.TRANSFER_IN_LETTER),
        (ELSEWHERE, IN, {}, Change.TRANSFER_IN),
        (Side("suspended", False), IN, {}, Change.RESTORED),
        (Side("transferred_out", False), IN, {}, Change.OTHER_IN),
        (IN, ELSEWHERE, {}, Change.TRANSFER_OUT),
        (IN, Side("transferred_out", False), {}, Change.TRANSFER_OUT_LETTER),
        (IN, Side("deceased", False), {}, Change.DIED),
        (IN, Side("left", False), {}, Change.LEFT_PARTY),
        (IN, Side("suspended", False), {}, Change.SUSPENDED),
        (IN, None, {}, Change.OTHER_OUT),
    ],
)
def test_each_kind(
    before: Side | None, after: Side | None, extra: dict[str, bool], expected: Change
) -> None:
    assert classify(before, after, **extra) is expected
    assert expected.is_increase == (after is not None and after.counted)


@pytest.mark.parametrize(
    ("wording", "kind"),
    [
        ("经支部大会讨论，予以除名", "除名"),
        ("失联超过2年，按自行脱党予以除名", "自行脱党除名"),
        ("给予开除党籍处分", "开除党籍"),
        ("本人申请退党", "退党"),
        ("取消预备党员资格", "取消预备党员资格"),
        ("出党", EXIT_UNSTATED),
    ],
)
def test_exit_kind_from_the_decision(wording: str, kind: str) -> None:
    assert exit_kind(wording) == kind


def test_a_difference_is_closing_minus_the_arithmetic() -> None:
    assert Reconciliation(opening=100, increases=5, decreases=3, closing=102).balanced
    off = Reconciliation(opening=100, increases=5, decreases=3, closing=101)
    assert (off.expected_closing, off.difference, off.balanced) == (102, -1, False)
