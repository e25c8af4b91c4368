"""The demo's 党员动态: transfers, 介绍信 and 流动党员 of shuji1's and shuji2's branches, written
through the services by the people who would record them (the sending secretary starts, the
党委 organisation administrator approves, the receiving secretary accepts or refuses).

Every date is relative to the day the demo is loaded:

- transfers in every state: one accepted (branch 1 -> branch 2, four months ago), one in
  progress awaiting the receiving 党委's approval, one awaiting branch 1's acceptance (on
  shuji1's "待我处理"), one refused with its reason, one cancelled;
- 介绍信 of branch 1: one expired five months ago without 回执 (the alert), one with its 回执,
  one cancelled, one current;
- 流动党员: out of branch 1 to Shenzhen with contacts, one abroad to study whose last contact
  was ten months ago (MEM-9 overdue), one returned, one out of branch 2, and one 流入 into
  branch 1 with a contact;
- 失联 and 党籍 (MEM-4, MEM-8), through the standing services: a member of branch 1 lost seven
  months ago and searched for twice, whose 停止党籍 proposal is due; one lost ten months ago,
  suspended by branch 1's decision eight days ago; one who died ten days ago (an exit);
- one member registered into branch 1 from an incoming 介绍信 nine days ago, 回执 sent.

The decisions and the arrival are dated within the last seventeen days, so the as-of counts of
the earlier days the demo's tests check are those of the planned archive.

Members are taken in a fixed order among those who are 正常, not floating, not lost, with no
login of their own (the demo's member accounts keep their plain records).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef
from django.utils import timezone

from dangjian.dynamics.floating import (
    FloatingInput,
    floating_contact,
    floating_record,
    floating_return,
)
from dangjian.dynamics.incoming import (
    IncomingLetterInput,
    incoming_receipt_send,
    member_register_incoming,
)
from dangjian.dynamics.services import (
    letter_cancel,
    letter_issue,
    letter_receipt,
    member_transfer_start,
    transfer_accept,
    transfer_approve,
    transfer_cancel,
    transfer_refuse,
)
from dangjian.dynamics.standing import (
    DecisionInput,
    lost_contact_open,
    member_exit,
    membership_suspend,
    search_attempt_add,
)
from dangjian.dynamics.standing_models import DecisionKind
from dangjian.members.choices import Status
from dangjian.members.inputs import MemberInput
from dangjian.members.models import Member, MemberPeriod, Position
from dangjian.orgs.models import Organization
from dangjian.rules.dates import YearMonth, add_months
from dangjian.rules.idcard import make_id_number


@dataclass(frozen=True)
class DynamicsActors:
    """The two demo branches, their secretaries, and the 党委's organisation administrator."""

    branch1: Organization
    branch2: Organization
    secretary1: User
    secretary2: User
    committee: User


@dataclass
class DynamicsResult:
    transfers: int = 0
    letters: int = 0
    floating: int = 0
    standing: int = 0
    incoming: int = 0


# The earliest day written here is 500 days back: a member whose archive changed since then
# cannot take a change dated before it.
SETTLED_DAYS = 520


class _Pool:
    """The members a branch's demo records may take, each once: from the front those without
    a party post (a transfer, an exit or a suspension ends a post, and the meetings already
    loaded mark the committee of their day), from the back those holding one (a floating
    member keeps the post)."""

    def __init__(self, members: list[Member]) -> None:
        self._members = deque(members)

    def __iter__(self) -> _Pool:
        return self

    def __next__(self) -> Member:
        if not self._members:
            raise StopIteration
        return self._members.popleft()

    def last(self) -> Member | None:
        return self._members.pop() if self._members else None


def _free_members(branch: Organization, day: date) -> _Pool:
    # A list taken now: a member moved in by an accepted transfer is not picked again.
    recent = MemberPeriod.objects.filter(
        valid_to__isnull=True, valid_from__gt=day - timedelta(days=SETTLED_DAYS)
    ).values("member_id")
    posted = Position.objects.filter(member_id=OuterRef("pk"), ended_on__isnull=True)
    return _Pool(list(
        Member.objects.filter(organization=branch, status=Status.NORMAL, is_floating=False,
                              lost_contact_since__isnull=True, user__isnull=True)
        .exclude(transfers__state__in=["approving", "awaiting"])
        .exclude(pk__in=recent)
        .order_by(Exists(posted).asc(), "pk")
    ))  # fmt: skip


def load_dynamics(*, actors: DynamicsActors, today: date | None = None) -> DynamicsResult:
    """Write the demo's transfers, letters and floating records (see the module's list)."""
    day = min(today or timezone.localdate(), timezone.localdate())  # services refuse the future
    result = DynamicsResult()
    free1, free2 = _free_members(actors.branch1, day), _free_members(actors.branch2, day)
    result.transfers = _transfers(actors, day, free1, free2)
    result.letters = _letters(actors, day, free1)
    result.floating = _floating(actors, day, free1, free2)
    result.standing = _standing(actors, day, free1)
    result.incoming = _incoming(actors, day)
    return result


def _start(actor: User, member: Member, to: Organization, on: date, reason: str) -> int:
    transfer = member_transfer_start(
        actor=actor, member_id=member.pk, to_org_id=to.pk, effective_on=on, reason=reason
    )
    return transfer.pk


def _approve_all(actors: DynamicsActors, transfer_id: int) -> None:
    for _level in range(2):  # the settings' default: sending, then receiving 党委
        transfer = transfer_approve(actor=actors.committee, transfer_id=transfer_id, note="同意")
        if transfer.next_level is None:
            return


def _transfers(actors: DynamicsActors, day: date, free1: _Pool, free2: _Pool) -> int:
    a, s1, s2 = actors, actors.secretary1, actors.secretary2
    done = 0
    member = next(free1, None)
    if member is not None:  # accepted four months ago
        tid = _start(s1, member, a.branch2, day - timedelta(days=130), "工作调动至运维检修部")
        _approve_all(a, tid)
        transfer_accept(actor=s2, transfer_id=tid, accepted_on=day - timedelta(days=120))
        done += 1
    member = next(free1, None)
    if member is not None:  # in progress: the sending 党委 approved, the receiving one has not
        tid = _start(s1, member, a.branch2, day - timedelta(days=6), "岗位交流")
        transfer_approve(actor=a.committee, transfer_id=tid, note="同意转出")
        done += 1
    member = next(free2, None)
    if member is not None:  # approved, waiting for branch 1 to accept
        tid = _start(s2, member, a.branch1, day - timedelta(days=12), "工作调动")
        _approve_all(a, tid)
        done += 1
    member = next(free1, None)
    if member is not None:  # refused by the receiving branch
        tid = _start(s1, member, a.branch2, day - timedelta(days=40), "工作调动")
        _approve_all(a, tid)
        transfer_refuse(actor=s2, transfer_id=tid,
                        reason="该同志尚未到新单位报到，请核实后重新办理")  # fmt: skip
        done += 1
    member = next(free2, None)
    if member is not None:  # withdrawn by the sending branch
        tid = _start(s2, member, a.branch1, day - timedelta(days=25), "借调")
        transfer_cancel(actor=s2, transfer_id=tid, reason="借调计划取消")
        done += 1
    return done


def _letters(actors: DynamicsActors, day: date, free1: _Pool) -> int:
    s1 = actors.secretary1
    plan = (
        (150, "湖北省武汉市洪山区委组织部", "随配偶工作调动", "none"),
        (60, "江苏省南京市鼓楼区委组织部", "考取公务员", "receipt"),
        (20, "浙江省杭州市西湖区委组织部", "工作调动", "cancel"),
        (5, "北京市海淀区委组织部", "升学", "none"),
    )
    done = 0
    for back, destination, reason, then in plan:
        member = next(free1, None)
        if member is None:
            break
        letter = letter_issue(actor=s1, member_id=member.pk, destination=destination,
                              reason=reason, issued_on=day - timedelta(days=back))  # fmt: skip
        if then == "receipt":
            letter_receipt(actor=s1, letter_id=letter.pk, receipt_on=day - timedelta(days=30),
                           receipt_org=f"{destination[:-3]}党委")  # fmt: skip
        elif then == "cancel":
            letter_cancel(actor=s1, letter_id=letter.pk, reason="本人暂缓调动")
        done += 1
    return done


def _out(
    actor: User, member: Member | None, place: str, since: date, abroad: bool = False
) -> int | None:
    if member is None:
        return None
    record = floating_record(actor=actor, data=FloatingInput(
        direction="out", place=place, since=since, member_id=member.pk,
        contact=f"1390000{member.pk % 10000:04d}", abroad_study=abroad,
        certificate_number="" if abroad else f"LD{since:%Y}{member.pk % 1000:03d}"))  # fmt: skip
    return record.pk


def _floating(actors: DynamicsActors, day: date, free1: _Pool, free2: _Pool) -> int:
    s1, s2, days = actors.secretary1, actors.secretary2, timedelta(days=1)
    done = 0
    rid = _out(s1, free1.last(), "广东省深圳市某电力工程公司", day - 200 * days)
    if rid is not None:
        floating_contact(actor=s1, record_id=rid, contacted_on=day - 150 * days, way="电话",
                         summary="在项目部工作，参加当地流动党员党支部活动")  # fmt: skip
        floating_contact(actor=s1, record_id=rid, contacted_on=day - 40 * days, way="微信",
                         summary="按时交纳党费")  # fmt: skip
        done += 1
    rid = _out(s1, free1.last(), "英国曼彻斯特大学（访问学者）", day - 420 * days, True)
    if rid is not None:  # last contact ten months ago: MEM-9 overdue
        floating_contact(actor=s1, record_id=rid, contacted_on=day - 300 * days,
                         way="视频通话", summary="学习情况良好")  # fmt: skip
        done += 1
    rid = _out(s1, free1.last(), "新疆哈密援疆项目", day - 500 * days)
    if rid is not None:
        floating_return(actor=s1, record_id=rid, returned_on=day - 100 * days)
        done += 1
    if _out(s2, free2.last(), "江苏省苏州市某光伏企业", day - 90 * days) is not None:
        done += 1
    inflow = floating_record(actor=s1, data=FloatingInput(
        direction="in", place="国网某省电力公司某县供电公司党支部", since=day - 80 * days,
        organization_id=actors.branch1.pk, name="韩晓东", contact="13900001234",
        certificate_number="LD2026017"))  # fmt: skip
    floating_contact(actor=s1, record_id=inflow.pk, contacted_on=day - 20 * days, way="面谈",
                     summary="参加本支部主题党日")  # fmt: skip
    return done + 1


def _standing(actors: DynamicsActors, day: date, free1: _Pool) -> int:
    """A proposal due, a suspension decided, a death recorded (see the module's list)."""
    s1, branch = actors.secretary1, actors.branch1
    done = 0
    member = next(free1, None)
    if member is not None:  # lost seven months, searched twice: 停止党籍 is proposed
        record = lost_contact_open(actor=s1, member_id=member.pk, lost_since=add_months(day, -7),
                                   circumstances="外出务工后更换手机号码，家属亦不知其去向")  # fmt: skip
        search_attempt_add(actor=s1, record_id=record.pk, searched_on=add_months(day, -6),
                           way="电话", result="原手机号码已停机")  # fmt: skip
        search_attempt_add(actor=s1, record_id=record.pk, searched_on=add_months(day, -3),
                           way="走访家属", result="家属称已一年多未联系")  # fmt: skip
        done += 1
    member = next(free1, None)
    if member is not None:  # lost ten months, searched, suspended by the branch's decision
        record = lost_contact_open(actor=s1, member_id=member.pk, lost_since=add_months(day, -10),
                                   circumstances="辞职离开本单位后失去联系")  # fmt: skip
        search_attempt_add(actor=s1, record_id=record.pk, searched_on=add_months(day, -9),
                           way="函询原户籍地社区", result="社区回复无此人近况")  # fmt: skip
        membership_suspend(actor=s1, member_id=member.pk, data=DecisionInput(
            decided_on=day - timedelta(days=8), deciding_org=branch.name,
            document_number=f"{branch.name}〔{day.year}〕3号",
            reason="失去联系满6个月，经多方查找仍无下落"))  # fmt: skip
        done += 1
    member = next(free1, None)
    if member is not None:  # an exit: death, recorded by the branch
        member_exit(actor=s1, member_id=member.pk, kind=DecisionKind.DEATH, data=DecisionInput(
            decided_on=day - timedelta(days=10), deciding_org=branch.name,
            reason="因病医治无效去世"))  # fmt: skip
        done += 1
    return done


def _incoming(actors: DynamicsActors, day: date) -> int:
    """One member registered into branch 1 from another system's 介绍信, 回执 sent."""
    arrived = day - timedelta(days=9)
    birth = date(1988, 2, 29)  # a day the planned people are not born on, so the number is free
    data = MemberInput(
        name="彭立新", gender="M", birth_date=birth,
        id_number=make_id_number("420111", birth, 497, "M"), ethnicity="汉族",
        education="postgraduate", occupation="professional", stage="full",
        dues_category="salaried", organization_id=actors.branch1.pk,
        joined_on=date(2014, 6, 20), confirmed_on=date(2015, 6, 20),
        applied_on=date(2012, 10, 8), phone="13900004321", work_unit="技术中心",
    )  # fmt: skip
    letter = IncomingLetterInput(
        number="鄂电党〔2026〕28号", issuing_org="中共国网某省电力公司某分公司委员会",
        issued_on=arrived - timedelta(days=12), valid_until=add_months(arrived, 2),
        received_on=arrived, from_unit="国网某省电力公司某分公司",
        dues_paid_to=YearMonth.from_date(add_months(arrived, -1)).first_day,
    )  # fmt: skip
    row = member_register_incoming(actor=actors.secretary1, data=data, letter=letter)
    incoming_receipt_send(actor=actors.secretary1, letter_id=row.pk,
                          sent_on=arrived + timedelta(days=2))  # fmt: skip
    return 1
