"""Votes at a meeting: MEET-1 for a 支部党员大会, MEET-2 for a 支部委员会会议.

Those entitled are never typed: for a 党员大会 they are the voting members of the register of
the meeting's day (the branch's register, even for a meeting a 党小组 convened); for a 支部委员会会议, the committee members
holding a post that day (``committee_on``). The result is refused or accepted with the
arithmetic and the article shown.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from dangjian.accounts.access import may_record_meeting, require
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.meetings.models import (
    Attendance,
    Mark,
    Meeting,
    MeetingEvent,
    MeetingState,
    MeetingVote,
)
from dangjian.meetings.selectors import (
    access_meeting,
    branch_of,
    branch_register,
    committee_on,
    floating_reason,
)
from dangjian.members.register import Register
from dangjian.rules.meetings.kinds import MeetingKind
from dangjian.rules.meetings.voting import (
    AssemblyVote,
    check_assembly_quorum,
    check_assembly_vote,
    check_committee_quorum,
    check_committee_vote,
)
from dangjian.rules.verdicts import Verdict

# A meeting with these states has its record: the attendance marks are the 实到 of its votes.
_RECORDED = (MeetingState.RECORDED, MeetingState.REVIEWED, MeetingState.RETURNED)
_THERE = (Mark.PRESENT, Mark.LATE)


def entitled_of(meeting: Meeting, kind: str, register: Register | None = None) -> set[int]:
    """The member ids entitled to vote at ``meeting`` held as ``kind``: the committee of the
    day (MEET-2), or the voting members of the branch's register of the day the record is
    kept against (MEET-1, ``selectors.branch_register``: whoever convened the meeting)."""
    if kind == MeetingKind.BRANCH_COMMITTEE:
        return committee_on(meeting.organization, meeting.held_on)
    register = register or branch_register(branch_of(meeting.organization), meeting.held_on)
    return {e.member_id for e in register.may_vote}


def recorded_present(meeting: Meeting, entitled: set[int]) -> set[int] | None:
    """Those of ``entitled`` marked 出席 or 迟到 in the meeting's record, or ``None`` when the
    meeting has no record yet."""
    if meeting.state not in _RECORDED:
        return None
    there = Attendance.objects.filter(meeting=meeting, member_id__in=entitled, mark__in=_THERE)
    return set(there.values_list("member_id", flat=True))


def _present(meeting: Meeting, kind: str, entitled: set[int], typed: set[int]) -> set[int]:
    """The 实到 of a vote: the record's when the meeting has one (an empty choice takes it, a
    different one is refused under ``present_ids`` with the record's figure), else the typed
    one, which must then match the votes already taken at the meeting (one meeting, one 实到).
    """
    record = recorded_present(meeting, entitled)
    if record is not None:
        if typed and typed != record:
            raise InvalidInput.one("present_ids", (
                f"到会人员应与会议记录一致：会议记录中有表决权的出席、迟到共{len(record)}人，"
                f"所选为{len(typed)}人；请按会议记录勾选，或不勾选以按会议记录计算"
            ))  # fmt: skip
        return record
    rule = "MEET-2" if kind == MeetingKind.BRANCH_COMMITTEE else "MEET-1"
    earlier = next((v for v in meeting.votes.order_by("pk") if _rule_of(v) == rule), None)
    if earlier is not None and earlier.present != len(typed):
        raise InvalidInput.one("present_ids", (
            f"到会人员应与本次会议已记录的表决“{earlier.subject}”一致（实到{earlier.present}人），"
            f"所选为{len(typed)}人"
        ))  # fmt: skip
    return typed


def _rule_of(vote: MeetingVote) -> str:
    """The article a stored vote was checked under (its quorum verdict's rule id)."""
    return str(vote.verdicts[0].get("rule_id", "")) if vote.verdicts else ""


def vote_kind(vote: MeetingVote) -> str:
    """The kind of meeting a stored vote was taken in: 支部委员会会议 (MEET-2) or 党员大会."""
    if _rule_of(vote) == "MEET-2":
        return MeetingKind.BRANCH_COMMITTEE.value
    return MeetingKind.BRANCH_ASSEMBLY.value


def _verdicts(
    meeting: Meeting, kind: str, present: set[int], yes: int, no: int, abstain: int
) -> tuple[int, set[int], list[Verdict]]:
    if kind == MeetingKind.BRANCH_COMMITTEE:
        entitled = entitled_of(meeting, kind)
        _within(present, entitled, "所选到会人员中有人不是支部委员")
        present = _present(meeting, kind, entitled, present)
        vote = _vote(len(entitled), len(present), yes, no, abstain)
        return (
            len(entitled),
            present,
            [
                check_committee_quorum(len(entitled), len(present)),
                check_committee_vote(vote),
            ],
        )
    # MEET-1 counts the branch's voting members, whoever convened the meeting.
    register = branch_register(branch_of(meeting.organization), meeting.held_on)
    entitled = entitled_of(meeting, kind, register)
    _within(present, entitled, "所选到会人员中有人不是应到会有表决权的党员")
    present = _present(meeting, kind, entitled, present)
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
    return len(entitled), present, checks


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
    yes: int, no: int = 0, abstain: int = 0, now: datetime | None = None,
) -> MeetingVote:  # fmt: skip
    """Record a vote on ``subject`` at a meeting held as ``kind`` (branch_assembly or
    branch_committee, one of the meeting's kinds). The vote is kept whether it passed or not;
    a vote without a quorum is refused (``InvalidInput`` under ``present_ids`` citing the
    article), since the meeting could not vote.

    A vote is taken only at a held meeting: ``Conflict`` for a cancelled one or one not begun
    at ``now``. Its 实到 is the meeting's record (出席、迟到 of those entitled) when there is
    one: ``present_ids`` empty takes it, a different choice is refused under ``present_ids``.
    """
    access_meeting(actor, meeting_id)  # 404 outside the scope
    # Locked like the record, so a vote and a record of the same meeting never interleave.
    meeting = Meeting.objects.select_for_update().select_related("organization").get(pk=meeting_id)
    if actor is not None:
        require(may_record_meeting(actor, meeting.organization), "无权记录该组织的会议")
    if meeting.state == MeetingState.CANCELLED:
        raise Conflict("会议已取消，不能记录表决")
    if meeting.starts_at > (now or timezone.now()):
        raise Conflict("会议尚未开始，不能记录表决")
    if (
        kind not in (MeetingKind.BRANCH_ASSEMBLY, MeetingKind.BRANCH_COMMITTEE)
        or not meeting.kinds.filter(kind=kind).exists()
    ):
        raise InvalidInput.one("kind", "表决须在本次会议的支部党员大会或支部委员会会议中进行")
    if not subject.strip() or len(subject.strip()) > 200:
        raise InvalidInput.one("subject", "请填写表决事项（200字以内）")
    entitled, present, verdicts = _verdicts(meeting, kind, set(present_ids), yes, no, abstain)
    quorum = verdicts[0]
    if quorum.is_block:
        raise InvalidInput.one("present_ids", quorum.text)
    vote = MeetingVote.objects.create(
        meeting=meeting, subject=subject.strip(), entitled=entitled, present=len(present),
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
