"""Votes at a meeting: MEET-1 for a 支部党员大会, MEET-2 for a 支部委员会会议.

Those entitled are never typed: for a 党员大会 they are the voting members of the register of
the meeting's day (the branch's register, even for a meeting a 党小组 convened); for a 支部委员会会议, the committee members
holding a post that day (``committee_on``). The result is refused or accepted with the
arithmetic and the article shown.
"""

from __future__ import annotations

from django.db import transaction

from dangjian.accounts.access import may_record_meeting, require
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.errors import InvalidInput
from dangjian.meetings.models import Meeting, MeetingEvent, MeetingVote
from dangjian.meetings.selectors import (
    access_meeting,
    branch_of,
    branch_register,
    committee_on,
    floating_reason,
)
from dangjian.rules.meetings.kinds import MeetingKind
from dangjian.rules.meetings.voting import (
    AssemblyVote,
    check_assembly_quorum,
    check_assembly_vote,
    check_committee_quorum,
    check_committee_vote,
)
from dangjian.rules.verdicts import Verdict


def _verdicts(
    meeting: Meeting, kind: str, present: set[int], yes: int, no: int, abstain: int
) -> tuple[int, list[Verdict]]:
    if kind == MeetingKind.BRANCH_COMMITTEE:
        entitled = committee_on(meeting.organization, meeting.held_on)
        _within(present, entitled, "所选到会人员中有人不是支部委员")
        vote = _vote(len(entitled), len(present), yes, no, abstain)
        return len(entitled), [
            check_committee_quorum(len(entitled), len(present)),
            check_committee_vote(vote),
        ]
    # MEET-1 counts the branch's voting members, whoever convened the meeting.
    register = branch_register(branch_of(meeting.organization), meeting.held_on)
    entitled = {e.member_id for e in register.may_vote}
    _within(present, entitled, "所选到会人员中有人不是应到会有表决权的党员")
    vote = _vote(len(entitled), len(present), yes, no, abstain)
    checks = [check_assembly_quorum(vote), check_assembly_vote(vote)]
    floating = [
        f"{e.name}（{floating_reason(e)}）" for e in register.may_vote if floating_reason(e)
    ]
    if floating:  # MEM-3: they keep their vote at home; MEET-10: left out only with a record
        checks.append(Verdict.warning("MEM-3", (
            f"应到有表决权党员中含流动党员{len(floating)}人：{'、'.join(floating)}；"
            "经批准不参加组织生活的，须先登记免参加，方可不计入应到"
        )))  # fmt: skip
    return len(entitled), checks


def _within(present: set[int], entitled: set[int], message: str) -> None:
    if not present <= entitled:
        raise InvalidInput.one("present_ids", message)


def _vote(entitled: int, present: int, yes: int, no: int, abstain: int) -> AssemblyVote:
    try:
        return AssemblyVote(entitled, present, yes, no, abstain)
    except ValueError as error:
        raise InvalidInput.one("yes", str(error)) from None


@transaction.atomic
def meeting_vote_record(
    *, actor: Actor, meeting_id: int, subject: str, kind: str, present_ids: tuple[int, ...],
    yes: int, no: int = 0, abstain: int = 0,
) -> MeetingVote:  # fmt: skip
    """Record a vote on ``subject`` at a meeting held as ``kind`` (branch_assembly or
    branch_committee, one of the meeting's kinds). The vote is kept whether it passed or not;
    a vote without a quorum is refused (``InvalidInput`` under ``present_ids`` citing the
    article), since the meeting could not vote."""
    meeting = access_meeting(actor, meeting_id)
    if actor is not None:
        require(may_record_meeting(actor, meeting.organization), "无权记录该组织的会议")
    if (
        kind not in (MeetingKind.BRANCH_ASSEMBLY, MeetingKind.BRANCH_COMMITTEE)
        or not meeting.kinds.filter(kind=kind).exists()
    ):
        raise InvalidInput.one("kind", "表决须在本次会议的支部党员大会或支部委员会会议中进行")
    if not subject.strip() or len(subject.strip()) > 200:
        raise InvalidInput.one("subject", "请填写表决事项（200字以内）")
    entitled, verdicts = _verdicts(meeting, kind, set(present_ids), yes, no, abstain)
    quorum = verdicts[0]
    if quorum.is_block:
        raise InvalidInput.one("present_ids", quorum.text)
    vote = MeetingVote.objects.create(
        meeting=meeting, subject=subject.strip(), entitled=entitled, present=len(set(present_ids)),
        yes=yes, no=no, abstain=abstain, passed=not verdicts[1].is_block,
        verdicts=[{"rule_id": v.rule_id, "outcome": v.outcome.value, "text": v.text} for v in verdicts],
        recorded_by=acting_user(actor),
    )  # fmt: skip
    MeetingEvent.objects.create(meeting=meeting, action="vote", reason=vote.subject,
                                changes={"passed": vote.passed}, actor=acting_user(actor))  # fmt: skip
    audit(
        actor=actor,
        action="meeting.vote",
        obj=meeting,
        detail=f"{vote.subject}：{verdicts[1].text}",
    )
    return vote
