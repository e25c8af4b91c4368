"""Party posts of the demo (ORG-3): a 支部委员会 for branches with 7 or more full members, a
secretary for smaller ones, 党小组组长, and the secretaries of the 党委 and 党总支."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from dangjian.demo.orgplan import BREAK_NO_COMMITTEE, OrgSpec
from dangjian.demo.people import PersonSpec
from dangjian.members.choices import PositionTitle, Status
from dangjian.rules.dates import age_on
from dangjian.rules.organization import COMMITTEE_THRESHOLD, OrgKind

_T = PositionTitle
COMMITTEES: dict[int, tuple[str, ...]] = {
    5: (_T.SECRETARY, _T.DEPUTY_SECRETARY, _T.ORGANIZATION, _T.PROPAGANDA, _T.DISCIPLINE),
    4: (_T.SECRETARY, _T.ORGANIZATION, _T.PROPAGANDA, _T.DISCIPLINE),
    3: (_T.SECRETARY, _T.ORGANIZATION, _T.PROPAGANDA),
}
_SENIORITY = {"manager": 0, "professional": 1, "civil_servant": 1, "retired": 2, "worker": 3}


@dataclass(frozen=True)
class PositionSpec:
    person: PersonSpec
    org: str
    title: str
    started_on: date


def plan_positions(
    rng: random.Random,
    org: OrgSpec,
    people: list[PersonSpec],
    orgs: dict[str, OrgSpec],
    today: date,
) -> list[PositionSpec]:
    """Posts held by the members of branch ``org``; leaders of the 党委/总支 are marked too."""
    eligible = sorted(
        (p for p in people if _may_hold_post(p, org.key)),
        key=lambda p: (_SENIORITY.get(p.occupation, 4), p.birth_date, p.index),
    )
    if not eligible:
        return []
    found = [_post(p, org.key, title, orgs) for p, title in _committee(rng, org, eligible)]
    found += _group_leaders(people, org, eligible, orgs)
    for key, person in zip(org.leads, _leaders_first(eligible, today), strict=False):
        person.is_leading_cadre = True
        if orgs[key].kind == OrgKind.COMMITTEE and _is_senior_manager(person, today):
            # The company's 党委书记 is one of its leaders, paid a yearly salary (DUES-3).
            person.annual_salary = True
            person.job_title = person.first_job_title = COMPANY_LEADER_TITLE
        found.append(_post(person, key, _T.SECRETARY, orgs))
    return found


COMPANY_LEADER_TITLE = "党委书记、经理"
LEADER_MIN_AGE = 40


def _is_senior_manager(person: PersonSpec, today: date) -> bool:
    return person.occupation == "manager" and age_on(person.birth_date, today) >= LEADER_MIN_AGE


def _leaders_first(eligible: list[PersonSpec], today: date) -> list[PersonSpec]:
    """Managers of 40 or more first (the secretary of a 党委 or 党总支 is a senior cadre; the
    branch's own secretary, ``eligible[0]``, may be one of them), then the branch's other
    members, each in the order given."""
    senior = [p for p in eligible if _is_senior_manager(p, today)]
    chosen = {id(p) for p in senior}
    return senior + [p for p in eligible[1:] if id(p) not in chosen]


def _may_hold_post(person: PersonSpec, org_key: str) -> bool:
    return (
        person.org == org_key
        and person.confirmed_on is not None
        and person.status == Status.NORMAL
        and person.floating_since is None
        and person.lost_since is None
    )


def _committee(
    rng: random.Random, org: OrgSpec, eligible: list[PersonSpec]
) -> list[tuple[PersonSpec, str]]:
    if org.role == BREAK_NO_COMMITTEE:
        return []  # ORG-3 broken on purpose: 8 full members and no committee
    if len(eligible) < COMMITTEE_THRESHOLD:
        return [(eligible[0], _T.SECRETARY)]
    size = 5 if len(eligible) >= 30 else 4 if len(eligible) >= 15 else 3
    titles = COMMITTEES[size]
    others = rng.sample(eligible[1:], size - 1)
    return list(zip([eligible[0], *others], titles, strict=True))


def _group_leaders(
    people: list[PersonSpec], org: OrgSpec, eligible: list[PersonSpec], orgs: dict[str, OrgSpec]
) -> list[PositionSpec]:
    found = []
    for group in sorted({p.group for p in people if p.group and p.org == org.key}):
        leader = next((p for p in reversed(eligible) if p.group == group), None)
        if leader is not None:
            found.append(_post(leader, group, _T.GROUP_LEADER, orgs))
    return found


def _post(person: PersonSpec, org_key: str, title: str, orgs: dict[str, OrgSpec]) -> PositionSpec:
    assert person.confirmed_on is not None
    started = max(
        d for d in (orgs[org_key].term_started_on, person.arrived_on, person.confirmed_on) if d
    )
    return PositionSpec(person=person, org=org_key, title=title, started_on=started)
