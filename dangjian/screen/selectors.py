"""The big screen's data: every panel for one subtree as of one day, scoped to the asker.

``screen_data(user, org_id, on)`` is what ``/screen/data`` serves; ``drill_list`` the list of
people or organisations behind one figure (the same query as the figure). Each panel reads
its capability's own selector (``screen.panels``); this module chooses the subtree and the day
and assembles the whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.http import Http404

from dangjian.accounts.access import access_organization, may_manage_some_organization, scope_for
from dangjian.core.actor import Actor
from dangjian.core.bounds import DATE_RANGE_TEXT, check_date
from dangjian.core.errors import InvalidInput
from dangjian.members.choices import Status
from dangjian.members.models import MemberPeriod
from dangjian.members.selectors import count_members_as_of
from dangjian.orgs.models import Organization, OrganizationPath, in_subtree, valid_on
from dangjian.orgs.selectors import path_on, tree_children, tree_roots
from dangjian.rules.organization import OrgKind
from dangjian.screen import panels, structure, trends
from dangjian.screen.frames import Bar, DrillList, DrillRow, Frame, Panel
from dangjian.screen.slices import MEMBER_PANELS

TREND_YEARS = 5  # year-ends shown before the day itself


@dataclass(frozen=True)
class ChildOrg:
    """A child organisation to drill into, with its members on the day."""

    id: int
    name: str
    kind: str
    members: int


@dataclass(frozen=True)
class ScreenData:
    """The whole screen: the subtree, the day, its total, the children and every panel."""

    organization_id: int
    organization_name: str
    on: date
    total: int
    parent_id: int | None
    children: tuple[ChildOrg, ...]
    panels: tuple[Panel, ...]

    def as_json(self) -> dict[str, Any]:
        """The JSON the screen's script draws (dates as ISO text)."""
        data = asdict(self)
        data["on"] = self.on.isoformat()
        return data


def parse_on(text: str, today: date) -> date:
    """The ``on`` parameter: an ISO date not after ``today`` (B2: figures of a past day are
    computed from history; the future has none). Empty means today. InvalidInput names the
    field otherwise."""
    text = text.strip()
    if not text:
        return today
    try:
        day = check_date(date.fromisoformat(text))
    except ValueError:
        raise InvalidInput.one(
            "on", f"统计日期“{text[:20]}”无法识别或超出{DATE_RANGE_TEXT}"
        ) from None
    if day > today:
        raise InvalidInput.one("on", f"统计日期{day.isoformat()}晚于今天，只能查看今天或以前的数据")
    return day


def screen_frame(user: Actor, org_id: int | None, on: date) -> Frame:
    """The frame of a request: the asked organisation (Http404 when out of scope or missing;
    a 党小组's branch, ``counted_at``, when the asker looks after it) or the asker's topmost
    one; PermissionDenied for whoever looks after none."""
    if not may_manage_some_organization(user):
        raise PermissionDenied("党建一张屏仅供党务工作者和领导使用")
    if org_id is not None:
        org = access_organization(user, org_id)
        branch = counted_at(org)
        return Frame(user, branch if scope_for(user).covers_org(branch) else org, on)
    roots = tree_roots(user)
    if not roots:
        raise Http404("未找到可查看的党组织")
    return Frame(user, roots[0], on)


def counted_at(org: Organization) -> Organization:
    """Where ``org``'s members are counted: a 党小组's are filed in its 党支部 (the archive
    has no member in a 党小组 itself), so a screen asked for a 党小组 shows its branch; any
    other organisation is itself."""
    if org.kind != OrgKind.GROUP:
        return org
    return Organization.objects.get_parent(org) or org


def children_of(frame: Frame) -> tuple[ChildOrg, ...]:
    """The organisations one level down (党小组 aside: their members are the branch's), each
    with ``count_members_as_of`` of the day: counted together in one grouped query where
    ``children_counts`` can, one by one otherwise."""
    nodes = [n for n in tree_children(frame.user, frame.root) if n.org.kind != OrgKind.GROUP]
    together = children_counts(frame, [n.org for n in nodes])
    return tuple(
        ChildOrg(n.org.pk, n.org.name, n.org.kind_label,
                 together[n.org.pk] if n.org.pk in together
                 else count_members_as_of(frame.user, n.org, frame.on))
        for n in nodes
    )  # fmt: skip


def children_counts(frame: Frame, children: list[Organization]) -> dict[int, int]:
    """``count_members_as_of(user, child, on)`` for each child that sat directly under the
    root on the day, by one count of the root's register grouped by the child's path of that
    day: the root's register is the union of those children's (the subtree of the day), so
    the figures are the same. Left out (counted one by one by the caller): every child when
    the asker does not look after the root (their register is narrowed to what they see
    today), and a child that sat elsewhere that day."""
    if not children or not scope_for(frame.user).covers_org(frame.root):
        return {}
    root_path = path_on(frame.root, frame.on)
    length = len(root_path) + Organization.steplen
    paths = dict(
        OrganizationPath.objects.filter(valid_on(frame.on), organization__in=children)
        .values_list("path", "organization_id")
    )  # fmt: skip
    under = {path: org for path, org in paths.items()
             if path.startswith(root_path) and len(path) == length}  # fmt: skip
    history = "organization__path_history__"
    register = MemberPeriod.objects.filter(
        in_subtree(root_path, f"{history}path"),
        valid_on(frame.on, history),
        Q(valid_to__isnull=True) | Q(valid_to__gt=frame.on),
        valid_from__lte=frame.on,
        status=Status.NORMAL,
    )  # ``members.selectors.count_members_as_of``'s periods of the day
    rows = register.annotate(child=Substr(f"{history}path", 1, length)).values("child")
    counted = {r["child"]: r["n"] for r in rows.annotate(n=Count("pk")).order_by()}
    return {org: counted.get(path, 0) for path, org in under.items()}


def _trend(frame: Frame) -> Panel:
    """Members in good standing at each of the last year-ends and on the day itself."""
    days = [date(frame.on.year - n, 12, 31) for n in range(TREND_YEARS, 0, -1)] + [frame.on]
    bars = tuple(
        Bar(d.isoformat(), f"{d.year}年末" if (d.month, d.day) == (12, 31) else f"{d}",
            count_members_as_of(frame.user, frame.root, d))
        for d in days
    )  # fmt: skip
    return Panel("trend", "党员人数变化", "line", bars, "各年12月31日")


def _parent_id(frame: Frame) -> int | None:
    """The parent to go back up to, when the asker may see it (asked quietly: not being
    able to go up is no refused access)."""
    parent = Organization.objects.get_parent(frame.root)
    if parent is None or not scope_for(frame.user).covers_org(parent):
        return None
    return parent.pk


def _single(read: Callable[[Frame], Panel]) -> Callable[[Frame], list[Panel]]:
    return lambda frame: [read(frame)]


# The screen's panels in their order, each with the read that makes it (the benchmark times
# them one by one from this list).
PANEL_READS: tuple[tuple[str, Callable[[Frame], list[Panel]]], ...] = (
    ("党员（类别、性别、年龄、学历、岗位、入党时间、党龄）", panels.member_panels),
    ("党组织类型", _single(panels.organization_panel)),
    ("组织设置预警", _single(structure.structure_panel)),
    ("发展党员", _single(panels.development_panel)),
    ("三会一课", _single(panels.meetings_panel)),
    ("党费收缴", _single(panels.dues_panel)),
    ("党员动态", _single(panels.dynamics_panel)),
    ("届次", _single(panels.terms_panel)),
    ("党员人数变化", _single(_trend)),
)


def screen_data(frame: Frame) -> ScreenData:
    """Every panel of the screen for the frame's subtree and day."""
    every = [panel for _label, read in PANEL_READS for panel in read(frame)]
    total = count_members_as_of(frame.user, frame.root, frame.on)
    return ScreenData(frame.root.pk, frame.root.name, frame.on, total, _parent_id(frame),
                      children_of(frame), tuple(every))  # fmt: skip


_ROWS: dict[str, Callable[[Frame, str], list[DrillRow]]] = {
    "orgs": panels.organization_rows,
    "structure": structure.structure_rows,
    "development": panels.development_rows,
    "meetings": panels.meetings_rows,
    "dues": panels.dues_rows,
    "dynamics": panels.dynamics_rows,
    "terms": panels.terms_rows,
    "retirement": trends.retirement_rows,
    "admissions": trends.admission_rows,
}


def drill_list(frame: Frame, panel: str, key: str) -> DrillList:
    """The people or organisations behind the figure ``key`` of ``panel`` (Http404 for a
    panel or key the screen does not have)."""
    try:
        if panel in MEMBER_PANELS:
            rows = panels.member_rows(frame, panel, key)
        else:
            rows = _ROWS[panel](frame, key)
    except (KeyError, ValueError):
        raise Http404("未找到该统计项") from None
    return DrillList(_title(frame, panel, key), rows)


def _title(frame: Frame, panel: str, key: str) -> str:
    """ "<organisation> <panel>：<figure>（<day>）" from the panel's own labels."""
    names = {**MEMBER_PANELS, "orgs": "党组织", "structure": "组织设置预警", "development": "发展党员", "meetings": "三会一课",
             "dues": "党费收缴", "dynamics": "党员动态", "terms": "换届提醒",
             "retirement": f"到龄退休（{trends.PROJECTED}）", "admissions": "本年发展党员"}  # fmt: skip
    return f"{frame.root.name} {names.get(panel, panel)}：{_label(frame, panel, key)}（{frame.on}）"


def _committee_names(frame: Frame) -> dict[str, str]:
    return {str(line.committee_id): line.committee_name for line in trends.plan_lines(frame)}


def _label(frame: Frame, panel: str, key: str) -> str:
    if panel in MEMBER_PANELS:
        from dangjian.screen.slices import member_slices

        return next((s.label for s in member_slices(panel, frame.on) if s.key == key), key)
    if panel == "retirement":
        return f"{key}年达到退休年龄"
    if panel == "admissions":
        return _committee_names(frame).get(key, key)
    labels = {
        "orgs": {k.value: k.label for k in OrgKind},
        "structure": structure.STRUCTURE_LABELS,
        "development": {s.value: s.label for s in panels.FUNNEL},
        "meetings": {"ok": "按期召开", "missing": "有缺项"},
        "dynamics": dict(panels.DYNAMICS),
        "terms": {"overdue": "已超期", "due": "6个月内到期"},
    }
    return labels.get(panel, {}).get(key, key)
