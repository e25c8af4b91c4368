"""The member panels' categories as conditions on a member query (STAT-1..3, MEM-1).

Each panel is a tuple of ``Slice``: a key (for the drill-down URL), the label people read and
the condition on ``Member`` (with the day's membership period joined as ``periods``). The
panel's figure and the list behind it are the same condition: the figure counts it, the list
filters by it, so a number and its names cannot disagree.

Gender and birth date never change; the stage comes from the membership period of the day
(转正 is dated); education, occupation and the 入党/转正 dates are the archive's recorded values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from dangjian.members.choices import Education, Gender, Occupation, Stage
from dangjian.members.selectors import AGE_BAND_LIMITS
from dangjian.rules.dates import add_years, latest_birth_for_age
from dangjian.rules.statistics import DEFAULT_CUTS, joining_period_labels

PERIOD = "periods__"  # the day's membership period, joined by ``period_on_q``


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
            q &= Q(birth_date__lte=latest_birth_for_age(on, youngest))
        if oldest is not None:  # at most `oldest` = not yet `oldest + 1`
            q &= Q(birth_date__gt=latest_birth_for_age(on, oldest + 1))
        slices.append(Slice(str(index), label, q))
    return tuple(slices)


def _joined_slices() -> tuple[Slice, ...]:
    """STAT-2: the four periods of 入党时间 (each cut the first day of a period)."""
    labels = joining_period_labels(DEFAULT_CUTS)
    bounds = (None, *DEFAULT_CUTS, None)
    slices = []
    for index, label in enumerate(labels):
        q = Q(joined_on__isnull=False)
        if bounds[index] is not None:
            q &= Q(joined_on__gte=bounds[index])
        if bounds[index + 1] is not None:
            q &= Q(joined_on__lt=bounds[index + 1])
        slices.append(Slice(str(index), label, q))
    return (*slices, Slice("none", "未填写", Q(joined_on__isnull=True)))


def _standing_slices(on: date) -> tuple[Slice, ...]:
    """MEM-1: 党龄 bands on ``on``; a member not yet confirmed that day has none."""
    not_full = Q(**{f"{PERIOD}stage": Stage.PROBATIONARY}) | Q(confirmed_on__isnull=True)
    slices = [Slice("none", "预备党员（无党龄）", not_full)]
    for index, (label, least, below) in enumerate(STANDING_BANDS):
        # n whole years on ``on`` exactly when confirmed on or before ``on`` minus n years.
        q = Q(**{f"{PERIOD}stage": Stage.FULL}, confirmed_on__lte=add_years(on, -least))
        if below is not None:
            q &= Q(confirmed_on__gt=add_years(on, -below))
        slices.append(Slice(str(index), label, q))
    return tuple(slices)


def member_slices(panel: str, on: date) -> tuple[Slice, ...]:
    """The slices of one member panel as of ``on``; KeyError for an unknown panel."""
    builders: dict[str, Callable[[], tuple[Slice, ...]]] = {
        "stage": lambda: _choices(f"{PERIOD}stage", list(Stage.choices)),
        "gender": lambda: _choices("gender", list(Gender.choices)),
        "age": lambda: _age_slices(on),
        "education": lambda: _choices("education", list(Education.choices)),
        "occupation": lambda: _choices("occupation", list(Occupation.choices)),
        "joined": _joined_slices,
        "standing": lambda: _standing_slices(on),
    }
    return builders[panel]()
