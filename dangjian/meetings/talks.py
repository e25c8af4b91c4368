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
from dangjian.meetings.selectors import committee_on
from dangjian.members.register import RegisterEntry, branch_register_as_of
from dangjian.orgs.models import Organization
from dangjian.rules.dates import format_cn_date
from dangjian.rules.sources import rule_citation


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
    if held_on > (today or date.today()):
        raise InvalidInput.one("held_on", "谈话日期不能晚于今天")
    _parties_fit(org, kind, held_on, talker_id, listener_id)
    text = summary.strip()
    if len(text) > 500:
        raise InvalidInput.one("summary", f"谈话要点最多500个字，实为{len(text)}个字")
    talk = Talk.objects.create(organization=org, kind=kind, talker_id=talker_id, listener_id=listener_id,
                               held_on=held_on, summary=text, recorded_by=acting_user(actor))  # fmt: skip
    audit(
        actor=actor, action="meeting.talk", obj=talk, detail=f"{held_on} {talk.get_kind_display()}"
    )
    return talk


def _parties_fit(org: Organization, kind: str, day: date, talker_id: int, listener_id: int) -> None:
    """Both people belong to the branch's register of ``day`` (in good standing that day), and
    the kind fits who they were: 支委委员之间 needs two committee members of that day,
    支委委员与党员之间 at least one (MEET-7). Raises ``InvalidInput`` naming the field."""
    register = branch_register_as_of(org, day)
    committee = committee_on(org, day)
    people = (("talker_id", talker_id, "谈话人"), ("listener_id", listener_id, "谈话对象"))
    names: dict[int, str] = {}
    for field, member_id, role in people:
        entry = register.entry(member_id)
        if entry is None or not entry.should_attend:
            raise InvalidInput.one(field, f"{role}不是{format_cn_date(day)}本支部的党员")
        names[member_id] = entry.name
    citation = f"（依据{rule_citation('MEET-7')}）"
    on_committee = [member_id in committee for _, member_id, _ in people]
    if kind == TalkKind.COMMITTEE:
        for (field, member_id, role), sits in zip(people, on_committee, strict=True):
            if not sits:
                raise InvalidInput.one(field, (
                    f"支委委员之间的谈话须双方均为支部委员，{role}{names[member_id]}"
                    f"在{format_cn_date(day)}不是支部委员{citation}"
                ))  # fmt: skip
    if kind == TalkKind.COMMITTEE_MEMBER and not any(on_committee):
        raise InvalidInput.one(
            "talker_id",
            f"支委委员与党员之间的谈话须有一方为{format_cn_date(day)}的支部委员{citation}",
        )


def offered_people(org: Organization, day: date) -> list[tuple[int, str]]:
    """Who a form offers for ``org`` on ``day``: the register of that day (in good standing),
    not everyone ever on its roll; by that day's tree order and pinyin."""
    return [(e.member_id, e.name) for e in branch_register_as_of(org, day).should_attend]


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


__all__ = ["TalkCoverage", "offered_people", "talk_coverage", "talk_record"]
