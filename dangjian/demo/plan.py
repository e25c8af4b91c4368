"""The whole demo planned from a seed: organisations first, then each branch's members and posts.

The plan is deterministic for a seed, the sizes, the mix and the day it is made. Members are
generated branch by branch, lazily, so that a million of them never sit in memory at once.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from dangjian.demo import places
from dangjian.demo.mix import MIXES, DemoMix
from dangjian.demo.orgplan import OrgPlan, OrgSpec, plan_organisations
from dangjian.demo.people import IdNumbers, PeopleContext, PersonSpec, people_for_branch
from dangjian.demo.positions import PositionSpec, plan_positions
from dangjian.members.choices import Stage, Status
from dangjian.rules.organization import OrgKind


@dataclass(frozen=True)
class DemoParams:
    today: date
    members: int = 1500
    organisations: int = 130
    seed: int = 42
    mix: str = "soe"


@dataclass
class BranchBatch:
    org: OrgSpec
    people: list[PersonSpec]
    positions: list[PositionSpec] = field(default_factory=list)


class DemoPlan:
    def __init__(self, params: DemoParams) -> None:
        self.params = params
        self.mix: DemoMix = MIXES[params.mix]
        self.rng = random.Random(params.seed)
        weights = self.mix.occupation_weights
        retired_share = weights["retired"] / sum(weights.values())
        self.tree: OrgPlan = plan_organisations(
            self.rng,
            organisations=params.organisations,
            members=params.members,
            retired_share=retired_share,
            today=params.today,
        )
        self.orgs = self.tree.by_key()

    def company_key(self, index: int = 0) -> str:
        return self.tree.companies[index]

    def key(self, local: str, company: int = 0) -> str:
        """The key of a catalogue entry ("yj1") in a company."""
        return f"C{company:03d}-{local}"

    def batches(self) -> Iterator[BranchBatch]:
        """Each branch with its members and posts, in tree order."""
        ctx = PeopleContext(
            rng=self.rng,
            mix=self.mix,
            today=self.params.today,
            ids=IdNumbers(),
            ordinary=self._ordinary_by_company(),
            groups=self._groups_by_branch(),
        )
        for org in self.tree.orgs:
            if not org.is_branch:
                continue
            people = people_for_branch(ctx, org, places.company(org.company))
            positions = plan_positions(self.rng, org, people, self.orgs, self.params.today)
            yield BranchBatch(org=org, people=people, positions=positions)

    def _ordinary_by_company(self) -> dict[int, list[OrgSpec]]:
        found: dict[int, list[OrgSpec]] = {}
        for org in self.tree.orgs:
            if org.is_ordinary:
                found.setdefault(org.company, []).append(org)
        return found

    def _groups_by_branch(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for org in self.tree.orgs:
            if org.kind == OrgKind.GROUP and org.parent:
                found.setdefault(org.parent, []).append(org.key)
        return found


def work_unit(org: OrgSpec) -> str:
    """The work unit written in a member's archive for a branch."""
    if org.is_retirees or org.unit_count > 1:
        return org.unit_name
    return org.unit_name + org.name.removesuffix("党支部")


def state_on(person: PersonSpec, day: date) -> tuple[str, str, str] | None:
    """(organisation key, status, stage) of ``person`` on ``day``; None before joining."""
    if day < person.joined_on:
        return None
    org = person.first_org
    for move in person.moves:
        if move.on <= day:
            org = move.org
    status = person.status if person.status_on and person.status_on <= day else Status.NORMAL
    full = person.confirmed_on is not None and person.confirmed_on <= day
    return org, status, Stage.FULL if full else Stage.PROBATIONARY


def periods_of(person: PersonSpec) -> list[tuple[date, date | None, tuple[str, str, str]]]:
    """The intervals [from, to) over which organisation, status and stage held."""
    points = sorted(
        {person.joined_on, *(m.on for m in person.moves)}
        | {d for d in (person.confirmed_on, person.status_on) if d}
    )
    periods: list[tuple[date, date | None, tuple[str, str, str]]] = []
    for day in points:
        state = state_on(person, day)
        assert state is not None
        if periods and periods[-1][2] == state:
            continue
        if periods:
            periods[-1] = (periods[-1][0], day, periods[-1][2])
        periods.append((day, None, state))
    return periods
