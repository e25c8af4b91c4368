"""趋势与预测 (智能研判): members by age band over ten year-ends, the retirements of the next five
years (a projection, labelled 预测), and the year's development pipeline against the 党委s'
annual plans (DEV-28).

Every function takes the screen's ``Frame`` (asker, subtree, day): the figures are scoped like
the rest of the screen and each count of people opens its list through the screen's drill-down
(``/screen/list/<panel>/<key>/``), which filters by the same condition:

- the age bands at a year-end are the screen's age panel as of that day (``slices`` STAT-1, the
  register ``members_as_of`` counts: one aggregate a year-end);
- a retirement year counts the members of the day's register who reach the retirement age of
  their gender (the cadres' setting ``CADRE_RETIREMENT_AGE_MALE/FEMALE``) during that calendar
  year, those already recorded as 离退休人员 aside: the register as it stands, with no one
  joining or leaving, which is what makes it a projection;
- the pipeline is the screen's development funnel of the year, beside each 党委's plan for the
  year and the admissions it approved up to the day (``development.queue.annual_plan_rows``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from dangjian.cadres.selectors import retirement_ages
from dangjian.development.queue import annual_plan_rows
from dangjian.members.choices import Gender, Occupation
from dangjian.members.models import Member
from dangjian.members.selectors import period_on_q, register_members
from dangjian.rules.projections import retirement_births_in, trend_year_ends
from dangjian.screen.frames import Bar, DrillRow, Frame, Panel
from dangjian.screen.panels import development_panel, register_rows
from dangjian.screen.slices import (
    BIRTH,
    GENDER,
    OCCUPATION,
    count_on,
    member_slices,
)

TREND_YEAR_ENDS = 10  # the age bands at each of the last ten year-ends
PROJECTION_YEARS = 5  # retirements projected for the five calendar years after the day's
PROJECTED = "预测"


@dataclass(frozen=True)
class YearEnd:
    """The register of one 12-31 by STAT-1 age band: ``bands`` in the screen's age panel's
    order (keys "0".."7", the drill-down's), ``total`` everyone counted that day."""

    on: date
    total: int
    bands: tuple[Bar, ...]


@dataclass(frozen=True)
class PlanLine:
    """One 基层党委's plan for the year (``quota`` None: none set) and the admissions it
    approved from 1 January up to the day (DEV-28 counts the 党委's whole subtree)."""

    committee_id: int
    committee_name: str
    quota: int | None
    admitted: int

    @property
    def left(self) -> int | None:
        """Admissions still within the plan (negative: over it); None without a plan."""
        return None if self.quota is None else self.quota - self.admitted

    @property
    def over(self) -> int:
        """Admissions beyond the plan (0 within it or without one)."""
        return 0 if self.quota is None else max(0, self.admitted - self.quota)


@dataclass(frozen=True)
class Trends:
    """The three analyses of a subtree on a day. ``retirements`` is a projection
    (``projection`` says so in the data, ``PROJECTED`` on the page)."""

    organization_id: int
    organization_name: str
    on: date
    year_ends: tuple[YearEnd, ...]
    retirement_ages: dict[str, int]
    retirements: tuple[Bar, ...]
    pipeline: Panel
    plans: tuple[PlanLine, ...]
    projection: str = PROJECTED

    def as_json(self) -> dict[str, Any]:
        """The data as JSON (dates as ISO text); the retirements carry ``"projection": "预测"``."""
        data = asdict(self)
        data["on"] = self.on.isoformat()
        data["year_ends"] = [{**asdict(y), "on": y.on.isoformat()} for y in self.year_ends]
        data["retirements"] = {"projection": PROJECTED,
                               "years": [asdict(b) for b in self.retirements]}  # fmt: skip
        return data


def _day_register(frame: Frame, day: date) -> QuerySet[Member]:
    """``members_as_of`` of the frame's subtree on ``day`` for the frame's asker, counted with
    the member's fields of the day by ``slices.count_on``."""
    return register_members(frame.user, frame.root).filter(period_on_q(frame.root, day))


def age_trend(frame: Frame) -> tuple[YearEnd, ...]:
    """The age bands at each of the last ten year-ends (the day itself when it is a 12-31),
    oldest first: one aggregate a year-end, the same conditions as the age panel's."""
    found = []
    for day in trend_year_ends(frame.on, TREND_YEAR_ENDS):
        slices = member_slices("age", day)
        wanted = {"total": Count("pk"), **{f"b{s.key}": Count("pk", filter=s.q) for s in slices}}
        counts = count_on(_day_register(frame, day), day, wanted)
        bars = tuple(Bar(s.key, s.label, counts[f"b{s.key}"]) for s in slices)
        found.append(YearEnd(day, counts["total"], bars))
    return tuple(found)


def retiring_q(year: int) -> Q:
    """Members reaching the retirement age of their gender (settings) during ``year``, not
    already recorded as retired, by their fields of the day (``slices.with_fields_on``)."""
    q = Q(pk__in=[])
    for gender, age in retirement_ages().items():
        after, up_to = retirement_births_in(age, year)
        q |= Q(**{GENDER: gender, f"{BIRTH}__gt": after, f"{BIRTH}__lte": up_to})
    return q & ~Q(**{OCCUPATION: Occupation.RETIRED})


def _projection_years(frame: Frame) -> range:
    return range(frame.on.year + 1, frame.on.year + 1 + PROJECTION_YEARS)


def retirement_projection(frame: Frame) -> tuple[Bar, ...]:
    """预测: for each of the five years after the day's, how many members of the day's register
    reach the retirement age during it (one aggregate)."""
    years = _projection_years(frame)
    wanted = {f"y{y}": Count("pk", filter=retiring_q(y)) for y in years}
    counts = count_on(_day_register(frame, frame.on), frame.on, wanted)
    return tuple(Bar(str(y), f"{y}年（{PROJECTED}）", counts[f"y{y}"]) for y in years)


def retirement_rows(frame: Frame, key: str) -> list[DrillRow]:
    """The members behind one projected year (KeyError for a year the projection lacks)."""
    if not key.isdigit() or int(key) not in _projection_years(frame):
        raise KeyError(key)
    return register_rows(frame, retiring_q(int(key)))


def plan_lines(frame: Frame) -> tuple[PlanLine, ...]:
    """The plans of the 基层党委 of the subtree (the root itself included) the asker looks
    after, with the admissions each approved from 1 January up to the day."""
    rows = annual_plan_rows(frame.user, frame.on.year)
    return tuple(
        PlanLine(r.committee.pk, r.committee.name, r.quota,
                 sum(1 for s in r.admissions if s.happened_on <= frame.on))
        for r in rows
        if r.committee.path.startswith(frame.root.path)
    )  # fmt: skip


def admission_rows(frame: Frame, key: str) -> list[DrillRow]:
    """The admissions behind one 党委's count (KeyError for a 党委 not in the subtree)."""
    rows = annual_plan_rows(frame.user, frame.on.year)
    row = next((r for r in rows if str(r.committee.pk) == key
                and r.committee.path.startswith(frame.root.path)), None)  # fmt: skip
    if row is None:
        raise KeyError(key)
    return [
        DrillRow(s.applicant.name, s.applicant.organization.name, f"{s.happened_on} 批准接收",
                 reverse("development:dossier", args=[s.applicant.pk]))
        for s in row.admissions
        if s.happened_on <= frame.on
    ]  # fmt: skip


def trends_of(frame: Frame) -> Trends:
    """The three analyses of the frame's subtree on its day."""
    ages = retirement_ages()
    return Trends(
        organization_id=frame.root.pk,
        organization_name=frame.root.name,
        on=frame.on,
        year_ends=age_trend(frame),
        retirement_ages={Gender(g).label: a for g, a in ages.items()},
        retirements=retirement_projection(frame),
        pipeline=development_panel(frame),
        plans=plan_lines(frame),
    )


def drill_url(frame: Frame, panel: str, key: str, on: date | None = None) -> str:
    """The drill-down list of one figure (``on``: the day it was counted, default the frame's)."""
    query = urlencode({"org": frame.root.pk, "on": (on or frame.on).isoformat()})
    return reverse("screen:list", args=[panel, key]) + "?" + query
