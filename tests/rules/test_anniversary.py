"""政治生日: the anniversary of 入党时间, a leap-day joiner on 28 February in common years."""

from __future__ import annotations

from datetime import date

from dangjian.rules.anniversary import anniversary_in, next_political_birthday


def test_a_leap_day_joiner_celebrates_on_28_february_in_a_common_year() -> None:
    assert anniversary_in(date(2004, 2, 29), 2025) == date(2025, 2, 28)
    assert anniversary_in(date(2004, 2, 29), 2028) == date(2028, 2, 29)


def test_the_leap_day_birthday_is_today_on_28_february_of_a_common_year() -> None:
    found = next_political_birthday(date(2004, 2, 29), date(2025, 2, 28))
    assert found is not None
    assert (found.on, found.years, found.days_from(date(2025, 2, 28))) == (date(2025, 2, 28), 21, 0)


def test_after_the_leap_day_birthday_the_next_one_is_next_year() -> None:
    found = next_political_birthday(date(2004, 2, 29), date(2025, 3, 1))
    assert found is not None
    assert (found.on, found.years) == (date(2026, 2, 28), 22)


def test_the_next_birthday_counts_the_years_of_party_standing() -> None:
    found = next_political_birthday(date(2010, 7, 1), date(2026, 6, 30))
    assert found is not None
    assert (found.on, found.years, found.days_from(date(2026, 6, 30))) == (date(2026, 7, 1), 16, 1)


def test_no_birthday_before_the_first_anniversary() -> None:
    assert next_political_birthday(date(2026, 3, 1), date(2026, 5, 1)) is not None
    assert next_political_birthday(date(2026, 3, 1), date(2026, 2, 1)) is None
    assert next_political_birthday(date(2026, 7, 1), date(2026, 7, 1)) is None
