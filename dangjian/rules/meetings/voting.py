"""Votes and quorums at the meetings of a branch (MEET-1, MEET-2).

支部工作条例第十一条 (MEET-1): a 支部党员大会 that votes needs **half or more** of its voting
members present, and a decision passes with yes votes **more than half** of the voting members
who should attend (not of those present). 第十二条 (MEET-2): a 支部委员会会议 is valid with half
or more of the committee present. The development votes (DEV-12/13) are stricter and live in
``rules.development.voting``.
"""

from __future__ import annotations

from dataclasses import dataclass

from dangjian.rules.verdicts import Verdict


@dataclass(frozen=True)
class AssemblyVote:
    """``entitled``: voting members who should attend; ``present``: of them, present;
    ``yes``/``no``/``abstain``: the ballots. Raises ``ValueError`` (Chinese) for numbers that
    cannot all be true."""

    entitled: int
    present: int
    yes: int
    no: int = 0
    abstain: int = 0

    def __post_init__(self) -> None:
        if min(self.entitled, self.present, self.yes, self.no, self.abstain) < 0:
            raise ValueError("人数和票数不能为负数")
        if self.present > self.entitled:
            raise ValueError(f"实到{self.present}人，多于应到{self.entitled}人")
        if self.yes + self.no + self.abstain > self.present:
            raise ValueError(
                f"赞成{self.yes}、反对{self.no}、弃权{self.abstain}，合计多于实到{self.present}人"
            )


def _half_or_more(count: int, of: int) -> bool:
    return of > 0 and 2 * count >= of


def check_assembly_quorum(vote: AssemblyVote) -> Verdict:
    """MEET-1: half or more of the voting members present; 23 entitled: 11 fails, 12 passes,
    and 22 entitled: 11 passes (half is enough here, unlike DEV-12)."""
    counts = f"应到有表决权党员{vote.entitled}人，实到{vote.present}人"
    if _half_or_more(vote.present, vote.entitled):
        return Verdict.passed("MEET-1", f"{counts}，达到半数")
    need = (vote.entitled + 1) // 2
    return Verdict.blocked("MEET-1", f"{counts}，不足半数（须至少{need}人到会），不能进行表决")


def check_assembly_vote(vote: AssemblyVote) -> Verdict:
    """MEET-1: yes votes more than half of the voting members who should attend."""
    need = vote.entitled // 2 + 1
    text = f"赞成{vote.yes}票，应到有表决权党员{vote.entitled}人（须至少{need}票）"
    if vote.entitled > 0 and 2 * vote.yes > vote.entitled:
        return Verdict.passed("MEET-1", f"{text}，超过半数，决议通过")
    return Verdict.blocked("MEET-1", f"{text}，未超过半数，决议未通过")


def check_committee_quorum(members: int, present: int) -> Verdict:
    """MEET-2: a 支部委员会会议 is valid with half or more of the committee present."""
    if present < 0 or present > members:
        raise ValueError(f"到会委员{present}人，超出委员总数{members}人")
    counts = f"支部委员{members}人，到会{present}人"
    if _half_or_more(present, members):
        return Verdict.passed("MEET-2", f"{counts}，达到半数，会议有效")
    return Verdict.blocked("MEET-2", f"{counts}，不足半数，会议不能进行")


def check_committee_vote(vote: AssemblyVote) -> Verdict:
    """MEET-2: at a 支部委员会会议 a decision passes with yes votes more than half of the
    committee members (``vote.entitled``: the committee of that day), the majority rule of
    democratic centralism applied to the committee."""
    need = vote.entitled // 2 + 1
    text = f"赞成{vote.yes}票，支部委员{vote.entitled}人（须至少{need}票）"
    if vote.entitled > 0 and 2 * vote.yes > vote.entitled:
        return Verdict.passed("MEET-2", f"{text}，超过半数，决议通过")
    return Verdict.blocked("MEET-2", f"{text}，未超过半数，决议未通过")
