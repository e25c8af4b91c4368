"""The member's phone home: to-dos and the summaries of their own party life, read through
each capability's own scoped selectors (meetings, dues, transfers) and this app's notices.

Shape: ``portal_home(user, today)`` -> ``PortalHome`` (None fields where the capability has
nothing for the member); ``NoOwnRecord`` for an account without a member record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from dangjian.accounts.access import Scope, scope_for
from dangjian.core.actor import Actor
from dangjian.dues.selectors import MemberMonth, MemberYear, member_year
from dangjian.dynamics.own import own_transfer_rows
from dangjian.meetings.display import OwnYear, own_year
from dangjian.meetings.models import Meeting, MeetingState
from dangjian.meetings.selectors import should_attend, visible_meetings
from dangjian.meetings.signin import own_sign_ins, signed_in_text
from dangjian.meetings.talk_plans import own_plans
from dangjian.members.models import Member
from dangjian.portal.models import Bulletin, CorrectionRequest
from dangjian.portal.own_study import OwnHours, own_hours, study_todos
from dangjian.portal.selectors import (
    corrections_to_decide,
    member_bulletins,
    own_corrections,
    own_member,
)
from dangjian.rules.anniversary import PoliticalBirthday, next_political_birthday
from dangjian.study.models import StudyItem

UPCOMING_LIMIT = 20


class NoOwnRecord(Exception):
    """The account has no member record: the portal has nothing to show."""


@dataclass(frozen=True)
class Todo:
    """One thing for the member to do: what, until when, and where to do it."""

    kind: str
    title: str
    detail: str
    url: str


@dataclass
class PortalHome:
    member: Member
    today: date
    todos: list[Todo]
    bulletins: list[Bulletin]
    unread: int
    dues: MemberYear
    dues_month: MemberMonth
    attendance: OwnYear
    birthday: PoliticalBirthday | None
    corrections: list[CorrectionRequest]
    to_decide: int = 0
    meetings: list[Meeting] = field(default_factory=list)
    study: list[StudyItem] = field(default_factory=list)
    hours: OwnHours | None = None

    @property
    def dues_unpaid_total(self) -> Decimal:
        return sum(
            ((e.due_total or Decimal(0)) - e.paid_total for e in self.dues.unpaid), Decimal(0)
        )


def portal_home(user: Actor, today: date) -> PortalHome:
    member = own_member(user)
    if member is None:
        raise NoOwnRecord("当前账号未关联党员档案")
    bulletins = list(member_bulletins(user, today)[:50])
    dues = member_year(user, member.pk, today.year)
    meetings = upcoming_meetings(user, member.pk, today)
    home = PortalHome(
        member=member, today=today, todos=[], bulletins=bulletins[:5],
        unread=len([b for b in bulletins if not _is_read(b)]),
        dues=dues, dues_month=dues.months[today.month - 1],
        attendance=own_year(user, member.pk, today.year, today),
        birthday=next_political_birthday(member.joined_on, today) if member.joined_on else None,
        corrections=list(own_corrections(user)[:10]), meetings=meetings,
        to_decide=_to_decide(user, scope_for(user)),
        study=study_todos(member), hours=own_hours(member, today),
    )  # fmt: skip
    home.todos = list(_todos(user, home, bulletins))
    return home


def _is_read(bulletin: Bulletin) -> bool:
    """The ``is_read`` annotation of ``selectors.member_bulletins``."""
    return bool(getattr(bulletin, "is_read", False))


def _to_decide(user: Actor, scope: Scope) -> int:
    return corrections_to_decide(user).count() if scope.is_manager else 0


def upcoming_meetings(user: Actor, member_id: int, today: date) -> list[Meeting]:
    """Meetings from ``today`` on that the member should attend by the day's register."""
    rows = (
        visible_meetings(user)
        .filter(held_on__gte=today, state__in=[MeetingState.PLANNED, MeetingState.NOTIFIED])
        .select_related("organization")
        .order_by("starts_at")[:UPCOMING_LIMIT]
    )
    return [m for m in rows if should_attend(m, member_id)]


def _meeting_todos(user: Actor, home: PortalHome) -> list[Todo]:
    """The meetings to attend; today's says whether the member has signed in yet."""
    mine = reverse("meetings:mine")
    signed = own_sign_ins(user, [m.pk for m in home.meetings if m.held_on == home.today])
    todos = []
    for m in home.meetings:
        when = f"{timezone.localtime(m.starts_at):%m月%d日 %H:%M} {m.place}"
        if m.pk in signed:
            when += f"（{signed_in_text(signed[m.pk])}）"
        elif m.held_on == home.today:
            when += "（今天，请到会场扫码签到）"
        todos.append(Todo("meeting", f"参加会议：{m.topic}", when, mine))
    return todos


# The study items listed one by one; more are summed up in one to-do (all on 我的学习).
STUDY_TODO_LIMIT = 5


def _study_todos(home: PortalHome) -> list[Todo]:
    todos = [
        Todo("study", f"学习：{i.title}", f"{i.organization.name}布置，{i.due_on:%m月%d日}前完成"
             + ("（已逾期）" if i.due_on < home.today else ""), reverse("study:item", args=[i.pk]))
        for i in home.study[:STUDY_TODO_LIMIT]
    ]  # fmt: skip
    rest = len(home.study) - STUDY_TODO_LIMIT
    if rest > 0:
        todos.append(
            Todo("study", f"还有{rest}项待学习", "请到“我的学习”查看", reverse("study:mine"))
        )
    return todos


def _todos(user: Actor, home: PortalHome, bulletins: list[Bulletin]) -> list[Todo]:
    todos = _meeting_todos(user, home)
    todos += _study_todos(home)
    if home.dues.unpaid:
        todos.append(Todo("dues", "交纳党费",
                          f"{len(home.dues.unpaid)}个月未交清，共{home.dues_unpaid_total:.2f}元",
                          reverse("dues:mine")))  # fmt: skip
    todos += [
        Todo("bulletin", f"阅读通知：{b.title}", b.organization.name,
             reverse("portal:bulletin", args=[b.pk]))
        for b in bulletins if not _is_read(b)
    ]  # fmt: skip
    todos += [
        Todo("transfer", "组织关系转接办理中", f"转往{row.transfer.to_org.name}：{row.awaited}",
             reverse("dynamics:own"))
        for row in own_transfer_rows(user) if row.awaited
    ]  # fmt: skip
    todos += [
        Todo("talk", "谈心谈话（已安排）", f"{p.planned_on:%m月%d日} {p.talker.name}与{p.listener.name}"
             + (f"：{p.topic}" if p.topic else ""), reverse("portal:home"))
        for p in own_plans(user)
    ]  # fmt: skip
    if home.to_decide:
        todos.append(Todo("correction", "审核党员档案更正申请", f"{home.to_decide}份待审核",
                          reverse("portal:corrections")))  # fmt: skip
    return todos
