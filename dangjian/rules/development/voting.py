"""The 支部大会 that admits or confirms: who votes, quorum and the vote (DEV-12/13/16/18).

细则第十九条: the meeting is valid only when the voting members present are **more than half**
of those entitled. 第二十条: admitted only when the yes votes, written yes votes of absent
voting members submitted before the meeting included, are **more than half of all entitled**
(not of those present). 第三十二条: the confirmation meeting has the same thresholds. 党章第七条:
probationary members do not vote; 纪律处分条例第十二条: nor members under 留党察看.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from dangjian.rules.discipline import Sanction, under_probation_in_party
from dangjian.rules.verdicts import Verdict


class TallyError(ValueError):
    """A tally whose numbers contradict each other; ``field`` names the number at fault."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class Tally:
    """The counts of one vote on one candidate.

    ``entitled``: voting members entitled to attend (应到会有表决权的党员); ``present``: of them,
    those present; ``yes``/``no``/``abstain``: ballots at the meeting; ``written_yes`` and
    ``written_other``: written opinions of absent entitled members, handed in before the meeting.
    Raises ``TallyError`` naming the field when the numbers cannot all be true.
    """

    entitled: int
    present: int
    yes: int
    no: int = 0
    abstain: int = 0
    written_yes: int = 0
    written_other: int = 0

    def __post_init__(self) -> None:
        for name in ("entitled", "present", "yes", "no", "abstain", "written_yes", "written_other"):
            if getattr(self, name) < 0:
                raise TallyError(name, f"{_FIELD_LABELS[name]}不能为负数")
        if self.present > self.entitled:
            raise TallyError("present", f"实到{self.present}人，多于应到{self.entitled}人")
        if self.yes + self.no + self.abstain > self.present:
            raise TallyError(
                "yes",
                f"赞成{self.yes}、反对{self.no}、弃权{self.abstain}，合计多于实到{self.present}人",
            )
        absent = self.entitled - self.present
        if self.written_yes + self.written_other > absent:
            raise TallyError(
                "written_yes",
                f"书面意见{self.written_yes + self.written_other}份，多于未到会的{absent}人",
            )

    @property
    def yes_total(self) -> int:
        """Yes votes at the meeting plus written yes votes."""
        return self.yes + self.written_yes


_FIELD_LABELS = {
    "entitled": "应到人数",
    "present": "实到人数",
    "yes": "赞成票数",
    "no": "反对票数",
    "abstain": "弃权票数",
    "written_yes": "书面赞成票数",
    "written_other": "书面反对或弃权票数",
}


def _more_than_half(count: int, of: int) -> bool:
    return 2 * count > of


def _needed(of: int) -> int:
    """The smallest whole number more than half of ``of``: 12 of 23, 13 of 24."""
    return of // 2 + 1


def check_quorum(tally: Tally, *, confirmation: bool = False) -> Verdict:
    """DEV-12 (DEV-18 for confirmation): present voting members more than half of the entitled.

    Written opinions do not make anyone present. 23 entitled: 11 present fails, 12 passes.
    """
    rule = "DEV-18" if confirmation else "DEV-12"
    counts = f"应到会有表决权党员{tally.entitled}人，实到{tally.present}人"
    if tally.entitled > 0 and _more_than_half(tally.present, tally.entitled):
        return Verdict.passed(rule, f"{counts}，超过半数")
    return Verdict.blocked(
        rule,
        f"{counts}，未超过半数（须至少{_needed(tally.entitled)}人到会），会议不能讨论表决",
    )


def check_vote(tally: Tally, *, confirmation: bool = False) -> Verdict:
    """DEV-13 (DEV-18 for confirmation): yes votes more than half of ALL entitled.

    "赞成11票+书面赞成2票=13票，超过应到人数半数（须至少12票）". 23 entitled: 11 yes fails, 12
    passes; 11 yes plus 1 written yes passes.
    """
    rule = "DEV-18" if confirmation else "DEV-13"
    what = "转为正式党员" if confirmation else "接收为预备党员"
    sum_text = (
        f"赞成{tally.yes}票+书面赞成{tally.written_yes}票={tally.yes_total}票"
        if tally.written_yes
        else f"赞成{tally.yes}票"
    )
    need = f"应到会有表决权党员{tally.entitled}人的半数（须至少{_needed(tally.entitled)}票）"
    if tally.entitled > 0 and _more_than_half(tally.yes_total, tally.entitled):
        return Verdict.passed(rule, f"{sum_text}，超过{need}，同意{what}")
    return Verdict.blocked(rule, f"{sum_text}，未超过{need}，决议未通过")


def check_meeting(tally: Tally, *, confirmation: bool = False) -> tuple[Verdict, Verdict]:
    """Quorum and vote together: the two verdicts shown with the result."""
    return check_quorum(tally, confirmation=confirmation), check_vote(
        tally, confirmation=confirmation
    )


def check_voting_right(*, is_full_member: bool, sanctions: Iterable[Sanction], on: date) -> Verdict:
    """DEV-16 and DISC-1: only a full member not under 留党察看 votes at the meeting.

    The register selector asks this of each member of the branch as of the meeting day.
    """
    if not is_full_member:
        return Verdict.blocked("DEV-16", "预备党员没有表决权，不计入应到会有表决权的党员")
    probation = under_probation_in_party(tuple(sanctions), on)
    if probation is not None:
        return Verdict.blocked(
            "DISC-1", f"{probation.description}，察看期间没有表决权，不计入应到会有表决权的党员"
        )
    return Verdict.passed("DEV-16", "正式党员，有表决权")


def check_resolution(
    *, performance: str, tally: Tally | None, resolved_on: date | None, secretary_signed: bool
) -> Verdict:
    """DEV-24: the resolution states the main performance, the entitled and present voting
    members, the result, the date, and carries the secretary's signature (细则第二十一条)."""
    missing = [
        label
        for label, present in (
            ("发展对象的主要表现", bool(performance.strip())),
            ("应到会和实际到会有表决权的党员人数及表决结果", tally is not None),
            ("通过决议的日期", resolved_on is not None),
            ("党支部书记签名", secretary_signed),
        )
        if not present
    ]
    if missing:
        return Verdict.blocked("DEV-24", f"党支部党员大会决议缺少：{'、'.join(missing)}")
    return Verdict.passed("DEV-24", "决议写明主要表现、到会人数、表决结果、日期和书记签名")
