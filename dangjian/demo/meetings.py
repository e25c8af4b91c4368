"""The demo's 组织生活: two years of meetings for every branch and 党小组, through the services.

Each branch holds, every month of the 24 before the current one, a 主题党日 (in the first month
of each quarter it is also that quarter's 支部党员大会 and 党课, MEET-8: one meeting counted for
several kinds); a branch with a committee holds its 支部委员会会议; each December a
组织生活会 that is also the 民主评议党员. The 党小组 meet monthly. Attendance: most present, a
few late, some on leave, a few absent. The higher organisation reviews the older records.

The designed gaps (what the matrix and the home card then show):

- ``SKIPPING_BRANCH`` (the second branch) skipped the 支部党员大会 of one quarter
  (``SKIPPED_QUARTER_BACK`` quarters before the current one): that quarter's 主题党日 was
  only a 主题党日;
- ``IRREGULAR_GROUP`` (the first 党小组) met only in some months (``irregular_months``);
- the third branch's latest 支部党员大会 was returned by the reviewer with a reason, so it does
  not count until recorded again;
- one member of the first branch is excused (MEET-10, long illness), with the record.

A 支部委员会会议 is marked for the committee of its day only (MEET-2). Every branch has a
主题党日 planned (not yet recorded) in the current month; last year's 民主评议 is entered for
every member of each branch (self, peers, poll, rating dated at the December meeting), and each
branch has 谈心谈话 records for last year and this year, most members reached.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.db.models import Count

from dangjian.demo.meetings_bulk import MeetingRow, write_meetings
from dangjian.meetings.inputs import MeetingInput, MinutesInput
from dangjian.meetings.models import Mark, Meeting, Rating
from dangjian.meetings.reviews import ReviewInput, democratic_review_record
from dangjian.meetings.selectors import (
    COMMITTEE_MINIMUM,
    attendees,
    attendees_on,
    branch_of,
    branch_register,
    committee_on,
)
from dangjian.meetings.services import excusal_record, meeting_plan, meeting_record, meeting_review
from dangjian.meetings.talks import talk_record
from dangjian.members.choices import Stage, Status
from dangjian.members.models import Member
from dangjian.members.register import branch_register_as_of
from dangjian.orgs.models import Organization
from dangjian.rules.meetings.kinds import Frequency, MeetingKind
from dangjian.rules.meetings.periods import Period, period_of
from dangjian.rules.organization import OrgKind

MONTHS = 24
SKIPPING_BRANCH = 1  # index among the branches in tree order
SKIPPED_QUARTER_BACK = 3  # the quarter three quarters before the current one
IRREGULAR_GROUP = 0
RETURNING_BRANCH = 2
REVIEWED_BEFORE_MONTHS = 2  # records older than this are reviewed
_SHANGHAI = ZoneInfo("Asia/Shanghai")
_BRANCH_KINDS = (OrgKind.BRANCH, OrgKind.JOINT_BRANCH, OrgKind.TEMP_BRANCH)

TOPICS = (
    "学习贯彻党的二十届四中全会精神", "学习《中国共产党章程》", "安全生产责任落实专题学习",
    "迎峰度夏保供电动员", "学习习近平总书记重要讲话精神", "党风廉政建设警示教育",
    "优质服务进社区", "学习《中国共产党纪律处分条例》", "电网防汛抗灾经验交流",
    "“我为群众办实事”实践活动", "重温入党誓词", "年度工作总结与谋划",
)  # fmt: skip


@dataclass
class MeetingsSummary:
    meetings: int = 0
    reviewed: int = 0
    returned: int = 0
    excusals: int = 0
    skipped: list[str] = field(default_factory=list)


def months_before(today: date, count: int = MONTHS) -> list[Period]:
    """The ``count`` whole months before the month of ``today``, oldest first."""
    period = period_of(today, Frequency.MONTH)
    out: list[Period] = []
    for _ in range(count):
        period = period_of(period.first_day - timedelta(days=1), period.frequency)
        out.append(period)
    return out[::-1]


def skipped_quarter(today: date) -> Period:
    """The quarter whose 支部党员大会 ``SKIPPING_BRANCH`` did not hold."""
    quarter = period_of(today, Frequency.QUARTER)
    for _ in range(SKIPPED_QUARTER_BACK):
        quarter = period_of(quarter.first_day - timedelta(days=1), Frequency.QUARTER)
    return quarter


def irregular_months(months: list[Period]) -> list[Period]:
    """The months the irregular 党小组 met: two in three in the first year, then every other."""
    return [m for i, m in enumerate(months) if (i < 12 and i % 3 != 2) or (i >= 12 and i % 2 == 0)]


def _at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=_SHANGHAI)


def _holders() -> tuple[list[Organization], list[Organization]]:
    live = Organization.objects.filter(dissolved_on__isnull=True).order_by("path")
    return list(live.filter(kind__in=_BRANCH_KINDS)), list(live.filter(kind=OrgKind.GROUP))


def _with_committee(branches: list[Organization]) -> set[int]:
    rows = (
        Member.objects.filter(organization__in=branches, status=Status.NORMAL, stage=Stage.FULL)
        .values("organization_id")
        .annotate(n=Count("pk"))
    )
    return {r["organization_id"] for r in rows if r["n"] >= COMMITTEE_MINIMUM}


def _marks(meeting_id: int, rng: random.Random) -> tuple[tuple[int, str], ...]:
    meeting = Meeting.objects.select_related("organization").get(pk=meeting_id)
    return tuple((e.member_id, _roll(rng)) for e in attendees(meeting).should_attend)


def _hold(
    actor: User, org: Organization, day: date, kinds: tuple[MeetingKind, ...], topic: str,
    rng: random.Random,
) -> int:  # fmt: skip
    meeting = meeting_plan(actor=actor, data=MeetingInput(
        organization_id=org.pk, topic=topic, kinds=tuple(k.value for k in kinds),
        starts_at=_at(day, 14), ends_at=_at(day, 16), place="党员活动室",
        agenda=f"一、{topic}；二、交流研讨；三、布置下阶段工作",
    ))  # fmt: skip
    minutes = MinutesInput(
        content=f"{topic}。支部书记领学有关内容，与会党员结合岗位工作交流学习体会。",
        decisions="按计划推进本期重点工作，会后形成学习记录。",
        speakers="支部书记、支部委员及部分党员发言。",
        marks=_marks(meeting.pk, rng),
    )
    meeting_record(actor=actor, meeting_id=meeting.pk, minutes=minutes)
    return meeting.pk


SERVICE_MONTHS = 1  # the latest month goes through the services; older history in bulk


@dataclass(frozen=True)
class _Planned:
    org: Organization
    day: date
    kinds: tuple[MeetingKind, ...]
    topic: str


def _plan(today: date, seed: int, summary: MeetingsSummary) -> list[_Planned]:
    """Every meeting of the two years, in order of the organisations and months."""
    rng = random.Random(seed * 131 + 5)
    months = months_before(today)
    branches, groups = _holders()
    committees = _with_committee(branches)
    skip = skipped_quarter(today)
    planned: list[_Planned] = []
    for b, branch in enumerate(branches):
        for i, month in enumerate(months):
            day = month.first_day + timedelta(days=9 + rng.randrange(10))
            kinds: tuple[MeetingKind, ...] = (MeetingKind.THEME_DAY,)
            opens_quarter = month.index % 3 == 1 or i == 0  # the window may start mid-quarter
            if opens_quarter and not (b == SKIPPING_BRANCH and skip.contains(day)):
                kinds += (MeetingKind.BRANCH_ASSEMBLY, MeetingKind.PARTY_LECTURE)
            elif opens_quarter:
                summary.skipped.append(f"{branch.name}{skip.label}未召开支部党员大会")
            if month.index == 12:
                kinds += (MeetingKind.LIFE_MEETING, MeetingKind.DEMOCRATIC_REVIEW)
            planned.append(_Planned(branch, day, kinds, TOPICS[i % len(TOPICS)]))
            if branch.pk in committees:
                planned.append(_Planned(branch, day - timedelta(days=5),
                                        (MeetingKind.BRANCH_COMMITTEE,), "研究本月支部工作"))  # fmt: skip
    for g, group in enumerate(groups):
        for month in irregular_months(months) if g == IRREGULAR_GROUP else months:
            day = month.first_day + timedelta(days=3 + rng.randrange(20))
            planned.append(_Planned(group, day, (MeetingKind.GROUP_MEETING,), "党小组学习交流"))
    return planned


def _roll(rng: random.Random) -> str:
    roll = rng.random()
    mark = (
        Mark.PRESENT if roll < 0.84 else Mark.LATE if roll < 0.90
        else Mark.LEAVE if roll < 0.97 else Mark.ABSENT
    )  # fmt: skip
    return mark.value


def load_meetings(*, actor: User, reviewer: User, today: date, seed: int) -> MeetingsSummary:
    """Write the two years: the latest month through the services (plan, record with marks from
    the register of the day), older months through the bulk path; records older than
    ``REVIEWED_BEFORE_MONTHS`` reviewed; the returning branch's latest 党员大会 returned through
    the service. ``actor`` records (the system administrator stands in for the secretaries),
    ``reviewer`` is the 党委's organisation administrator."""
    summary = MeetingsSummary()
    rng = random.Random(seed * 977 + 3)
    months = months_before(today)
    branches, _ = _holders()
    summary.excusals, _ = _excuse_one(actor, branches, months[0].first_day)
    planned = _plan(today, seed, summary)
    service_from = months[-SERVICE_MONTHS].first_day
    review_before = months[-REVIEWED_BEFORE_MONTHS].first_day
    # The bulk history marks those the register of the day says should attend, as a record
    # through the service would: no one lost then, no one excused, no one not yet a member.
    history = [
        MeetingRow(p.org.pk, p.day, kinds, p.topic,
                   tuple((e.member_id, _roll(rng)) for e in attendees_on(p.org, p.day, kinds)
                         .should_attend),
                   reviewed=p.day < review_before)
        for p in planned if p.day < service_from
        for kinds in [tuple(k.value for k in p.kinds)]
    ]  # fmt: skip
    write_meetings(history, actor_id=actor.pk, reviewer_id=reviewer.pk)
    summary.meetings += len(history)
    summary.reviewed += sum(1 for r in history if r.reviewed)
    for p in planned:
        if p.day >= service_from:
            _hold(actor, p.org, p.day, p.kinds, p.topic, rng)
            summary.meetings += 1
    if len(branches) > RETURNING_BRANCH:
        summary.returned = _return_latest_assembly(reviewer, branches[RETURNING_BRANCH])
    summary.meetings += _plan_this_month(actor, branches, today)
    _review_last_year(actor, branches, today, rng)
    _talk(actor, branches, today, rng)
    return summary


def _plan_this_month(actor: User, branches: list[Organization], today: date) -> int:
    """A 主题党日 planned in the current month for every branch (late in the month, or today)."""
    month = period_of(today, Frequency.MONTH)
    day = min(max(today, month.first_day + timedelta(days=19)), month.last_day)
    for branch in branches:
        meeting_plan(actor=actor, data=MeetingInput(
            organization_id=branch.pk, topic=f"{month.label}主题党日：{TOPICS[today.month % len(TOPICS)]}",
            kinds=(MeetingKind.THEME_DAY.value,), starts_at=_at(day, 14), ends_at=_at(day, 16),
            place="党员活动室",
        ))  # fmt: skip
    return len(branches)


_RATINGS = ((Rating.EXCELLENT, 0.2), (Rating.QUALIFIED, 0.77), (Rating.BASICALLY_QUALIFIED, 0.03))


def _review_last_year(actor: User, branches: list[Organization], today: date,
                      rng: random.Random) -> None:  # fmt: skip
    """MEET-6: last year's 民主评议 for every member of each branch, in the article's order,
    rated on the day of the branch's December meeting marked 民主评议党员."""
    year = today.year - 1
    voters_by_org: dict[int, int] = {}
    for branch in branches:
        held = (
            Meeting.objects.filter(organization=branch, held_on__year=year,
                                   kinds__kind=MeetingKind.DEMOCRATIC_REVIEW.value)
            .order_by("-held_on").first()
        )  # fmt: skip
        if held is None:
            continue
        people = attendees(held).should_attend
        now_in = dict(
            Member.objects.filter(pk__in=[e.member_id for e in people]).values_list(
                "pk", "organization_id"
            )
        )
        for entry in people:
            # The ballots: at least one, at most those who could cast them in the member's
            # organisation on 31 December (the service's bound).
            voters = _voters(voters_by_org, now_in[entry.member_id], date(year, 12, 31))
            if voters == 0:
                continue
            rating = rng.choices([r for r, _ in _RATINGS], [w for _, w in _RATINGS])[0]
            total = max(1, voters - rng.randrange(min(3, voters)))
            if rating == Rating.EXCELLENT:
                excellent = min(total, total // 2 + 1)
            else:
                excellent = rng.randrange(total // 3 + 1)
            basically = 1 if rating == Rating.BASICALLY_QUALIFIED and total > excellent else 0
            qualified, unqualified = total - excellent - basically, 0
            democratic_review_record(actor=actor, member_id=entry.member_id, year=year,
                                     data=ReviewInput(
                self_assessment="对照党员标准，认真履行党员义务，完成岗位工作。",
                peer_assessment="工作认真负责，能发挥党员作用。",
                poll=(excellent, qualified, basically, unqualified),
                rating=rating.value, rated_on=held.held_on, meeting_id=held.pk,
            ))  # fmt: skip


def _voters(cache: dict[int, int], org_id: int, day: date) -> int:
    """Those who should attend in ``org_id``'s branch on ``day`` (excusals applied), cached."""
    if org_id not in cache:
        org = Organization.objects.get(pk=org_id)
        cache[org_id] = len(branch_register(branch_of(org), day).should_attend)
    return cache[org_id]


def _talk(actor: User, branches: list[Organization], today: date, rng: random.Random) -> None:
    """MEET-7: last year's and this year's 谈心谈话 of each branch: the committee among
    themselves, committee members with most members (a few left unreached)."""
    for year in (today.year - 1, today.year):
        day = min(date(year, 6, 15), today)
        for branch in branches:
            people = [e.member_id for e in branch_register_as_of(branch, day).should_attend]
            committee = sorted(committee_on(branch, day) & set(people))
            talker = committee[0] if committee else (people[0] if people else None)
            if talker is None:
                continue
            for other in committee[1:]:
                talk_record(actor=actor, organization_id=branch.pk, kind="committee",
                            talker_id=talker, listener_id=other, held_on=day, today=today)  # fmt: skip
            kind = "committee_member" if committee else "members"
            for member_id in people:
                if member_id in committee or member_id == talker or rng.random() < 0.15:
                    continue
                talk_record(actor=actor, organization_id=branch.pk, kind=kind, talker_id=talker,
                            listener_id=member_id, held_on=day, today=today,
                            summary="交流思想和工作情况，听取意见建议")  # fmt: skip


def _return_latest_assembly(reviewer: User, branch: Organization) -> int:
    from dangjian.meetings.models import MeetingState

    latest = (
        Meeting.objects.filter(organization=branch, kinds__kind=MeetingKind.BRANCH_ASSEMBLY.value,
                               state=MeetingState.RECORDED)
        .order_by("-held_on").first()
    )  # fmt: skip
    if latest is None:
        return 0
    meeting_review(actor=reviewer, meeting_id=latest.pk, accept=False,
                   reason="会议记录缺少签到表和会议照片，请补充后重新提交")  # fmt: skip
    return 1


def _excuse_one(actor: User, branches: list[Organization], since: date) -> tuple[int, set[int]]:
    """MEET-10: one member of the first branch excused for long illness, with the record."""
    if not branches:
        return 0, set()
    member = (
        Member.objects.filter(organization=branches[0], status=Status.NORMAL)
        .order_by("-birth_date", "pk")
        .first()
    )
    if member is None:
        return 0, set()
    excusal_record(actor=actor, member_id=member.pk, reason="长期患病住院治疗，经支部研究同意不参加组织生活",
                   starts_on=since)  # fmt: skip
    return 1, {member.pk}
