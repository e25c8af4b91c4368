"""The make-up of a generated membership (STAT-3, STAT-4): occupations, education, sex, ethnicity.

Two mixes: ``soe`` (a power-supply company: many workers, technicians and managers, few women in
line work) and ``national`` (the STAT-4 national composition at 2024-12-31).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from dangjian.rules.statistics import SOE_OCCUPATION_MIX, STAT4_NATIONAL


@dataclass(frozen=True)
class DemoMix:
    """Weights the generator draws from; floats only feed ``random.choices``."""

    name: str
    occupation_weights: Mapping[str, float]
    women_line_work: float  # share of women among line workers (substations, lines, stations)
    women_office: float  # share of women elsewhere
    minority_share: float
    # Age bands of members in work (STAT-1 bands up to 56-60); retirees are drawn apart.
    working_age_weights: tuple[float, ...]
    college_bias: float  # added to the college-or-above share of every occupation


SOE = DemoMix(
    name="soe",
    occupation_weights=SOE_OCCUPATION_MIX,
    women_line_work=0.10,
    women_office=0.38,
    minority_share=0.10,
    working_age_weights=(12, 12, 14, 14, 17, 18, 13),
    college_bias=0.08,
)

NATIONAL = DemoMix(
    name="national",
    occupation_weights=STAT4_NATIONAL.occupation_weights,
    women_line_work=STAT4_NATIONAL.women_share,
    women_office=STAT4_NATIONAL.women_share,
    minority_share=STAT4_NATIONAL.minority_share,
    working_age_weights=tuple(STAT4_NATIONAL.age_band_weights.values())[:7],
    college_bias=-0.05,
)

MIXES: Mapping[str, DemoMix] = MappingProxyType({"soe": SOE, "national": NATIONAL})

# STAT-1 bands as (youngest, oldest) whole years, for members in work.
WORKING_AGE_BANDS: tuple[tuple[int, int], ...] = (
    (22, 30), (31, 35), (36, 40), (41, 45), (46, 50), (51, 55), (56, 59),
)  # fmt: skip

# Minorities of Liaoning by weight within the minority share.
MINORITIES: tuple[tuple[str, float], ...] = (
    ("满族", 70), ("蒙古族", 12), ("回族", 9), ("朝鲜族", 6), ("锡伯族", 3),
)  # fmt: skip

# Education by occupation: weights over STAT-3 levels, most educated first.
EDUCATION_LEVELS = (
    "postgraduate", "bachelor", "college", "secondary_vocational", "high_school", "junior_or_below",
)  # fmt: skip
EDUCATION_BY_OCCUPATION: Mapping[str, tuple[float, ...]] = MappingProxyType(
    {
        "worker": (0.0, 0.22, 0.43, 0.2, 0.12, 0.03),
        "farmer": (0.0, 0.02, 0.08, 0.15, 0.35, 0.4),
        "professional": (0.15, 0.7, 0.13, 0.02, 0.0, 0.0),
        "manager": (0.18, 0.62, 0.16, 0.03, 0.01, 0.0),
        "civil_servant": (0.15, 0.7, 0.13, 0.02, 0.0, 0.0),
        "student": (0.25, 0.6, 0.15, 0.0, 0.0, 0.0),
        "other": (0.02, 0.25, 0.3, 0.18, 0.17, 0.08),
        "retired": (0.01, 0.12, 0.2, 0.22, 0.25, 0.2),
    }
)
_COLLEGE = 3  # the first three levels are 大专及以上


def pick_occupation(rng: random.Random, mix: DemoMix, *, working: bool) -> str:
    """An occupation from the mix; ``working`` leaves retirees out (they are placed apart)."""
    pairs = [(k, w) for k, w in mix.occupation_weights.items() if not working or k != "retired"]
    return rng.choices([k for k, _ in pairs], [w for _, w in pairs])[0]


def pick_education(rng: random.Random, mix: DemoMix, occupation: str) -> str:
    weights = list(EDUCATION_BY_OCCUPATION[occupation])
    shift = mix.college_bias
    college, rest = sum(weights[:_COLLEGE]), sum(weights[_COLLEGE:])
    if college and rest:
        target = min(max(college + shift, 0.0), 1.0)
        weights = [w * target / college for w in weights[:_COLLEGE]] + [
            w * (1 - target) / rest for w in weights[_COLLEGE:]
        ]
    return rng.choices(EDUCATION_LEVELS, weights)[0]


def pick_gender(rng: random.Random, mix: DemoMix, *, line_work: bool) -> str:
    women = mix.women_line_work if line_work else mix.women_office
    return "F" if rng.random() < women else "M"


def pick_ethnicity(rng: random.Random, mix: DemoMix) -> str:
    if rng.random() >= mix.minority_share:
        return "汉族"
    return rng.choices([k for k, _ in MINORITIES], [w for _, w in MINORITIES])[0]


def pick_working_age(rng: random.Random, mix: DemoMix) -> int:
    youngest, oldest = rng.choices(WORKING_AGE_BANDS, mix.working_age_weights)[0]
    return rng.randint(youngest, oldest)
