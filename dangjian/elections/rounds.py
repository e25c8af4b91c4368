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
from dangjian.rules.elections import BallotSheets, Count, Result, elect

ELECTED = "当选"
TIED = "得票相等，进入另行选举"
NOT_PASSED = "未过半数"
NOT_ELECTED = "未当选"


@dataclass(frozen=True)
class RoundRow:
    """One candidate in one round: votes, whether the yes votes pass the majority of those
    present, and the outcome of this round (``ELECTED``, ``TIED``, ``NOT_PASSED``,
    ``NOT_ELECTED``). ``write_in``: a person voters wrote in (另选他人), not a candidate."""

    name: str
    yes: int
    no: int
    abstain: int
    passes: bool
    outcome: str
    write_in: bool = False

    @property
    def elected(self) -> bool:
        return self.outcome == ELECTED

    @property
    def label(self) -> str:
        """The name as every door prints it: a write-in says so."""
        return f"{self.name}（另选他人）" if self.write_in else self.name

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "yes": self.yes, "no": self.no, "abstain": self.abstain,
                "passes": self.passes, "outcome": self.outcome, "write_in": self.write_in}  # fmt: skip


@dataclass(frozen=True)
class Round:
    """One vote: ``number`` 0 for the first, n for the n-th run-off; ``seats`` to fill in it;
    ``sheets`` its own ballot papers (issued, returned, invalid, valid)."""

    number: int
    seats: int
    rows: tuple[RoundRow, ...]
    text: str
    sheets: BallotSheets

    @property
    def label(self) -> str:
        return "第一轮投票" if self.number == 0 else f"第{self.number}次另行选举"

    def as_dict(self) -> dict[str, Any]:
        return {"number": self.number, "label": self.label, "seats": self.seats,
                "rows": [r.as_dict() for r in self.rows], "text": self.text,
                "ballots_issued": self.sheets.issued, "ballots_returned": self.sheets.returned,
                "invalid_ballots": self.sheets.invalid, "valid_ballots": self.sheets.valid}  # fmt: skip


def _outcome(name: str, result: Result) -> str:
    if name in result.elected:
        return ELECTED
    if name in result.runoff:
        return TIED
    if name in result.not_passed:
        return NOT_PASSED
    return NOT_ELECTED


def written_in(election: Election) -> frozenset[int]:
    """The member ids of the people voters wrote in (另选他人) at the first vote. A person
    written in stays 另选他人 in every run-off they reach: older records stored a run-off's
    rows without the mark, so every door reads it from here."""
    return frozenset(int(t["member_id"]) for t in election.tally if t.get("write_in"))


def round_rows(
    tally: Sequence[dict[str, Any]], seats: int, present: int,
    written: frozenset[int] = frozenset(),
) -> tuple[RoundRow, ...]:  # fmt: skip
    """The rows of one round (``tally``: ``{"member_id", "name", "yes", "no", "abstain"}`` per
    candidate, then per write-in with ``"write_in": true``, as stored), each with its outcome by
    ELEC-3 for ``seats`` and ``present`` voters: a write-in passes and wins like a candidate.
    ``written``: the member ids written in at the first vote (``written_in``), marked 另选他人
    in this round too."""
    counts = [Count(str(t["name"]), int(t["yes"]), int(t["no"]), int(t["abstain"]),
                    bool(t.get("write_in")) or int(t.get("member_id", 0)) in written)
              for t in tally]  # fmt: skip
    result = elect(counts, seats, present)
    return tuple(
        RoundRow(c.name, c.yes, c.no, c.abstain, 2 * c.yes > present, _outcome(c.name, result),
                 c.write_in)
        for c in counts
    )  # fmt: skip


def first_sheets(election: Election) -> BallotSheets:
    """The first vote's papers; a record without them had one per member present."""
    present = election.present or 0
    issued = present if election.ballots_issued is None else election.ballots_issued
    returned = issued if election.ballots_returned is None else election.ballots_returned
    return BallotSheets(issued, returned, election.invalid_ballots)


def runoff_sheets(runoff: dict[str, Any], present: int) -> BallotSheets:
    """A run-off's own papers; a record without them had one per member present, none invalid."""
    issued = int(runoff.get("issued", present))
    return BallotSheets(issued, int(runoff.get("returned", issued)), int(runoff.get("invalid", 0)))


def election_rounds(election: Election) -> list[Round]:
    """The first vote and every run-off held, in order; empty before the meeting."""
    present = election.present
    if present is None or not election.tally:
        return []
    first_text = next((str(v["text"]) for v in election.verdicts if v["rule_id"] == "ELEC-3"), "")
    written = written_in(election)
    rounds = [Round(0, election.seats, round_rows(election.tally, election.seats, present),
                    first_text, first_sheets(election))]  # fmt: skip
    for n, r in enumerate(election.runoffs, start=1):
        seats = int(r["seats"])
        rounds.append(Round(n, seats, round_rows(r["tally"], seats, present, written),
                            str(r["text"]), runoff_sheets(r, present)))  # fmt: skip
    return rounds
