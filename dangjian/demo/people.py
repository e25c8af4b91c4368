"""Members of the demo, planned in memory: who they are, when they joined, where they have been.

Every person is consistent with the rules the archive enforces: a valid identity number that
encodes the birth date and sex (ID-1); at least 18 on the day of joining (DEV-1); 转正 exactly one
year after joining (DEV-15/DEV-19), or still probationary when that year has not passed. History
(transfers between branches, retirement into a 离退休党支部, floating, lost contact, suspension,
transfer out) is a list of dated steps in chronological order.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from dangjian.demo import mix as mixes
from dangjian.demo import places
from dangjian.demo.names import make_name, make_phone
from dangjian.demo.orgplan import BREAK_FEW, BREAK_NO_COMMITTEE, OrgSpec
from dangjian.members.choices import DuesCategory, Stage, Status
from dangjian.rules.dates import add_months, add_years
from dangjian.rules.idcard import make_id_number
from dangjian.rules.plausibility import (
    LEADING_MIN_AGE,
    LOST_TO_SUSPEND_MONTHS,
    SUSPENDED_TO_REMOVE_MONTHS,
    fitting_education,
    title_findings,
)
from dangjian.rules.statistics import probation_end

_PROBATIONARY_SHARE = 0.05
_MIN_GAP = timedelta(days=30)


@dataclass
class Move:
    """A transfer to another branch on ``on``; ``retire`` also makes the member a retiree."""

    on: date
    org: str
    group: str | None
    retire: bool = False


@dataclass
class PersonSpec:
    index: int
    name: str
    gender: str
    birth_date: date
    id_number: str
    ethnicity: str
    education: str
    occupation: str  # final
    job_title: str  # final
    phone: str
    native_place: str
    address: str
    applied_on: date
    joined_on: date
    confirmed_on: date | None
    org: str  # final branch key
    group: str | None
    first_org: str
    first_group: str | None
    first_occupation: str
    first_job_title: str
    moves: list[Move] = field(default_factory=list)
    in_difficulty: bool = False
    is_leading_cadre: bool = False
    annual_salary: bool = False  # company leaders (DUES-3)
    floating_since: date | None = None
    floating_to: str = ""
    lost_since: date | None = None
    status_on: date | None = None  # when ``status`` began, if not NORMAL
    status: str = Status.NORMAL

    @property
    def stage(self) -> str:
        return Stage.FULL if self.confirmed_on else Stage.PROBATIONARY

    @property
    def arrived_on(self) -> date:
        """When the member came to the final branch."""
        return self.moves[-1].on if self.moves else self.joined_on

    @property
    def last_dated(self) -> date:
        """The latest date of the history so far: later steps must not be earlier."""
        dates = [self.confirmed_on or self.joined_on, self.arrived_on]
        return max(d for d in [*dates, self.floating_since, self.lost_since] if d)

    @property
    def dues_category(self) -> str:
        return _dues_for(self.occupation, self.annual_salary)

    @property
    def first_dues_category(self) -> str:
        return _dues_for(self.first_occupation, self.annual_salary)


class IdNumbers:
    """Hands out unique identity numbers: one sequence code per region, birth date and sex."""

    def __init__(self) -> None:
        self._next: dict[int, int] = {}

    def make(self, rng: random.Random, regions: tuple[str, ...], birth: date, gender: str) -> str:
        while True:
            region = rng.choices(regions, [len(regions) - i for i in range(len(regions))])[0]
            key = (int(region) * 1_000_000 + birth.toordinal()) * 2 + (gender == "F")
            seq = self._next.get(key, 0)
            if seq <= 498:
                self._next[key] = seq + 1
                return make_id_number(region, birth, seq, gender)


@dataclass
class PeopleContext:
    rng: random.Random
    mix: mixes.DemoMix
    today: date
    ids: IdNumbers
    ordinary: dict[int, list[OrgSpec]]  # working branches of each company
    groups: dict[str, list[str]]  # group keys of each branch
    counter: int = 0


def _dues_for(occupation: str, annual_salary: bool) -> str:
    if occupation == "retired":
        return DuesCategory.RETIRED
    if occupation in {"student", "farmer"}:
        return occupation
    return DuesCategory.ANNUAL_SALARY if annual_salary else DuesCategory.SALARIED


_JOB_TITLES = {
    "worker": ("变电运维工", "输电线路工", "配电线路工", "农网配电营业工", "用电检查员", "电能表修校工",
               "电力电缆工", "继电保护工", "班长", "副班长"),
    "professional": ("助理工程师", "工程师", "高级工程师", "会计师", "经济师", "调度员", "技术专责",
                     "技术员"),
    "manager": ("主任", "副主任", "专责", "所长", "副所长", "部门主任", "副经理", "综合专责"),
    "farmer": ("农电协管员",),
    "civil_servant": ("挂职干部",),
    "student": ("实习生",),
    "other": ("劳务派遣员工", "集体企业职工", "后勤服务人员"),
    "retired": ("退休职工",),
}  # fmt: skip
_OTHER_NATIVE = (
    "吉林四平",
    "吉林梨树",
    "黑龙江绥化",
    "山东莱阳",
    "河北承德",
    "内蒙古通辽",
    "山东蓬莱",
)
_ROADS = ("银州路", "广裕街", "南马路", "工人街", "柴河街", "岭东街", "红旗街", "新华路", "人民路")


def people_for_branch(
    ctx: PeopleContext, org: OrgSpec, info: places.CompanyInfo
) -> list[PersonSpec]:
    """The ``org.size`` members of one branch, with their history."""
    people = []
    for position in range(org.size):
        person = _person(ctx, org, info, position)
        _history(ctx, org, person)
        people.append(person)
    return people


def _person(
    ctx: PeopleContext, org: OrgSpec, info: places.CompanyInfo, position: int
) -> PersonSpec:
    rng = ctx.rng
    retired = org.is_retirees
    occupation = "retired" if retired else _occupation_here(rng, ctx, org)
    first_occupation = _working_before(rng, ctx) if retired else occupation
    line = org.line_work and first_occupation == "worker"
    gender = mixes.pick_gender(rng, ctx.mix, line_work=line)
    age = _age(rng, ctx.mix, occupation, gender)
    birth = add_years(ctx.today, -age) - timedelta(days=rng.randint(1, 364))
    ethnicity = mixes.pick_ethnicity(rng, ctx.mix)
    probationary = _is_probationary(rng, org, position, age)
    joined = _joined_on(rng, ctx.today, birth, probationary, occupation)
    ctx.counter += 1
    # A retiree's last post is the one held before retiring, in the late fifties.
    title_age = min(age, 55) if retired else age
    first_title = _job_title(rng, first_occupation, title_age)
    group = _group_of(rng, ctx, org.key, position)
    education = mixes.pick_education(rng, ctx.mix, first_occupation)
    return PersonSpec(
        index=ctx.counter,
        name=make_name(rng, gender, birth.year, ethnicity),
        gender=gender,
        birth_date=birth,
        id_number=ctx.ids.make(rng, info.regions, birth, gender),
        ethnicity=ethnicity,
        education=fitting_education(education, occupation, age),
        occupation=occupation,
        job_title=first_title if not retired else "退休职工",
        phone=make_phone(rng),
        native_place=_native_place(rng, info),
        address=f"{info.city}{rng.choice(_ROADS)}{rng.randint(1, 320)}号",
        applied_on=_applied_on(rng, birth, joined),
        joined_on=joined,
        confirmed_on=None if probationary else probation_end(joined),
        org=org.key,
        group=group,
        first_org=org.key,
        first_group=group,
        first_occupation=first_occupation,
        first_job_title=first_title,
        in_difficulty=rng.random() < (0.08 if retired else 0.02),
        is_leading_cadre=occupation == "manager"
        and age >= LEADING_MIN_AGE
        and rng.random() < (0.3 if org.role == "office" else 0.03),
    )


# Farmers (农电协管员) work at the rural supply stations only; elsewhere the same draw is a worker.
_STATION_ROLES = frozenset({"station", "joint"})
# What retirees of a power-supply company did before retiring.
_BEFORE_RETIRING = frozenset({"worker", "professional", "manager", "other"})


def _occupation_here(rng: random.Random, ctx: PeopleContext, org: OrgSpec) -> str:
    occupation = mixes.pick_occupation(rng, ctx.mix, working=True)
    if occupation == "farmer" and not (org.role in _STATION_ROLES and org.line_work):
        return "worker"
    return occupation


def _working_before(rng: random.Random, ctx: PeopleContext) -> str:
    occupation = mixes.pick_occupation(rng, ctx.mix, working=True)
    return occupation if occupation in _BEFORE_RETIRING else "worker"


def _job_title(rng: random.Random, occupation: str, age: int) -> str:
    """A post that fits the occupation and the age (the archive's own check, title_findings)."""
    titles = _JOB_TITLES[occupation]
    fitting = [t for t in titles if not title_findings(t, occupation, age)]
    return rng.choice(fitting or titles)


def _age(rng: random.Random, mix: mixes.DemoMix, occupation: str, gender: str) -> int:
    if occupation == "retired":
        return min(60 + int(rng.expovariate(1 / 9)), 95)
    if occupation == "student":
        return rng.randint(20, 24)
    age = mixes.pick_working_age(rng, mix)
    if gender == "F":  # women retire at 50 (workers) or 55 (cadres), 国发〔1978〕104号
        return min(age, 50 if occupation == "worker" else 55)
    return age


def _is_probationary(rng: random.Random, org: OrgSpec, position: int, age: int) -> bool:
    if org.role == BREAK_FEW:
        return position == 2
    if org.role == BREAK_NO_COMMITTEE:
        return position == 8
    if org.is_retirees:
        return False
    return rng.random() < (_PROBATIONARY_SHARE * 2 if age <= 35 else _PROBATIONARY_SHARE / 2)


def _joined_on(
    rng: random.Random, today: date, birth: date, probationary: bool, occupation: str
) -> date:
    """DEV-1: 18 or older on the day of joining; full members joined more than a year ago."""
    earliest = add_years(birth, 18) + timedelta(days=1)  # +1: a 02-29 birthday (DATE-3)
    if probationary:
        # A third of them are in the last weeks of their probation year.
        days = rng.randint(330, 364) if rng.random() < 0.35 else rng.randint(20, 329)
        return max(today - timedelta(days=days), earliest)
    latest = today - timedelta(days=370)
    join_age = 18 + min(int(rng.expovariate(1 / 7)), 30)
    if occupation == "student":
        join_age = 18
    joined = add_years(birth, join_age) + timedelta(days=rng.randint(0, 364))
    return min(max(joined, earliest), latest)


def _applied_on(rng: random.Random, birth: date, joined: date) -> date:
    earliest = add_years(birth, 18) + timedelta(days=1)
    return max(joined - timedelta(days=rng.randint(420, 1800)), min(earliest, joined))


def _native_place(rng: random.Random, info: places.CompanyInfo) -> str:
    if rng.random() < 0.15:
        return rng.choice(_OTHER_NATIVE)
    return "辽宁" + info.city.removesuffix("市")


def _group_of(rng: random.Random, ctx: PeopleContext, org_key: str, position: int) -> str | None:
    groups = ctx.groups.get(org_key)
    return groups[position % len(groups)] if groups else None


def _history(ctx: PeopleContext, org: OrgSpec, person: PersonSpec) -> None:
    if org.is_retirees:
        _retirement(ctx, org, person)
        if ctx.rng.random() < 0.01:
            _status_change(ctx, person, Status.DECEASED)
    elif org.is_ordinary:
        _transfers(ctx, org, person)
        _flags(ctx, person)


def _window(ctx: PeopleContext, start: date, end: date, count: int) -> list[date]:
    """``count`` sorted dates strictly inside (start, end), or [] when the window is too short."""
    days = (end - start).days
    if days < 2 * count:
        return []
    return sorted(start + timedelta(days=d) for d in ctx.rng.sample(range(1, days), count))


def _retirement(ctx: PeopleContext, org: OrgSpec, person: PersonSpec) -> None:
    """Members retire into a 离退休党支部 from a working branch, on the day they retire."""
    age = 60 if person.gender == "M" else (55 if person.first_occupation != "worker" else 50)
    retire_on = add_years(person.birth_date, age)
    sources = ctx.ordinary.get(org.company, [])
    started = person.confirmed_on or person.joined_on
    if not sources or not (started + _MIN_GAP < retire_on <= ctx.today):
        person.first_occupation, person.first_job_title = "retired", person.job_title
        return
    source = ctx.rng.choice(sources)
    person.first_org, person.first_group = (
        source.key,
        _group_of(ctx.rng, ctx, source.key, person.index),
    )
    person.moves.append(Move(retire_on, org.key, person.group, retire=True))


def _transfers(ctx: PeopleContext, org: OrgSpec, person: PersonSpec) -> None:
    """About one in ten full members came from another branch of the company (some twice)."""
    draw = ctx.rng.random()
    count = 2 if draw < 0.02 else 1 if draw < 0.11 else 0
    sources = [o for o in ctx.ordinary.get(org.company, []) if o.key != org.key]
    if not count or person.confirmed_on is None or len(sources) < count:
        return
    dates = _window(ctx, person.confirmed_on + _MIN_GAP, ctx.today - _MIN_GAP, count)
    if not dates:
        return
    chain = [*ctx.rng.sample(sources, count), org]
    person.first_org = chain[0].key
    person.first_group = _group_of(ctx.rng, ctx, chain[0].key, person.index)
    for on, target in zip(dates, chain[1:], strict=True):
        group = person.group if target is org else _group_of(ctx.rng, ctx, target.key, person.index)
        person.moves.append(Move(on, target.key, group))


def _flags(ctx: PeopleContext, person: PersonSpec) -> None:
    """Floating (MEM-3), lost contact (MEM-4, suspended after 6 months) or transferred out."""
    draw = ctx.rng.random()
    if person.confirmed_on is None:
        return
    if draw < 0.015:
        dates = _window(ctx, person.last_dated, ctx.today - timedelta(days=183), 1)
        if dates:
            person.floating_since, person.floating_to = (
                dates[0],
                ctx.rng.choice(places.FLOATING_DESTINATIONS),
            )
    elif draw < 0.02:
        # MEM-4: lost within the last 30 months (lost 6 months: suspended; suspended 2 years
        # and still lost: removed, which the demo leaves out), so no record waits on a step.
        recent = add_months(ctx.today, -(LOST_TO_SUSPEND_MONTHS + SUSPENDED_TO_REMOVE_MONTHS) + 1)
        dates = _window(ctx, max(person.last_dated, recent), ctx.today - _MIN_GAP, 1)
        if dates:
            person.lost_since = dates[0]
            suspended_on = add_months(dates[0], LOST_TO_SUSPEND_MONTHS)
            if suspended_on <= ctx.today:
                person.status, person.status_on = Status.SUSPENDED, suspended_on
    elif draw < 0.03:
        _status_change(ctx, person, Status.TRANSFERRED_OUT)


def _status_change(ctx: PeopleContext, person: PersonSpec, status: str) -> None:
    dates = _window(ctx, person.last_dated, ctx.today, 1)
    if dates:
        person.status, person.status_on = status, dates[0]
