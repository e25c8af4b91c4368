"""The organisation tree of the demo enterprise, planned in memory before anything is written.

One company is modelled on a county-level power-supply company: a 基层党委 with 党总支 for its
departments and county branches, 党支部 for teams and rural supply stations (供电所), 联合党支部,
离退休党支部 and 党小组. Larger numbers become a provincial 党委 over many such companies.
The catalogue of one company is in priority order (every parent before its children), so that
any prefix of it is a valid tree: a small demo keeps the first entries, a large one all of them.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from dangjian.demo import places
from dangjian.rules.organization import OrgKind

COMPANY_SIZE = 130  # organisations per company in a multi-company plan
SINGLE_COMPANY_MAX = 300
RETIREE_BRANCH_SIZE = 45

# Roles of branches that are set up to break an ORG rule on purpose.
BREAK_FEW = "break_few"  # 2 full members (ORG-1)
BREAK_LARGE = "break_large"  # 55 members (ORG-2)
BREAK_NO_COMMITTEE = "break_no_committee"  # 8 full members and no committee (ORG-3)
SPECIAL_ROLES = frozenset({BREAK_FEW, BREAK_LARGE, BREAK_NO_COMMITTEE})
FIXED_SIZES = {BREAK_FEW: 3, BREAK_LARGE: 55, BREAK_NO_COMMITTEE: 9}
# Relative head counts of ordinary branches by role.
ROLE_WEIGHTS = {"office": 0.85, "ops": 1.7, "station": 0.9, "service": 1.3, "joint": 0.9}


@dataclass
class OrgSpec:
    key: str
    parent: str | None
    name: str
    kind: str
    role: str = ""  # office / ops / station / service / joint / retiree / break_* / ""
    unit_name: str = ""
    unit_count: int = 1
    line_work: bool = False
    company: int = 0
    code: str = ""
    sort_order: int = 0
    founded_on: date | None = None
    term_started_on: date | None = None
    leads: list[str] = field(default_factory=list)  # orgs whose 书记 comes from this branch
    size: int = 0  # members placed here (branches only)

    @property
    def is_branch(self) -> bool:
        return OrgKind(self.kind).is_branch

    @property
    def is_retirees(self) -> bool:
        return self.role == "retiree"

    @property
    def is_ordinary(self) -> bool:
        """A working branch that may send and receive transfers."""
        return self.is_branch and self.role not in SPECIAL_ROLES and not self.is_retirees


@dataclass(frozen=True)
class OrgPlan:
    orgs: list[OrgSpec]  # parents before children, siblings in sort order
    companies: list[str]  # key of each company's 党委

    def by_key(self) -> dict[str, OrgSpec]:
        return {o.key: o for o in self.orgs}

    def branches(self) -> list[OrgSpec]:
        return [o for o in self.orgs if o.is_branch]


def plan_organisations(
    rng: random.Random, *, organisations: int, members: int, retired_share: float, today: date
) -> OrgPlan:
    """Plan about ``organisations`` organisations and place ``members`` members in the branches."""
    if organisations <= SINGLE_COMPANY_MAX:
        orgs = _company(rng, 0, None, organisations, members, retired_share)
        companies = [orgs[0].key]
    else:
        orgs, companies = _province(rng, organisations, members, retired_share)
    ordered = _tree_order(orgs)
    _assign_dates(rng, ordered, today)
    return OrgPlan(orgs=ordered, companies=companies)


def _province(
    rng: random.Random, organisations: int, members: int, retired_share: float
) -> tuple[list[OrgSpec], list[str]]:
    root = OrgSpec("p", None, "国网辽宁省电力有限公司党委", OrgKind.COMMITTEE, code="LN0000")
    root.unit_name = "国网辽宁省电力有限公司"
    count = max(1, round((organisations - 1) / COMPANY_SIZE))
    budgets = _split(organisations - 1, [1.0] * count)
    heads = _split(members, [float(b) for b in budgets])
    orgs, companies = [root], []
    for index, (budget, head) in enumerate(zip(budgets, heads, strict=True)):
        company = _company(rng, index, root.key, budget, head, retired_share)
        orgs.extend(company)
        companies.append(company[0].key)
    return orgs, companies


def _company(
    rng: random.Random,
    index: int,
    parent: str | None,
    budget: int,
    members: int,
    retired_share: float,
) -> list[OrgSpec]:
    info = places.company(index)
    retirees = round(members * retired_share)
    retiree_branches = max(1, math.ceil(retirees / RETIREE_BRANCH_SIZE)) if retirees else 0
    catalogue = _catalogue(info, retiree_branches)
    orgs = list(itertools.islice(catalogue, max(budget, 1)))
    prefix = f"C{index:03d}"
    for seq, org in enumerate(orgs):
        org.key, org.company, org.code = f"{prefix}-{org.key}", index, f"{prefix}{seq:04d}"
        org.parent = f"{prefix}-{org.parent}" if org.parent else parent
        org.leads = [f"{prefix}-{k}" for k in org.leads]
        org.unit_name = org.unit_name or info.company_name
    _place_members(rng, orgs, members, retirees)
    return orgs


def _branch(key: str, parent: str, name: str, role: str, **extra: object) -> OrgSpec:
    line = role in {"ops", "station"}
    return OrgSpec(key, parent, name, OrgKind.BRANCH, role=role, line_work=line, **extra)  # type: ignore[arg-type]


def _catalogue(info: places.CompanyInfo, retiree_branches: int) -> Iterator[OrgSpec]:
    """Every organisation of one company, most important first; endless supply stations last."""
    yield OrgSpec("root", None, f"{info.company_name}党委", OrgKind.COMMITTEE)
    yield from _core(info, retiree_branches)
    yield from _departments(info)
    yield from _counties(info)
    yield from _stations_and_groups(info)


def _core(info: places.CompanyInfo, retiree_branches: int) -> Iterator[OrgSpec]:
    first = info.counties[0]
    yield OrgSpec("yj", "root", "运维检修党总支", OrgKind.GENERAL_BRANCH)
    yield _branch("yj1", "yj", "变电运维一站党支部", "ops", leads=["yj"])
    # A county company of 100 or more members is a 基层党委 of its own (ORG-4).
    yield OrgSpec("x0", "root", f"{first.name}供电分公司党委", OrgKind.COMMITTEE)
    yield _branch("x0s0", "x0", f"{first.towns[0]}供电所党支部", "station", leads=["x0"])
    for i in range(retiree_branches):
        name = (
            f"离退休第{places.cn_number(i + 1)}党支部" if retiree_branches > 1 else "离退休党支部"
        )
        yield _branch(f"lt{i}", "root", name, "retiree")
    yield _branch("yx", "root", "营销服务中心党支部", BREAK_LARGE)
    yield _branch("hq", "root", "后勤服务党支部", BREAK_FEW)
    yield _branch("xt", "root", "信息通信党支部", BREAK_NO_COMMITTEE)
    yield OrgSpec(
        "cy", "root", "综合产业联合党支部", OrgKind.JOINT_BRANCH, role="joint", unit_count=4,
        unit_name="电力实业公司、物资公司、设计公司、送变电公司",
    )  # fmt: skip
    yield OrgSpec("yj1g1", "yj1", "变电运维一站第一党小组", OrgKind.GROUP)
    yield OrgSpec("yj1g2", "yj1", "变电运维一站第二党小组", OrgKind.GROUP)


_OFFICES = ("办公室", "党委党建部", "人力资源部", "财务资产部", "安全监察部", "发展策划部",
            "设备管理部", "营销部", "纪委办公室")  # fmt: skip
_SUBSTATION = ("变电运维二站", "变电运维三站", "变电检修室", "电气试验室")
_LINES = ("输电运检一班", "输电运检二班", "带电作业班", "电缆运检班")
_CENTRES = ("电力调度控制中心", "计量中心", "供电服务指挥中心")


def _departments(info: places.CompanyInfo) -> Iterator[OrgSpec]:
    yield OrgSpec("jg", "root", "机关党总支", OrgKind.GENERAL_BRANCH)
    for i, office in enumerate(_OFFICES):
        yield _branch(
            f"jg{i}", "jg", f"{office}党支部", "office", leads=["root", "jg"] if i == 0 else []
        )
    for i, team in enumerate(_SUBSTATION):
        yield _branch(f"yj{i + 2}", "yj", f"{team}党支部", "ops")
    yield OrgSpec("sd", "root", "输电运检党总支", OrgKind.GENERAL_BRANCH)
    for i, team in enumerate(_LINES):
        yield _branch(f"sd{i}", "sd", f"{team}党支部", "ops", leads=["sd"] if i == 0 else [])
    for i, centre in enumerate(_CENTRES):
        yield _branch(f"zx{i}", "root", f"{centre}党支部", "service")


def _counties(info: places.CompanyInfo) -> Iterator[OrgSpec]:
    for i, county in enumerate(info.counties):
        key = f"x{i}"
        if i:
            yield OrgSpec(key, "root", f"{county.name}供电分公司党委", OrgKind.COMMITTEE)
        unit = f"{info.company_name}{county.name}供电分公司"
        yield _branch(
            f"{key}jg", key, "机关党支部", "office", unit_name=unit, leads=[key] if i else []
        )
        yield _branch(f"{key}yj", key, "运维检修党支部", "ops", unit_name=unit)
        yield _branch(f"{key}yx", key, "营销服务党支部", "service", unit_name=unit)


def _group_targets(info: places.CompanyInfo) -> list[tuple[str, str]]:
    targets = [
        ("yj2", "变电运维二站"),
        ("yj3", "变电运维三站"),
        ("zx0", "调控中心"),
        ("yx", "营销服务中心"),
    ]
    targets += [(f"sd{i}", team) for i, team in enumerate(_LINES[:2])]
    targets += [(f"x{i}yj", f"{c.name}运维检修") for i, c in enumerate(info.counties)]
    return targets


def _stations_and_groups(info: places.CompanyInfo) -> Iterator[OrgSpec]:
    groups = iter(
        OrgSpec(f"{key}g{n}", key, f"{label}第{places.cn_number(n)}党小组", OrgKind.GROUP)
        for key, label in _group_targets(info)
        for n in (1, 2)
    )
    for slot, (county_index, towns) in enumerate(_station_slots(info)):
        county = info.counties[county_index]
        parent, unit = f"x{county_index}", f"{info.company_name}{county.name}供电分公司"
        key = f"x{county_index}s{slot + 1}"
        if len(towns) == 1:
            yield _branch(key, parent, f"{towns[0]}供电所党支部", "station", unit_name=unit)
        else:
            name = "·".join(towns) + "供电所联合党支部"
            yield OrgSpec(key, parent, name, OrgKind.JOINT_BRANCH, role="joint",
                          unit_count=len(towns), line_work=True, unit_name=unit)  # fmt: skip
        if slot % 3 == 2:
            group = next(groups, None)
            if group is not None:
                yield group


def _station_slots(info: places.CompanyInfo) -> Iterator[tuple[int, tuple[str, ...]]]:
    """(county, towns) of each station branch, round robin over the counties; small stations
    now and then share a 联合党支部 (ORG-1)."""
    queues = [list(c.towns[1:] if i == 0 else c.towns) for i, c in enumerate(info.counties)]
    extra = [itertools.count(0) for _ in queues]
    for turn in itertools.count():
        county = turn % len(queues)
        queue = queues[county]
        if not queue:
            numbers = (next(extra[county]) % 99 + 1 for _ in range(6))
            queue.extend(f"第{places.cn_number(n)}" for n in numbers)
        take = 1 if turn % 9 != 8 or len(queue) < 3 else 2 + turn % 2
        towns, queue[:] = tuple(queue[:take]), queue[take:]
        yield county, towns


def _split(total: int, weights: list[float]) -> list[int]:
    """``total`` divided in proportion to ``weights`` (largest remainder), summing exactly."""
    whole = sum(weights)
    if total <= 0 or not weights or whole <= 0:
        return [0] * len(weights)
    raw = [total * w / whole for w in weights]
    parts = [int(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _place_members(rng: random.Random, orgs: list[OrgSpec], members: int, retirees: int) -> None:
    branches = [o for o in orgs if o.is_branch]
    retiree_branches = [o for o in branches if o.is_retirees]
    retirees = retirees if retiree_branches else 0
    for org, size in zip(
        retiree_branches, _split(retirees, [1.0] * len(retiree_branches)), strict=True
    ):
        org.size = size
    working = members - retirees
    for org in branches:
        if org.role in FIXED_SIZES:
            org.size = min(FIXED_SIZES[org.role], max(working, 0))
            working -= org.size
    ordinary = [o for o in branches if o.is_ordinary]
    weights = [ROLE_WEIGHTS[o.role] * rng.uniform(0.7, 1.3) for o in ordinary]
    for org, size in zip(ordinary, _split(working, weights), strict=True):
        org.size = size


def _tree_order(orgs: list[OrgSpec]) -> list[OrgSpec]:
    children: dict[str | None, list[OrgSpec]] = {}
    for org in orgs:
        children.setdefault(org.parent, []).append(org)
    known = {o.key for o in orgs}
    roots = [o for o in orgs if o.parent is None or o.parent not in known]
    ordered: list[OrgSpec] = []
    stack = list(reversed(roots))
    while stack:
        org = stack.pop()
        ordered.append(org)
        kids = children.get(org.key, [])
        for position, kid in enumerate(kids):
            kid.sort_order = position + 1
        stack.extend(reversed(kids))
    return ordered


def _assign_dates(rng: random.Random, orgs: list[OrgSpec], today: date) -> None:
    for org in orgs:
        if org.kind == OrgKind.COMMITTEE:
            org.founded_on = date(1998, 7, 1)
            org.term_started_on = today - timedelta(days=rng.randint(200, 1700))
            continue
        org.founded_on = date(2000, 1, 1) + timedelta(days=rng.randint(0, 6000))
        if org.kind == OrgKind.GROUP:
            continue
        # A few terms have run out (ORG-5), so that the election reminders have work to show.
        days = rng.randint(1100, 1300) if rng.random() < 0.08 else rng.randint(30, 1050)
        org.term_started_on = max(org.founded_on, today - timedelta(days=days))
