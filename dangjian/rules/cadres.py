"""The arithmetic of the cadre analysis (干部队伍分析), pure: age bands, tenure bands and the
retirement date, each as the cut-off dates a database query compares with.

A person is in the age band [low, high] on ``on`` when ``low <= age_on(birth, on) <= high``,
i.e. when ``latest_birth_for_age(on, high + 1) < birth <= latest_birth_for_age(on, low)``:
the selectors turn every band into such a date range so that the database counts, and
``age_band`` here says the same for one person (the two are tested to agree).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dangjian.rules.dates import add_years, age_on, latest_birth_for_age


@dataclass(frozen=True)
class Band:
    """A closed range of whole years ``low``..``high`` (``high`` None: and above)."""

    label: str
    low: int
    high: int | None


AGE_BANDS: tuple[Band, ...] = (
    Band("35岁及以下", 0, 35),
    Band("36至40岁", 36, 40),
    Band("41至45岁", 41, 45),
    Band("46至50岁", 46, 50),
    Band("51至55岁", 51, 55),
    Band("56岁及以上", 56, None),
)
TENURE_BANDS: tuple[Band, ...] = (
    Band("不满1年", 0, 0),
    Band("1至3年", 1, 2),
    Band("3至5年", 3, 4),
    Band("5至10年", 5, 9),
    Band("10年及以上", 10, None),
)
COMMITTEE_AGE_BANDS: tuple[Band, ...] = (
    Band("40岁及以下", 0, 40),
    Band("41至50岁", 41, 50),
    Band("51岁及以上", 51, None),
)


def full_years(start: date, on: date) -> int:
    """Whole years from ``start`` to ``on`` (an age, a tenure); 29 Feb counts from 1 Mar."""
    return age_on(start, on)


def band_of(years: int, bands: tuple[Band, ...]) -> Band:
    """The band holding ``years`` (bands cover 0 and up without gaps)."""
    for band in bands:
        if years >= band.low and (band.high is None or years <= band.high):
            return band
    return bands[0]


def start_range(band: Band, on: date) -> tuple[date | None, date]:
    """The start dates (birth, or start of a post) in ``band`` on ``on``: ``(after, up_to)``,
    i.e. ``after < start <= up_to``; ``after`` None for the open-ended oldest band."""
    up_to = latest_birth_for_age(on, band.low)
    after = None if band.high is None else latest_birth_for_age(on, band.high + 1)
    return after, up_to


def retirement_date(birth: date, age: int) -> date:
    """The day a person reaches ``age`` (the retirement age of their category): the first day
    on which ``age_on`` gives ``age`` (a 29 February birth: 1 March in a common year)."""
    day = add_years(birth, age)
    return day if age_on(birth, day) >= age else date.fromordinal(day.toordinal() + 1)


def retiring_births(age: int, on: date, years: int) -> tuple[date, date]:
    """The birth dates of people who reach ``age`` after ``on`` and at most ``years`` years
    later: ``(after, up_to)``, ``after < birth <= up_to`` (what the database compares)."""
    return latest_birth_for_age(on, age), latest_birth_for_age(add_years(on, years), age)


def retires_within(birth: date, age: int, on: date, years: int) -> bool:
    """Whether ``birth`` reaches ``age`` after ``on`` and no later than ``years`` years later."""
    after, up_to = retiring_births(age, on, years)
    return after < birth <= up_to
