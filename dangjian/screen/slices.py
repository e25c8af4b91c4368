"""The member panels' categories as conditions on a member query (STAT-1..3, MEM-1).

Each panel is a tuple of ``Slice``: a key (for the drill-down URL), the label people read and
the condition on ``Member`` (with the day's membership period joined as ``periods``). The
panel's figure and the list behind it are the same condition: the figure counts it, the list
filters by it, so a number and its names cannot disagree.

The stage comes from the membership period of the day (转正 is dated); gender, birth date,
education, occupation and the 入党/转正 dates are the values the archive held that day
(``members.attributes_on``: today's value with later changes undone), which the register a
panel counts carries as ``gender_then``, ``birth_date_then``... (``with_fields_on``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from dangjian.members.attributes_on import aggregate_on, attribute_name, attributes_on
from dangjian.members.choices import Education, Gender, Occupation, Stage
from dangjian.members.models import Member
from dangjian.members.selectors import AGE_BAND_LIMITS
from dangjian.rules.dates import add_years, latest_birth_for_age
from dangjian.rules.statistics import DEFAULT_CUTS, joining_period_labels

PERIOD = "periods__"  # the day's membership period, joined by ``period_on_q``
# The member's fields the panels read, each as it stood on the day: the register a panel
# counts carries them under ``attribute_name`` (``with_fields_on``).
DAY_FIELDS = ("gender", "birth_date", "education", "occupation", "joined_on", "confirmed_on")
GENDER, BIRTH, EDUCATION, OCCUPATION, JOINED, CONFIRMED = map(attribute_name, DAY_FIELDS)


def with_fields_on(members: QuerySet[Member], on: date) -> QuerySet[Member]:
    """``members`` with ``DAY_FIELDS`` as they stood on ``on``, aliased for the slices' and
    ``trends.retiring_q``'s conditions (the list's filter)."""
    return members.alias(**attributes_on(on, DAY_FIELDS))


def count_on(members: QuerySet[Member], on: date, counts: Mapping[str, Count]) -> dict[str, int]:
    """``with_fields_on(members, on).aggregate(**counts)``: the figures, the same conditions
    as the lists', with the history read only for members changed since ``on``
    (``attributes_on.aggregate_on``)."""
    return aggregate_on(members, on, DAY_FIELDS, counts)


@dataclass(frozen=True)
class Slice:
    """One category of a panel: ``key`` in URLs, ``label`` on screen, ``q`` on ``Member``."""

    key: str
    label: str
    q: Q


# 党龄 bands (MEM-1: whole years since 转正): (label, at least, below) in years.
STANDING_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("不满5年", 0, 5),
    ("5-9年", 5, 10),
    ("10-19年", 10, 20),
    ("20-29年", 20, 30),
    ("30-49年", 30, 50),
    ("50年及以上", 50, None),
)

MEMBER_PANELS: dict[str, str] = {
    "stage": "党员类别",
    "gender": "性别",
    "age": "年龄",
    "education": "学历",
    "occupation": "工作岗位",
    "joined": "入党时间",
    "standing": "党龄",
}


def _choices(field: str, choices: list[tuple[str, str]]) -> tuple[Slice, ...]:
    return tuple(Slice(code, label, Q(**{field: code})) for code, label in choices)


def _age_slices(on: date) -> tuple[Slice, ...]:
    """STAT-1 bands of the age on ``on`` (the member list's age filter, same boundaries)."""
    slices = []
    for index, (label, (youngest, oldest)) in enumerate(AGE_BAND_LIMITS.items()):
        q = Q()
        if youngest is not None:
            q &= Q(**{f"{BIRTH}__lte": latest_birth_for_age(on, youngest)})
        if oldest is not None:  # at most `oldest` = not yet `oldest + 1`
            q &= Q(**{f"{BIRTH}__gt": latest_birth_for_age(on, oldest + 1)})
        slices.append(Slice(str(index), label, q))
    return tuple(slices)


def _joined_slices() -> tuple[Slice, ...]:
    """STAT-2: the four periods of 入党时间 (each cut the first day of a period)."""
    labels = joining_period_labels(DEFAULT_CUTS)
    bounds = (None, *DEFAULT_CUTS, None)
    slices = []
    for index, label in enumerate(labels):
        q = Q(**{f"{JOINED}__isnull": False})
        if bounds[index] is not None:
            q &= Q(**{f"{JOINED}__gte": bounds[index]})
        if bounds[index + 1] is not None:
            q &= Q(**{f"{JOINED}__lt": bounds[index + 1]})
        slices.append(Slice(str(index), label, q))
    return (*slices, Slice("none", "未填写", Q(**{f"{JOINED}__isnull": True})))


def _standing_slices(on: date) -> tuple[Slice, ...]:
    """MEM-1: 党龄 bands on ``on``; a member not yet confirmed that day has none."""
    not_full = Q(**{f"{PERIOD}stage": Stage.PROBATIONARY}) | Q(**{f"{CONFIRMED}__isnull": True})
    slices = [Slice("none", "预备党员（无党龄）", not_full)]
    for index, (label, least, below) in enumerate(STANDING_BANDS):
        # n whole years on ``on`` exactly when confirmed on or before ``on`` minus n years.
        q = Q(**{f"{PERIOD}stage": Stage.FULL, f"{CONFIRMED}__lte": add_years(on, -least)})
        if below is not None:
            q &= Q(**{f"{CONFIRMED}__gt": add_years(on, -below)})
        slices.append(Slice(str(index), label, q))
    return tuple(slices)


def member_slices(panel: str, on: date) -> tuple[Slice, ...]:
    """The slices of one member panel as of ``on``; KeyError for an unknown panel."""
    builders: dict[str, Callable[[], tuple[Slice, ...]]] = {
        "stage": lambda: _choices(f"{PERIOD}stage", list(Stage.choices)),
        "gender": lambda: _choices(GENDER, list(Gender.choices)),
        "age": lambda: _age_slices(on),
        "education": lambda: _choices(EDUCATION, list(Education.choices)),
        "occupation": lambda: _choices(OCCUPATION, list(Occupation.choices)),
        "joined": _joined_slices,
        "standing": lambda: _standing_slices(on),
    }
    return builders[panel]()
