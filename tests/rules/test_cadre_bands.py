"""rules.cadres: the date ranges the database compares agree with the ages of DATE-3."""

from __future__ import annotations

from datetime import date, timedelta

from dangjian.rules.cadres import (
    AGE_BANDS,
    TENURE_BANDS,
    band_of,
    full_years,
    retirement_date,
    retires_within,
    start_range,
)
from dangjian.rules.dates import age_on


def _in_range(start: date, after: date | None, up_to: date) -> bool:
    return start <= up_to and (after is None or start > after)


def test_band_ranges_agree_with_whole_years_around_leap_days() -> None:
    for on in (date(2024, 2, 29), date(2025, 2, 28), date(2025, 3, 1), date(2026, 6, 30)):
        start = date(1960, 1, 1)
        while start <= on:
            for bands in (AGE_BANDS, TENURE_BANDS):
                expected = band_of(full_years(start, on), bands)
                found = [b for b in bands if _in_range(start, *start_range(b, on))]
                assert found == [expected], (start, on)
            start += timedelta(days=37)


def test_a_leap_day_birth_reaches_the_age_on_1_march() -> None:
    """DATE-3: born 29 February, 60 周岁 in a common year on 1 March."""
    assert retirement_date(date(1968, 2, 29), 60) == date(2028, 2, 29)
    assert retirement_date(date(1967, 2, 28), 60) == date(2027, 2, 28)
    assert retirement_date(date(1964, 2, 29), 61) == date(2025, 3, 1)
    assert age_on(date(1964, 2, 29), date(2025, 3, 1)) == 61


def test_retiring_within_counts_the_last_day_and_not_today() -> None:
    on = date(2026, 6, 30)
    assert retires_within(date(1967, 6, 30), 60, on, 1)  # 60 on 2027-06-30, the last day
    assert not retires_within(date(1967, 7, 1), 60, on, 1)
    assert not retires_within(date(1966, 6, 30), 60, on, 3)  # 60 today: already retiring age
