"""The assistant's 组织生活 questions: "本季度我们支部开党员大会了吗", "哪些支部本月没开支委会".

Both are answered through the pages' scoped selectors: whether a meeting was held through
``visible_meetings`` (the asker's own branch for a member, the organisations they look after
for a manager), which organisations have not held it through ``compliance`` (the selector of
the 党委's matrix). An organisation outside the asker's scope is refused with the same words
whether it exists or not. Each answer cites the regulation and article that sets the frequency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from dangjian.accounts.access import may_manage_some_organization
from dangjian.core.actor import Actor
from dangjian.meetings.models import MeetingState
from dangjian.meetings.selectors import compliance, visible_meetings
from dangjian.orgs.models import Organization
from dangjian.rules.dates import format_cn_date
from dangjian.rules.meetings.compliance import CellState
from dangjian.rules.meetings.kinds import DEFAULT_REQUIREMENTS, Frequency, MeetingKind, Requirement
from dangjian.rules.meetings.periods import Period, period_of
from dangjian.rules.organization import OrgKind
from dangjian.rules.sources import rule_citation

# Longest first: "支部党员大会" before "党员大会", "党小组会" before "小组会".
KIND_WORDS: tuple[tuple[str, MeetingKind], ...] = (
    ("支部党员大会", MeetingKind.BRANCH_ASSEMBLY), ("党员大会", MeetingKind.BRANCH_ASSEMBLY),
    ("支部大会", MeetingKind.BRANCH_ASSEMBLY), ("支部委员会会议", MeetingKind.BRANCH_COMMITTEE),
    ("支部委员会", MeetingKind.BRANCH_COMMITTEE), ("支委会", MeetingKind.BRANCH_COMMITTEE),
    ("党小组会", MeetingKind.GROUP_MEETING), ("小组会", MeetingKind.GROUP_MEETING),
    ("主题党日", MeetingKind.THEME_DAY), ("组织生活会", MeetingKind.LIFE_MEETING),
    ("民主评议", MeetingKind.DEMOCRATIC_REVIEW), ("党课", MeetingKind.PARTY_LECTURE),
)  # fmt: skip
_HELD_ASK = re.compile(
    r"(?:开|召开|举行|上|讲).*(?:了吗|了没|过吗|过没|了没有)|是否|有没有|开没开|几次|多少次"
)
_MISSING_ASK = re.compile(
    r"(?:哪些|哪几个|哪个|有没有|有几个|多少个?).{0,12}(?:没|未|还没)(?:有)?(?:召)?开|没开|未开|未召开"
)
_SPANS: tuple[tuple[str, Frequency, int], ...] = (
    (r"上个?月", Frequency.MONTH, -1), (r"本月|这个?月|当月", Frequency.MONTH, 0),
    (r"上个?季度|上一季度", Frequency.QUARTER, -1), (r"本季度|这个?季度|当季", Frequency.QUARTER, 0),
    (r"去年|上一?年", Frequency.YEAR, -1), (r"今年|本年度?|这一?年", Frequency.YEAR, 0),
)  # fmt: skip
# Which organisation: "二支部" named, or the asker's own ("我们支部").
_ORG_NAME = re.compile(
    r"([\u4e00-\u9fffA-Za-z0-9（）()·]{1,30}?(?:党委|党总支|总支|党支部|支部|党小组))"
)
_NOT_A_NAME = re.compile(r"^(?:我们|我|本|各|全|所有|每个|哪个|哪些|哪几个)")


@dataclass(frozen=True)
class MeetingQuestion:
    """A parsed question: ``ask`` "held" or "missing"; ``span`` a frequency and an offset (0 this
    period, -1 the previous); ``organization`` a name or None for the asker's own."""

    ask: str
    kind: MeetingKind
    span: Frequency | None
    offset: int
    organization: str | None


def parse_meeting_question(q: str) -> MeetingQuestion | None:
    """``q`` compacted (no spaces). None unless it names a kind of meeting and asks whether it
    was held or who has not held it."""
    kind = next((k for word, k in KIND_WORDS if word in q), None)
    if kind is None:
        return None
    ask = "missing" if _MISSING_ASK.search(q) else "held" if _HELD_ASK.search(q) else None
    if ask is None:
        return None
    span, offset = None, 0
    for pattern, frequency, back in _SPANS:
        if re.search(pattern, q):
            span, offset = frequency, back
            break
    return MeetingQuestion(ask, kind, span, offset, _named(_without_period_and_kind(q)))


def _without_period_and_kind(q: str) -> str:
    """``q`` with the period words (本月, 上季度, 今年...) and the meeting words (支部党员大会...)
    cut out, each replaced by a comma so no name runs across them: "本季度变电运维一站党支部"
    must name 变电运维一站党支部 (not fall back to the asker's own branch because it starts
    with 本), and "开支部党员大会" must not read as an organisation "开支部"."""
    for pattern, _frequency, _back in _SPANS:
        q = re.sub(pattern, "，", q)
    for word, _kind in KIND_WORDS:
        q = q.replace(word, "，")
    return q


def _named(q: str) -> str | None:
    """The organisation named in ``q`` (period and meeting words already cut out), or None for
    the asker's own ("我们支部", none named)."""
    for match in _ORG_NAME.finditer(q):
        name = re.sub(r"^.*(?:请问|看看|查询|查一下|的|在)", "", match[1])
        if name and not _NOT_A_NAME.match(name) and name not in {"支部", "党支部", "党小组"}:
            return name
    return None


def requirement_of(kind: MeetingKind) -> Requirement:
    return next(r for r in DEFAULT_REQUIREMENTS if r.kind is kind)


def period_asked(kind: MeetingKind, span: str | None, offset: int, today: date) -> Period:
    """The period the question means: the named span (本月, 本季度, 今年, 上个月...) or the
    kind's own period containing ``today``, moved back ``offset`` periods."""
    frequency = Frequency(span) if span else requirement_of(kind).frequency
    period = period_of(today, frequency)
    for _ in range(-offset):
        period = period_of(period.first_day - timedelta(days=1), frequency)
    return period


def _citation(kind: MeetingKind) -> str:
    return f"（依据{rule_citation(requirement_of(kind).rule_id)}）"


def held_text(user: Actor, org: Organization, kind: MeetingKind, period: Period) -> str:
    """Whether ``org`` held ``kind`` in ``period``, from the meetings the asker sees; returned
    or unrecorded meetings do not count (MEET-8)."""
    meetings = list(
        visible_meetings(user)
        .filter(organization=org, kinds__kind=kind.value,
                held_on__range=(period.first_day, period.last_day),
                state__in=[MeetingState.RECORDED, MeetingState.REVIEWED])
        .order_by("held_on")
    )  # fmt: skip
    requirement = requirement_of(kind)
    rule = f"{kind.label}应{requirement.frequency.label}召开{_citation(kind)}"
    if meetings:
        days = "、".join(f"{format_cn_date(m.held_on)}（{m.topic}）" for m in meetings)
        return f"{org.name}{period.label}已召开{kind.label}{len(meetings)}次：{days}。{rule}。"
    ended = period.last_day < timezone.localdate()
    state = "未召开" if ended else "尚未召开（本期尚未结束）"
    return f"{org.name}{period.label}{state}{kind.label}（未记录或记录被退回的不计入）。{rule}。"


def missing_text(
    user: Actor, root: Organization, kind: MeetingKind, period: Period, today: date
) -> str:
    """The organisations under ``root`` that owe ``kind`` and held none in ``period``."""
    rows = compliance(user, root, period.first_day, period.last_day, today)
    owing, missing = 0, []
    for row in rows:
        for k in row.kinds:
            if k.requirement.kind is not kind:
                continue
            cells = [c for c in k.cells if c.period == period and c.state is not CellState.NOT_OWED]
            if not cells:
                continue
            owing += 1
            if cells[0].held == 0:
                missing.append(row.organization.name)
    rule = f"{kind.label}应{requirement_of(kind).frequency.label}召开{_citation(kind)}"
    if owing == 0:
        return f"{root.name}（含下级）没有需要召开{kind.label}的组织。{rule}。"
    if not missing:
        return f"{root.name}（含下级）应召开{kind.label}的{owing}个组织{period.label}都已召开。{rule}。"
    shown = "、".join(missing[:50]) + ("等" if len(missing) > 50 else "")
    return (f"{root.name}（含下级）应召开{kind.label}的{owing}个组织中，{period.label}有"
            f"{len(missing)}个尚未召开：{shown}。{rule}。")  # fmt: skip


def is_holder(org: Organization) -> bool:
    return org.kind in (OrgKind.BRANCH, OrgKind.JOINT_BRANCH, OrgKind.TEMP_BRANCH, OrgKind.GROUP)


def asker_may_list(user: Actor) -> bool:
    return may_manage_some_organization(user)
