"""The arithmetic of 换届选举 and the term ladder (ELEC-1..ELEC-4, ORG-5).

- ELEC-2 (选举条例第十三条): candidates outnumber seats by at least 20%, rounded up: 3 seats
  need 4 candidates, 5 need 6, 7 need 9.
- ELEC-1: the election meeting is valid only when the voting members present are more than
  4/5 of those who should attend (a setting may read it "not fewer than"); members left out
  with approval do not count among those who should attend.
- ELEC-3: a candidate is elected only with yes votes more than half of the voting members
  present; more passing than seats: the highest win; a tie at the cut: a new vote between the
  tied candidates for the seats left. Fewer passing than seats: the shortfall is stated, never
  silent; RULES.md is silent on what follows, so the service offers another round (另行选举)
  among the candidates on the approved list who did not pass (never a person written in,
  even one a tie took into a run-off), or closes with the shortfall recorded.
- ORG-5: the reminder ladder before and after a term ends (setting: 6 months, 3 months, then
  every month while overdue); a postponement or an advance of at most one year, with approval.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dangjian.rules.dates import add_months, add_years, format_cn_date
from dangjian.rules.verdicts import Verdict

CANDIDATE_MARGIN = 0.2
QUORUM_FIFTHS = 4
POSTPONE_MAX_YEARS = 1
DEFAULT_LADDER = (6, 3)  # months before the term ends; then monthly while overdue

_d = format_cn_date


def candidates_needed(seats: int) -> int:
    """ELEC-2: at least 20% more candidates than seats, rounded up (3 -> 4, 5 -> 6, 7 -> 9)."""
    if seats < 1:
        raise ValueError("应选人数至少为1")
    # Integer arithmetic: 5 * 1.2 in floats is 6.000000000000001, which would round up to 7.
    return seats + math.ceil(seats * 2 / 10)


def check_candidates(seats: int, candidates: int) -> Verdict:
    """ELEC-2 on the 请示: the candidate list against the seats."""
    need = candidates_needed(seats)
    text = f"应选{seats}名，候选人{candidates}名"
    if candidates >= need:
        return Verdict.passed("ELEC-2", f"{text}，多于应选人数20%（至少{need}名）")
    return Verdict.blocked("ELEC-2", f"{text}，候选人应多于应选人数的20%，至少{need}名")


def check_election_quorum(should_attend: int, present: int, *, at_least: bool = False) -> Verdict:
    """ELEC-1: present voting members more than 4/5 of those who should attend (``at_least``:
    the setting that reads it as "not fewer than 4/5"). 10 should attend: 8 fails (exactly
    4/5), 9 passes; with ``at_least`` 8 passes."""
    if present < 0 or present > should_attend:
        raise ValueError(f"实到{present}人，超出应到{should_attend}人")
    counts = f"应到会有选举权党员{should_attend}人，实到{present}人"
    five_present, four_should = 5 * present, QUORUM_FIFTHS * should_attend
    met = five_present >= four_should if at_least else five_present > four_should
    if should_attend > 0 and met:
        return Verdict.passed(
            "ELEC-1", f"{counts}，{'不少于' if at_least else '超过'}五分之四，选举有效"
        )
    need = math.ceil(four_should / 5) if at_least else four_should // 5 + 1
    return Verdict.blocked(
        "ELEC-1",
        f"{counts}，{'少于' if at_least else '未超过'}五分之四（须至少{need}人），不能进行选举",
    )


@dataclass(frozen=True)
class Count:
    """One person's votes: yes, no, abstain. ``write_in``: a person not on the candidate list
    whom voters wrote in (另选他人, 党章第十一条): yes votes only, ``no`` and ``abstain`` 0."""

    name: str
    yes: int
    no: int = 0
    abstain: int = 0
    write_in: bool = False


@dataclass(frozen=True)
class Result:
    """ELEC-3: who is elected, who passed but lost at the cut, who tied at the cut (a new vote
    between them for ``seats_left``), and who failed the majority."""

    elected: tuple[str, ...]
    runoff: tuple[str, ...]
    seats_left: int
    not_passed: tuple[str, ...]
    lost_at_cut: tuple[str, ...]
    present: int
    seats: int = 0

    @property
    def shortfall(self) -> int:
        """Seats left empty because too few passed (ELEC-3), beyond any tie's run-off."""
        return max(0, self.seats - len(self.elected) - self.seats_left)

    @property
    def text(self) -> str:
        """The result as the report states it, with the threshold."""
        parts = [f"到会有选举权党员{self.present}人，当选须赞成票超过{self.present // 2}票"]
        if self.elected:
            parts.append(f"当选：{'、'.join(self.elected)}")
        if self.shortfall:
            parts.append(
                f"当选{len(self.elected)}人，少于应选{self.seats}人，缺额{self.shortfall}名"
            )
        if self.runoff:
            parts.append(
                f"{'、'.join(self.runoff)}得票相等，须就剩余{self.seats_left}个名额另行投票"
            )
        if self.not_passed:
            parts.append(f"未过半数：{'、'.join(self.not_passed)}")
        return "；".join(parts)


@dataclass(frozen=True)
class BallotProblem:
    """A tally that cannot be: ``field`` names what to correct (``ballots_issued``,
    ``ballots_returned``, ``invalid_ballots``, ``ballots`` or ``write_ins``), ``text`` says why
    in Chinese (without the citation)."""

    field: str
    text: str


@dataclass(frozen=True)
class BallotSheets:
    """The ballot papers of one vote: ``issued`` to the voting members present, ``returned``
    into the box, ``invalid`` among those returned. ``valid`` (returned less invalid) is the
    base every count of that vote is checked against."""

    issued: int
    returned: int
    invalid: int = 0

    @property
    def valid(self) -> int:
        return self.returned - self.invalid

    @property
    def text(self) -> str:
        """ "发出选票10张，收回10张，其中无效票1张、有效票9张"."""
        return (f"发出选票{self.issued}张，收回{self.returned}张，"
                f"其中无效票{self.invalid}张、有效票{self.valid}张")  # fmt: skip


def check_sheets(sheets: BallotSheets, present: int) -> BallotProblem | None:
    """The papers of one vote: returned <= issued <= present, invalid <= returned, none negative
    (a vote returning more papers than were issued is void). None when they can be."""
    if sheets.issued < 0 or sheets.issued > present:
        return BallotProblem(
            "ballots_issued",
            f"发出选票{sheets.issued}张，不能为负数或多于到会有选举权党员{present}人",
        )
    if sheets.returned < 0 or sheets.returned > sheets.issued:
        return BallotProblem(
            "ballots_returned",
            f"收回选票{sheets.returned}张，多于发出选票{sheets.issued}张或为负数，本次投票无效",
        )
    if sheets.invalid < 0 or sheets.invalid > sheets.returned:
        return BallotProblem(
            "invalid_ballots",
            f"无效票{sheets.invalid}张，不能为负数或多于收回选票{sheets.returned}张",
        )
    return None


def check_round(
    counts: Sequence[Count], present: int, sheets: BallotSheets, seats: int | None = None
) -> BallotProblem | None:
    """One vote's tally against its papers (``check_sheets``) and its valid ballots: each
    candidate's yes + no + abstain at most the valid ballots; each write-in's yes votes at most
    the valid ballots; and, a valid ballot electing at most ``seats`` people (差额选举: a ballot
    naming more than the seats is invalid), all yes votes together at most ``seats`` x valid.
    ``seats`` None skips that last bound. None when the tally can be."""
    problem = check_sheets(sheets, present)
    if problem is not None:
        return problem
    valid, invalid = sheets.valid, sheets.invalid
    for c in counts:
        if c.write_in:
            if c.yes > valid:
                return BallotProblem(
                    "write_ins",
                    f"另选他人{c.name}的赞成票{c.yes}张，多于有效票{valid}张",
                )
            continue
        cast = c.yes + c.no + c.abstain
        if cast > valid:
            return BallotProblem(
                "invalid_ballots" if invalid else "ballots",
                f"{c.name}的赞成、反对、弃权票合计{cast}张，加上无效票{invalid}张，"
                f"多于收回选票{sheets.returned}张（有效票至多{valid}张）",
            )
    total = sum(c.yes for c in counts)
    if seats is not None and total > seats * valid:
        return BallotProblem(
            "write_ins" if any(c.write_in and c.yes for c in counts) else "ballots",
            f"赞成票（含另选他人）合计{total}张，多于应选人数{seats}名×有效票{valid}张="
            f"{seats * valid}张：每张有效选票所选人数不得多于应选人数",
        )
    return None


def check_ballots(
    counts: Sequence[Count], present: int, invalid: int, seats: int | None = None
) -> BallotProblem | None:
    """ELEC-3: each voting member present casts one ballot, so the ballots cast (valid and
    invalid) are at most ``present``, and each candidate's yes + no + abstain is at most the
    valid ballots (``present - invalid``); ``check_round`` with every paper issued and
    returned. None when the tally can be."""
    if invalid < 0 or invalid > present:
        return BallotProblem(
            "invalid_ballots", f"无效票{invalid}张，不能为负数或多于到会有选举权党员{present}人"
        )
    return check_round(counts, present, BallotSheets(present, present, invalid), seats)


def elect(counts: Sequence[Count], seats: int, present: int) -> Result:
    """ELEC-3: majority of those present, then the highest votes for the seats; a tie at the
    cut sends the tied to a new vote for the seats they would share."""
    if seats < 1:
        raise ValueError("应选人数至少为1")
    for c in counts:
        if min(c.yes, c.no, c.abstain) < 0 or c.yes + c.no + c.abstain > present:
            raise ValueError(f"{c.name}的票数合计多于到会人数{present}人或为负数")
    passing = sorted((c for c in counts if 2 * c.yes > present), key=lambda c: -c.yes)
    failing = tuple(c.name for c in counts if 2 * c.yes <= present)
    if len(passing) <= seats:
        return Result(tuple(c.name for c in passing), (), 0, failing, (), present, seats)
    cut = passing[seats - 1].yes
    above = [c for c in passing if c.yes > cut]
    tied = [c for c in passing if c.yes == cut]
    below = tuple(c.name for c in passing if c.yes < cut)
    left = seats - len(above)
    if len(tied) == left:
        return Result(tuple(c.name for c in above + tied), (), 0, failing, below, present, seats)
    return Result(
        tuple(c.name for c in above), tuple(c.name for c in tied), left, failing, below, present,
        seats,
    )  # fmt: skip


def check_postponement(
    term_ends_on: date, election_on: date, *, approved: bool, on_time_months: int = 3
) -> Verdict:
    """ORG-5: an election in the ``on_time_months`` (a setting, default 3) up to the term's end
    is on time; earlier or later needs the higher organisation's approval, and more than a
    year before or after the end is refused."""
    if add_months(term_ends_on, -on_time_months) <= election_on <= term_ends_on:
        return Verdict.passed("ORG-5", f"任期于{_d(term_ends_on)}届满，{_d(election_on)}按期换届")
    if (
        not add_years(term_ends_on, -POSTPONE_MAX_YEARS)
        <= election_on
        <= add_years(term_ends_on, POSTPONE_MAX_YEARS)
    ):
        return Verdict.blocked(
            "ORG-5",
            f"任期于{_d(term_ends_on)}届满，提前或延期换届不得超过一年，拟于{_d(election_on)}选举",
        )
    if not approved:
        return Verdict.blocked(
            "ORG-5",
            f"任期于{_d(term_ends_on)}届满，拟于{_d(election_on)}选举，提前或延期换届须经上级党组织批准",
        )
    return Verdict.passed(
        "ORG-5", f"任期于{_d(term_ends_on)}届满，经上级党组织批准于{_d(election_on)}选举"
    )


def check_adjusted_timing(
    original_ends_on: date, approved_due_on: date, election_on: date, *, on_time_months: int = 3
) -> Verdict:
    """ORG-5 for a term whose election the higher organisation moved from ``original_ends_on``
    to ``approved_due_on``: on time from ``on_time_months`` before the earlier of the two up to
    the later. A postponement's approval does not cover an election brought forward beyond
    that: it needs its own approval (an advance), and the election is refused until then."""
    first = add_months(min(original_ends_on, approved_due_on), -on_time_months)
    last = max(original_ends_on, approved_due_on)
    if first <= election_on <= last:
        return Verdict.passed(
            "ORG-5",
            f"任期于{_d(original_ends_on)}届满，经上级党组织批准于{_d(approved_due_on)}前换届，"
            f"{_d(election_on)}选举",
        )
    way = "提前" if election_on < first else "延期"
    return Verdict.blocked(
        "ORG-5",
        f"任期于{_d(original_ends_on)}届满，经批准的换届日期为{_d(approved_due_on)}，"
        f"拟于{_d(election_on)}选举，超出批准范围，{way}换届须另经上级党组织批准",
    )


def reminder_dates(
    term_ends_on: date, today: date, ladder: Sequence[int] = DEFAULT_LADDER
) -> list[date]:
    """ORG-5 [setting]: the days reminders are due up to ``today``: ``ladder`` months before the
    end (6 and 3 by default), then on the end and every month after while overdue."""
    days = [add_months(term_ends_on, -m) for m in sorted(ladder, reverse=True)]
    month = 0
    while (due := add_months(term_ends_on, month)) <= today:
        days.append(due)
        month += 1
    return [d for d in days if d <= today]


def check_term_adjustment(term_ends_on: date, new_due_on: date) -> Verdict:
    """ORG-5: an election postponed or brought forward moves the due date at most one year
    from the end the term has by the rule (``term_ends_on``, before any adjustment)."""
    if new_due_on == term_ends_on:
        return Verdict.blocked("ORG-5", f"新的换届日期与原任期届满日期{_d(term_ends_on)}相同")
    way = "延期" if new_due_on > term_ends_on else "提前"
    lo = add_years(term_ends_on, -POSTPONE_MAX_YEARS)
    hi = add_years(term_ends_on, POSTPONE_MAX_YEARS)
    if not lo <= new_due_on <= hi:
        return Verdict.blocked(
            "ORG-5",
            f"任期于{_d(term_ends_on)}届满，{way}换届不得超过一年（应在{_d(lo)}至{_d(hi)}之间）",
        )
    return Verdict.passed(
        "ORG-5", f"任期于{_d(term_ends_on)}届满，经批准{way}至{_d(new_due_on)}换届"
    )


@dataclass(frozen=True)
class Rung:
    """Where a term stands on the ORG-5 reminder ladder on a day: ``months_before`` the rung
    reached before the end (6, 3...), or ``overdue_months`` (0 on the end day, then one more
    each month) once the end has come; ``since`` the day the rung was reached."""

    since: date
    months_before: int | None = None
    overdue_months: int | None = None

    @property
    def text(self) -> str:
        if self.overdue_months is None:
            return f"任期届满前{self.months_before}个月"
        if self.overdue_months == 0:
            return "任期已届满"
        return f"任期届满已逾{self.overdue_months}个月"


def ladder_rung(
    term_ends_on: date, today: date, ladder: Sequence[int] = DEFAULT_LADDER
) -> Rung | None:
    """ORG-5 [setting]: the last reminder of ``reminder_dates`` reached by ``today``, as a rung;
    None before the first. Month arithmetic clamps to the month's end: a term ending on
    29 February 2028 is reminded on 29 August 2027 and 29 November 2027, then on 29 February
    2028, 29 March 2028..."""
    days = reminder_dates(term_ends_on, today, ladder)
    if not days:
        return None
    last = days[-1]
    if last < term_ends_on:
        before = sorted(ladder, reverse=True)[len(days) - 1]
        return Rung(last, months_before=before)
    return Rung(last, overdue_months=len(days) - len(ladder) - 1)


def reminder_due_on(
    term_ends_on: date, today: date, ladder: Sequence[int] = DEFAULT_LADDER
) -> bool:
    """Whether a reminder falls on ``today`` itself (the daily scan sends it once)."""
    days = reminder_dates(term_ends_on, today, ladder)
    return bool(days) and days[-1] == today


SECRETARY_TITLE = "secretary"
DEPUTY_TITLE = "deputy_secretary"


def check_posts(
    elected: Sequence[int], posts: Sequence[tuple[int, str]], *, max_deputies: int = 2
) -> str:
    """The committee's own election of 书记 and 副书记 and its division of posts: every elected
    member exactly one post, nobody else, one 书记, at most ``max_deputies`` 副书记. Returns
    "" when right, else the Chinese reason."""
    members = [m for m, _t in posts]
    if len(set(members)) != len(members):
        return "每位委员只能填写一个职务"
    if set(members) != set(elected):
        return "委员分工须包括全部当选委员，且只包括当选委员"
    titles = [t for _m, t in posts]
    if titles.count(SECRETARY_TITLE) != 1:
        return "委员会须选举产生一名书记"
    if titles.count(DEPUTY_TITLE) > max_deputies:
        return f"副书记不得多于{max_deputies}名"
    return ""


def check_by_election(seats: int, vacancies: int, size: int) -> Verdict:
    """A 补选 fills seats fallen vacant in the current term of a committee of ``size`` members
    (its size as elected, ORG-3): it needs a vacancy, and elects at most as many as there are
    vacancies (``seats`` <= ``vacancies``). RULES.md names no article for 补选, so the verdict
    stands on the committee size (ORG-3)."""
    if seats < 1:
        raise ValueError("补选人数至少为1")
    if vacancies < 1:
        return Verdict.blocked("ORG-3", f"本届委员会职数{size}名，现已配齐，没有缺额，不能补选")
    if seats > vacancies:
        return Verdict.blocked(
            "ORG-3", f"本届委员会职数{size}名，现缺额{vacancies}名，补选{seats}名多于缺额"
        )
    return Verdict.passed("ORG-3", f"本届委员会职数{size}名，现缺额{vacancies}名，补选{seats}名")


def check_by_election_posts(
    elected: Sequence[int], posts: Sequence[tuple[int, str]], held: Sequence[str],
    *, max_deputies: int = 2,
) -> str:  # fmt: skip
    """The posts of the members a 补选 elected, beside those the committee holds (``held``,
    titles): every elected member exactly one post, nobody else; with the posts held, at most
    one 书记 and ``max_deputies`` 副书记. Returns "" when right, else the Chinese reason."""
    members = [m for m, _t in posts]
    if len(set(members)) != len(members):
        return "每位委员只能填写一个职务"
    if set(members) != set(elected):
        return "委员分工须包括全部补选当选的委员，且只包括他们"
    titles = [t for _m, t in posts] + list(held)
    if titles.count(SECRETARY_TITLE) > 1:
        return "委员会已有书记，补选的委员不能再任书记"
    if titles.count(DEPUTY_TITLE) > max_deputies:
        return f"副书记不得多于{max_deputies}名"
    return ""
