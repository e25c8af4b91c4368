"""Impact periods of Party sanctions (DISC-1), as DEV-8 and DEV-16 read them."""

from __future__ import annotations

from datetime import date

import pytest

from dangjian.rules.discipline import (
    Sanction,
    SanctionKind,
    impact_end,
    in_impact_period,
    rights_restored_on,
    under_probation_in_party,
)


@pytest.mark.parametrize(
    ("kind", "last_day", "first_free_day"),
    [
        (SanctionKind.WARNING, date(2026, 2, 28), date(2026, 3, 1)),
        (SanctionKind.SERIOUS_WARNING, date(2026, 8, 31), date(2026, 9, 1)),
        (SanctionKind.REMOVAL_FROM_POST, date(2027, 2, 28), date(2027, 3, 1)),
    ],
)
def test_each_impact_period_ends_on_its_anniversary(
    kind: SanctionKind, last_day: date, first_free_day: date
) -> None:
    """DISC-1: 警告 1 year, 严重警告 18 months, 撤销党内职务 2 years from 2025-03-01."""
    sanction = Sanction(kind, date(2025, 3, 1))
    assert in_impact_period([sanction], last_day) == sanction
    assert in_impact_period([sanction], first_free_day) is None
    assert in_impact_period([sanction], date(2025, 2, 28)) is None  # before the decision


def test_a_sanction_inside_a_period_adds_its_months_to_what_is_left() -> None:
    """纪律处分条例第二十一条: 警告 2025-03-01 (to 2026-03-01), then 警告 2025-09-01: to 2027-03-01."""
    first = Sanction(SanctionKind.WARNING, date(2025, 3, 1))
    second = Sanction(SanctionKind.WARNING, date(2025, 9, 1))
    assert impact_end([first, second]) == date(2027, 3, 1)
    assert in_impact_period([first, second], date(2027, 2, 28)) == second
    assert in_impact_period([first, second], date(2027, 3, 1)) is None


def test_probation_in_party_lasts_until_rights_are_restored() -> None:
    """DISC-1: 留党察看一年 from 2025-03-01: no rights until 2026-03-01 unless restored later."""
    term = Sanction(SanctionKind.PROBATION_IN_PARTY, date(2025, 3, 1), term_months=12)
    assert under_probation_in_party([term], date(2026, 2, 28)) == term
    assert under_probation_in_party([term], date(2026, 3, 1)) is None
    late = Sanction(
        SanctionKind.PROBATION_IN_PARTY, date(2025, 3, 1), term_months=12,
        restored_on=date(2026, 4, 1),
    )  # fmt: skip
    assert rights_restored_on(late) == date(2026, 4, 1)
    assert under_probation_in_party([late], date(2026, 3, 31)) == late


@pytest.mark.parametrize("months", [None, 6, 36])
def test_probation_in_party_is_one_or_two_years(months: int | None) -> None:
    with pytest.raises(ValueError, match="一年或二年"):
        Sanction(SanctionKind.PROBATION_IN_PARTY, date(2025, 3, 1), term_months=months)


def test_a_warning_has_no_term() -> None:
    with pytest.raises(ValueError, match="没有察看期限"):
        Sanction(SanctionKind.WARNING, date(2025, 3, 1), term_months=12)
