"""谈心谈话 (MEET-7): the records, and a branch's yearly coverage (who has not been talked with).

教育管理条例第十九条 and practice: at least once a year between committee members, between
committee members and members, and between members. Coverage counts a member as reached when
they took part in at least one talk in the year, either side.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from dangjian.accounts.access import may_record_meeting, require, scope_for
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.errors import InvalidInput
from dangjian.meetings.models import Talk, TalkKind
from dangjian.members.models import Member
from dangjian.members.register import RegisterEntry, branch_register_as_of
from dangjian.orgs.models import Organization


@transaction.atomic
def talk_record(
    *, actor: Actor, organization_id: int, kind: str, talker_id: int, listener_id: int,
    held_on: date, summary: str = "", today: date | None = None,
) -> Talk:  # fmt: skip
    """Record one talk between two members of a branch. ``InvalidInput`` names the field."""
    org = Organization.objects.filter(pk=organization_id).first()
    if org is None or (actor is not None and not scope_for(actor).covers_org(org)):
        raise InvalidInput.one("organization_id", "未找到该党支部，或无权记录")
    if actor is not None:
        require(may_record_meeting(actor, org), "无权记录该党支部的谈心谈话")
    if kind not in TalkKind.values:
        raise InvalidInput.one("kind", "请选择谈话类型")
    if talker_id == listener_id:
        raise InvalidInput.one("listener_id", "谈心谈话须在两人之间进行")
    members = set(Member.objects.filter(pk__in=[talker_id, listener_id], organization=org)
                  .values_list("pk", flat=True))  # fmt: skip
    for field, member_id in (("talker_id", talker_id), ("listener_id", listener_id)):
        if member_id not in members:
            raise InvalidInput.one(field, "所选人员不是本支部党员")
    if held_on > (today or date.today()):
        raise InvalidInput.one("held_on", "谈话日期不能晚于今天")
    text = summary.strip()
    if len(text) > 500:
        raise InvalidInput.one("summary", f"谈话要点最多500个字，实为{len(text)}个字")
    talk = Talk.objects.create(organization=org, kind=kind, talker_id=talker_id, listener_id=listener_id,
                               held_on=held_on, summary=text, recorded_by=acting_user(actor))  # fmt: skip
    audit(
        actor=actor, action="meeting.talk", obj=talk, detail=f"{held_on} {talk.get_kind_display()}"
    )
    return talk


@dataclass(frozen=True)
class TalkCoverage:
    """A branch's year: those who should be talked with, and those not reached yet."""

    year: int
    members: tuple[RegisterEntry, ...]
    reached: frozenset[int]

    @property
    def not_reached(self) -> tuple[RegisterEntry, ...]:
        return tuple(m for m in self.members if m.member_id not in self.reached)

    @property
    def rate(self) -> float:
        return (
            len(self.reached & {m.member_id for m in self.members}) / len(self.members)
            if self.members
            else 1.0
        )


def talk_coverage(organization: Organization, year: int, on: date) -> TalkCoverage:
    """MEET-7 coverage of ``organization`` in ``year``, with the register of ``on`` (two queries
    plus the register's). The caller has checked the asker may see the branch."""
    register = branch_register_as_of(organization, on)
    people = tuple(register.should_attend)
    talks = Talk.objects.filter(organization=organization, held_on__year=year)
    reached = set(talks.values_list("talker_id", flat=True)) | set(
        talks.values_list("listener_id", flat=True)
    )
    return TalkCoverage(year, people, frozenset(reached))


__all__ = ["TalkCoverage", "talk_coverage", "talk_record"]
