"""The typed shapes of the big screen: the frame a figure is computed in, and what it returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dangjian.core.actor import Actor
from dangjian.orgs.models import Organization


@dataclass(frozen=True)
class Frame:
    """Who asks (``user``, whose scope bounds everything), for which subtree (``root``, already
    checked to be in scope) and as of which day (``on``, not after today)."""

    user: Actor
    root: Organization
    on: date


@dataclass(frozen=True)
class Bar:
    """One figure of a panel: ``count`` people or organisations behind ``key`` (the drill-down
    list lists exactly them); ``total`` when the figure is a share of it (a rate)."""

    key: str
    label: str
    count: int
    total: int | None = None


@dataclass(frozen=True)
class Panel:
    """A panel of the screen: ``chart`` is how it is drawn (bar, hbar, pie, line, funnel, rate,
    numbers)."""

    code: str
    title: str
    chart: str
    bars: tuple[Bar, ...]
    note: str = ""


@dataclass(frozen=True)
class DrillRow:
    """One line of a drill-down list: who or what, where, a detail, the page it opens."""

    name: str
    organization: str
    detail: str = ""
    url: str = ""


@dataclass(frozen=True)
class DrillList:
    """The people or organisations behind one figure, with the title of that figure."""

    title: str
    rows: list[DrillRow] = field(default_factory=list)
