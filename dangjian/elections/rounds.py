"""Each round of an election's tally with its own outcome (ELEC-3), for every door that shows
it: the election page, the Excel result, the Word/PDF report and the API.

A round's outcome is recomputed from that round's stored votes alone: a candidate tied at the
cut in the first vote is 得票相等，进入另行选举 there, and 当选 only in the run-off that elects
them. Reading the final list of the elected instead would mark the run-off's winner elected
in the first round, which the report to the higher organisation must not say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dangjian.elections.models import Election
from dangjian.rules.elections import Count, Result, elect

ELECTED = "当选"
TIED = "得票相等，进入另行选举"
NOT_PASSED = "未过半数"
NOT_ELECTED = "未当选"


@dataclass(frozen=True)
class RoundRow:
    """One candidate in one round: votes, whether the yes votes pass the majority of those
    present, and the outcome of this round (``ELECTED``, ``TIED``, ``NOT_PASSED``,
    ``NOT_ELECTED``)."""

    name: str
    yes: int
    no: int
    abstain: int
    passes: bool
    outcome: str

    @property
    def elected(self) -> bool:
        return self.outcome == ELECTED

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "yes": self.yes, "no": self.no, "abstain": self.abstain,
                "passes": self.passes, "outcome": self.outcome}  # fmt: skip


@dataclass(frozen=True)
class Round:
    """One vote: ``number`` 0 for the first, n for the n-th run-off; ``seats`` to fill in it."""

    number: int
    seats: int
    rows: tuple[RoundRow, ...]
    text: str

    @property
    def label(self) -> str:
        return "第一轮投票" if self.number == 0 else f"第{self.number}次另行选举"

    def as_dict(self) -> dict[str, Any]:
        return {"number": self.number, "label": self.label, "seats": self.seats,
                "rows": [r.as_dict() for r in self.rows], "text": self.text}  # fmt: skip


def _outcome(name: str, result: Result) -> str:
    if name in result.elected:
        return ELECTED
    if name in result.runoff:
        return TIED
    if name in result.not_passed:
        return NOT_PASSED
    return NOT_ELECTED


def round_rows(tally: Sequence[dict[str, Any]], seats: int, present: int) -> tuple[RoundRow, ...]:
    """The rows of one round (``tally``: ``{"name", "yes", "no", "abstain"}`` per candidate,
    as stored), each with its outcome by ELEC-3 for ``seats`` and ``present`` voters."""
    counts = [Count(str(t["name"]), int(t["yes"]), int(t["no"]), int(t["abstain"])) for t in tally]
    result = elect(counts, seats, present)
    return tuple(
        RoundRow(c.name, c.yes, c.no, c.abstain, 2 * c.yes > present, _outcome(c.name, result))
        for c in counts
    )


def election_rounds(election: Election) -> list[Round]:
    """The first vote and every run-off held, in order; empty before the meeting."""
    present = election.present
    if present is None or not election.tally:
        return []
    first_text = next((str(v["text"]) for v in election.verdicts if v["rule_id"] == "ELEC-3"), "")
    rounds = [Round(0, election.seats, round_rows(election.tally, election.seats, present),
                    first_text)]  # fmt: skip
    for n, r in enumerate(election.runoffs, start=1):
        seats = int(r["seats"])
        rounds.append(Round(n, seats, round_rows(r["tally"], seats, present), str(r["text"])))
    return rounds
