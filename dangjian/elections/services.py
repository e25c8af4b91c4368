"""The use cases of 班子与换届: record a term; the election's chain request -> approval ->
meeting -> report -> the higher organisation's approval of the new 书记 and 副书记 (where
``settings.SECRETARY_APPROVAL``) -> confirmation (ORG-5), with ELEC-1..ELEC-4 checked on the way.

Each step is atomic, in order (a step out of order is a ``Conflict``), audited, and checked in
``accounts.access``: the organisation's own secretary requests, holds and reports; the higher
organisation approves the request and the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from dangjian.accounts.access import may_manage_org, require, scope_for
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.elections.checks import post_forbidden
from dangjian.elections.models import CommitteeTerm, Election, ElectionKind, ElectionStep
from dangjian.elections.names import person_label, person_labels
from dangjian.elections.rounds import written_in
from dangjian.members.choices import COMMITTEE_TITLES, PositionTitle
from dangjian.members.models import Position
from dangjian.members.register import branch_register_as_of
from dangjian.orgs.models import Organization
from dangjian.rules.dates import format_cn_date
from dangjian.rules.elections import (
    BallotSheets,
    Count,
    Result,
    check_adjusted_timing,
    check_by_election,
    check_by_election_posts,
    check_candidates,
    check_election_quorum,
    check_postponement,
    check_posts,
    check_round,
    check_term_adjustment,
    elect,
)
from dangjian.rules.organization import OrgKind, term_end
from dangjian.rules.sources import RULE_SOURCES, readable_source
from dangjian.rules.verdicts import Verdict

NOT_YOURS = "无权办理该党组织的换届选举"
NOT_HIGHER = "换届请示和选举结果由上级党组织批复"


def _today() -> date:
    return timezone.localdate()


def _org(actor: Actor, organization_id: int) -> Organization:
    org = Organization.objects.filter(pk=organization_id).first()
    if org is None or (actor is not None and not scope_for(actor).covers_org(org)):
        raise InvalidInput.one("organization_id", "未找到该党组织，或无权办理")
    if org.kind in (OrgKind.GROUP, OrgKind.TEMP_BRANCH):
        raise InvalidInput.one(
            "organization_id", f"{OrgKind(org.kind).label}不实行任期制，无需换届"
        )
    return org


def _require_higher(actor: Actor, org: Organization) -> None:
    if actor is None:
        return
    parent = Organization.objects.get_parent(org)
    require(parent is not None and may_manage_org(actor, parent), NOT_HIGHER)


def _not_future(day: date, field: str) -> None:
    if day > _today():
        raise InvalidInput.one(field, "日期不能晚于今天")


@transaction.atomic
def term_record(*, actor: Actor, organization_id: int, number: int, elected_on: date,
                approval_document: str = "", seats: int | None = None) -> CommitteeTerm:  # fmt: skip
    """Enter a committee's current term (e.g. when the platform starts): its end by ORG-5;
    ``seats`` the committee's size as elected (委员职数), which a later 补选 fills up to."""
    org = _org(actor, organization_id)
    _not_future(elected_on, "elected_on")
    if number < 1:
        raise InvalidInput.one("number", "届次应为正整数")
    if seats is not None and not 1 <= seats <= 99:
        raise InvalidInput.one("seats", "委员职数应为1至99的整数")
    try:
        with transaction.atomic():
            term = CommitteeTerm.objects.create(
                organization=org, number=number, elected_on=elected_on, seats=seats,
                ends_on=term_end(elected_on, OrgKind(org.kind)), approval_document=approval_document.strip()[:80],
            )  # fmt: skip
    except IntegrityError:
        raise Conflict("该党组织已有本届或该届次的记录") from None
    audit(actor=actor, action="election.term", obj=term, detail=f"{org.name}第{number}届")
    return term


def _no_vote(org: Organization, on: date, member_id: int, position: int, who: str) -> str:
    """Why the ``position``-th person chosen as ``who`` (候选人, 另选他人) has no right to
    stand on ``on`` (ELEC-4), naming them (``names.person_label``) when they are on the
    organisation's register that day; someone not on it is named by their place in the list
    only, since the asker may not see members of other organisations."""
    register = branch_register_as_of(org, on)
    entry = register.entry(member_id)
    cite = readable_source(RULE_SOURCES["ELEC-4"])
    if entry is None or entry.no_vote_reason is None:
        return (f"所填第{position}位{who}不是{org.name}{format_cn_date(on)}"
                f"有选举权和被选举权的正式党员{cite}")  # fmt: skip
    others = [(e.member_id, e.name) for e in register.entries]
    name = person_label(member_id, entry.name, others)
    return (f"{who}{name}{format_cn_date(on)}为{entry.no_vote_reason.text}，"
            f"不是有选举权和被选举权的正式党员{cite}")  # fmt: skip


def _candidates(org: Organization, member_ids: Sequence[int], on: date) -> list[dict[str, object]]:
    """ELEC-4: candidates are full members in good standing with the right to vote that day."""
    register = branch_register_as_of(org, on)
    voters = {e.member_id: e for e in register.may_vote}
    rows = []
    for position, member_id in enumerate(dict.fromkeys(member_ids), start=1):
        entry = voters.get(member_id)
        if entry is None:
            raise InvalidInput.one(
                "candidate_ids", _no_vote(org, on, member_id, position, "候选人")
            )
        rows.append({"member_id": member_id, "name": entry.name})
    _refuse_forbidden("candidate_ids", rows, on, "不能作为候选人")
    return rows


def _refuse_forbidden(field: str, people: Sequence[dict[str, object]], on: date, what: str) -> None:
    """DISC-1: nobody a sanction forbids a party post on ``on`` is elected to one; the refusal
    names the person, the sanction and the article, on ``field``."""
    forbidden = post_forbidden([int(str(p["member_id"])) for p in people], on)
    for person in people:
        why = forbidden.get(int(str(person["member_id"])))
        if why:
            raise InvalidInput.one(
                field,
                f"{person['name']}{why}，不得担任党内职务，{what}"
                f"{readable_source(RULE_SOURCES['DISC-1'])}",
            )


def _stored(verdicts: Sequence[Verdict]) -> list[dict[str, str]]:
    return [{"rule_id": v.rule_id, "outcome": v.outcome.value, "text": v.text} for v in verdicts]


@transaction.atomic
def election_request(*, actor: Actor, organization_id: int, seats: int, candidate_ids: Sequence[int],
                     requested_on: date) -> Election:  # fmt: skip
    """The 请示: seats and the candidate list, at least a fifth more candidates (ELEC-2)."""
    org = _org(actor, organization_id)
    _not_future(requested_on, "requested_on")
    if seats < 1:
        raise InvalidInput.one("seats", "应选人数至少为1")
    candidates = _candidates(org, candidate_ids, requested_on)
    verdict = check_candidates(seats, len(candidates))
    if verdict.is_block:
        raise InvalidInput.one("candidate_ids", verdict.text)
    try:
        with transaction.atomic():
            election = Election.objects.create(
                organization=org, step=ElectionStep.REQUESTED, seats=seats, candidates=candidates,
                requested_on=requested_on, verdicts=_stored([verdict]), recorded_by=acting_user(actor),
            )  # fmt: skip
    except IntegrityError:
        raise Conflict("该党组织已有正在进行的换届选举") from None
    audit(actor=actor, action="election.request", obj=election, detail=verdict.text)
    return election


def _locked(election_id: int, step: str, *also: str) -> Election:
    election = (
        Election.objects.select_for_update()
        .select_related("organization")
        .filter(pk=election_id)
        .first()
    )
    if election is None:
        raise InvalidInput.one("election_id", "未找到该换届选举")
    if election.step not in (step, *also):
        raise Conflict(f"换届选举{election.get_step_display()}，不能进行此步骤")
    return election


def approving_organization(actor: Actor, org: Organization) -> str:
    """ "中共…" of the higher organisation an approval of ``org``'s election is recorded by: the
    nearest organisation above ``org`` that ``actor`` administers (a 党委's organisation
    department approving a branch two levels down is the 党委), else ``org``'s parent."""
    paths = [p for p in scope_for(actor).subtree_paths if org.path.startswith(p) and p != org.path]
    higher = (Organization.objects.filter(path=max(paths, key=len)).first() if paths
              else Organization.objects.get_parent(org))  # fmt: skip
    return f"中共{higher.name}" if higher is not None else ""


@transaction.atomic
def election_approve(
    *, actor: Actor, election_id: int, approved_on: date, document: str, approver: str = ""
) -> Election:
    """The higher organisation's 批复 of the request, with the approving organisation
    (``approver``; by default the one ``actor`` records it for, ``approving_organization``)."""
    election = _locked(election_id, ElectionStep.REQUESTED)
    _require_higher(actor, election.organization)
    _not_future(approved_on, "approved_on")
    if approved_on < election.requested_on:
        raise InvalidInput.one("approved_on", "批复日期不能早于请示日期")
    if not document.strip():
        raise InvalidInput.one("document", "请填写批复文号")
    election.step, election.approved_on = ElectionStep.APPROVED, approved_on
    election.approval_document = document.strip()[:80]
    election.approver = (approver.strip() or approving_organization(actor, election.organization))[
        :80
    ]
    election.save(update_fields=["step", "approved_on", "approval_document", "approver",
                                 "updated_at"])  # fmt: skip
    audit(actor=actor, action="election.approve", obj=election, detail=election.approval_document)
    return election


@dataclass(frozen=True)
class Ballot:
    """One candidate's votes at the election meeting."""

    member_id: int
    yes: int
    no: int = 0
    abstain: int = 0


@dataclass(frozen=True)
class WriteIn:
    """Yes votes for a member not on the candidate list (另选他人, 党章第十一条): the voters'
    right to write in another person. Only yes votes: a write-in has no no or abstain."""

    member_id: int
    yes: int


WRITE_IN_SOURCE = "党章第十一条"


def people(election: Election) -> list[dict[str, object]]:
    """Everyone the tally counts: the candidates, then the members written in at the meeting
    (from the stored tally), each ``{"member_id", "name"}``."""
    # "person": the name itself; "name" is the label the tally shows (older rows: only it).
    written = [{"member_id": t["member_id"], "name": t.get("person", t["name"])}
               for t in election.tally if t.get("write_in")]  # fmt: skip
    return [*election.candidates, *written]


def _labels(candidates: Sequence[dict[str, object]]) -> dict[int, str]:
    """Each person's name as the tally shows it (``names.person_labels``): two sharing a
    name are told apart by their birth, so the arithmetic never merges two people."""
    return person_labels([(int(str(c["member_id"])), str(c["name"])) for c in candidates])


def _counts(ballots: Sequence[Ballot], write_ins: Sequence[WriteIn],
            labels: dict[int, str]) -> list[Count]:  # fmt: skip
    """The rules layer's counts: candidates, then write-ins (yes votes only); every id is in
    ``labels`` (``_ballots_match``)."""
    return [
        *(Count(labels[b.member_id], b.yes, b.no, b.abstain) for b in ballots),
        *(Count(labels[w.member_id], w.yes, write_in=True) for w in write_ins),
    ]


def _ballots_match(ballots: Sequence[Ballot], labels: dict[int, str],
                   write_ins: Sequence[WriteIn] = ()) -> None:  # fmt: skip
    """One row of votes for each candidate of the round (``labels`` less the people written
    in), once each; ``InvalidInput`` on ``ballots`` naming the candidate missing or repeated."""
    expected = set(labels) - {w.member_id for w in write_ins}
    given = [b.member_id for b in ballots]
    for member_id in given:
        if member_id not in expected:
            raise InvalidInput.one("ballots", "所填得票中有不是本轮候选人的人，请核对计票")
        if given.count(member_id) > 1:
            raise InvalidInput.one("ballots", f"{labels[member_id]}的得票重复填写，请合并为一行")
    missing = [labels[m] for m in labels if m in expected and m not in given]
    if missing:
        raise InvalidInput.one("ballots", f"请填写{'、'.join(missing)}的得票")


def _tallied(ballots: Sequence[Ballot], labels: dict[int, str], seats: int, present: int,
             write_ins: Sequence[WriteIn] = ()) -> tuple[Result, list[dict[str, object]]]:  # fmt: skip
    """ELEC-3 on ``ballots`` (one per candidate in ``labels``) and ``write_ins`` (their labels
    in ``labels`` too): the result and the stored tally, write-ins marked ``"write_in"``."""
    _ballots_match(ballots, labels, write_ins)
    try:
        result = elect(_counts(ballots, write_ins, labels), seats, present)
    except ValueError as error:
        raise InvalidInput.one("ballots", str(error)) from None
    tally: list[dict[str, object]] = [
        {"member_id": b.member_id, "name": labels[b.member_id], "yes": b.yes, "no": b.no,
         "abstain": b.abstain} for b in ballots
    ]  # fmt: skip
    tally += [{"member_id": w.member_id, "name": labels[w.member_id], "yes": w.yes, "no": 0,
               "abstain": 0, "write_in": True} for w in write_ins]  # fmt: skip
    return result, tally


def _ballots_checked(ballots: Sequence[Ballot], labels: dict[int, str], present: int,
                     sheets: BallotSheets, seats: int,
                     write_ins: Sequence[WriteIn] = ()) -> None:  # fmt: skip
    """One vote's papers and counts (``rules.elections.check_round``): returned <= issued <=
    present, invalid <= returned, each count within the valid ballots, all yes votes within
    seats x valid. ``InvalidInput`` naming the field, citing the regulation."""
    _ballots_match(ballots, labels, write_ins)
    problem = check_round(_counts(ballots, write_ins, labels), present, sheets, seats)
    if problem is not None:
        source = WRITE_IN_SOURCE if problem.field == "write_ins" else RULE_SOURCES["ELEC-3"]
        raise InvalidInput.one(problem.field, f"{problem.text}{readable_source(source)}")


def _write_ins_checked(write_ins: Sequence[WriteIn], org: Organization, voters: dict[int, str],
                       candidates: Sequence[dict[str, object]],
                       held_on: date) -> list[dict[str, object]]:  # fmt: skip
    """另选他人 (党章第十一条): each person written in is a member who may be elected on the
    meeting day (``voters``: ELEC-4, full members in good standing), not a candidate already,
    named once, with at least one yes vote. Returns them as ``{"member_id", "name"}``;
    ``InvalidInput`` on ``write_ins`` otherwise."""
    cite = readable_source(WRITE_IN_SOURCE)
    on_list = {int(str(c["member_id"])) for c in candidates}
    seen: set[int] = set()
    rows: list[dict[str, object]] = []
    others = list(voters.items())
    for position, w in enumerate(write_ins, start=1):
        if w.member_id not in voters:
            raise InvalidInput.one(
                "write_ins", _no_vote(org, held_on, w.member_id, position, "另选他人")
            )
        name = person_label(w.member_id, voters[w.member_id], others)  # as refusals name them
        if w.member_id in on_list:
            raise InvalidInput.one("write_ins", f"{name}已是候选人，其得票请填入候选人计票{cite}")
        if w.member_id in seen:
            raise InvalidInput.one("write_ins", f"另选他人{name}重复填写，请合并为一行{cite}")
        if w.yes < 1:
            raise InvalidInput.one("write_ins", f"另选他人{name}的赞成票应至少1张{cite}")
        seen.add(w.member_id)
        rows.append({"member_id": w.member_id, "name": voters[w.member_id]})
    _refuse_forbidden("write_ins", rows, held_on, "不能作为另选他人当选")
    return rows


def _on_list(election: Election) -> set[int]:
    """The member ids of the candidates on the list the 批复 approved."""
    return {int(str(c["member_id"])) for c in election.candidates}


def _pending(result: Result, labels: dict[int, str], on_list: set[int]) -> dict[str, object]:
    """The next round a result opens: a tie at the cut, between the tied for the seats left
    (a person written in as well: ELEC-3 applies to them as to candidates); else a shortfall
    (fewer passed than seats), another round (另行选举) for the empty seats among the
    candidates on the approved list (``on_list``) who did not pass in this round
    (``"shortfall": True``), which the organisation may also forgo
    (``election_close_shortfall``). A person written in never enters a shortfall round, even
    one who reached this round through a tie: the further round is a new vote on the list
    the higher organisation approved, and voters keep their right to write in at the
    meeting (党章第十一条). Empty when the seats are filled or nobody is left."""
    if result.runoff:
        ids = [m for m, label in labels.items() if label in result.runoff]
        return {"member_ids": ids, "seats": result.seats_left}
    ids = [m for m, label in labels.items() if label in result.not_passed and m in on_list]
    if result.shortfall and ids:
        return {"member_ids": ids, "seats": result.shortfall, "shortfall": True}
    return {}


def _timing(org: Organization, held_on: date) -> Verdict | None:
    """ORG-5 against the current term: on time, or within a year of the end by the rule when
    the postponement or advance was approved (``term_adjust``)."""
    current = CommitteeTerm.objects.filter(organization=org, closed_on__isnull=True).first()
    if current is None:
        return None
    if current.original_ends_on is not None:
        # The approval covers the dates it moved the election between, not any date at all.
        return check_adjusted_timing(current.original_ends_on, current.ends_on, held_on)
    return check_postponement(current.ends_on, held_on, approved=False)


@transaction.atomic
def election_hold(
    *, actor: Actor, election_id: int, held_on: date, present_ids: Sequence[int],
    ballots: Sequence[Ballot], left_out: Sequence[tuple[int, str]] = (), invalid_ballots: int = 0,
    write_ins: Sequence[WriteIn] = (), ballots_issued: int | None = None,
    ballots_returned: int | None = None,
) -> Election:  # fmt: skip
    """The election meeting: ELEC-1 quorum over the voting members of the day less those left
    out with their reason; the ballot papers (``ballots_issued``/``ballots_returned``, None:
    one to each member present, all returned; returned <= issued <= present, invalid <=
    returned); ELEC-3 tally over the candidates and the members written in (``write_ins``,
    另选他人: members who may be elected that day, yes votes only, elected like candidates);
    ORG-5 timing against the current term (a postponed or advanced election only with its
    approval recorded). A tie at the cut is stored and opens a run-off between the tied only
    (``election_runoff``)."""
    election = _locked(election_id, ElectionStep.APPROVED)
    org = election.organization
    if actor is not None:
        require(scope_for(actor).covers_org(org), NOT_YOURS)
    _not_future(held_on, "held_on")
    assert election.approved_on is not None
    if held_on < election.approved_on:
        raise InvalidInput.one("held_on", "选举大会不能早于上级批复")
    if invalid_ballots < 0:
        raise InvalidInput.one("invalid_ballots", "无效票数不能为负数")
    voters = {e.member_id: e.name for e in branch_register_as_of(org, held_on).may_vote}
    excused = {m: r.strip() for m, r in left_out if r.strip()}
    if len(excused) != len(left_out) or not set(excused) <= set(voters):
        raise InvalidInput.one(
            "left_out", "不列入应到人数的党员须为本组织有选举权的党员，并写明原因"
        )
    should = set(voters) - set(excused)
    present = set(present_ids)
    if not present <= should:
        raise InvalidInput.one("present_ids", "到会人员中有人不在应到会有选举权党员名单中")
    verdicts = [check_election_quorum(len(should), len(present))]
    # A 补选 fills a seat in the current term: the term's timing (ORG-5) is not its business.
    timing = _timing(org, held_on) if election.kind == ElectionKind.GENERAL else None
    verdicts += [timing] if timing is not None else []
    blocks = [v for v in verdicts if v.is_block]
    if blocks:
        raise InvalidInput.one(
            "present_ids" if blocks[0].rule_id == "ELEC-1" else "held_on", blocks[0].text
        )
    written = _write_ins_checked(write_ins, org, voters, election.candidates, held_on)
    labels = _labels([*election.candidates, *written])
    issued = len(present) if ballots_issued is None else ballots_issued
    sheets = BallotSheets(issued, issued if ballots_returned is None else ballots_returned,
                          invalid_ballots)  # fmt: skip
    _ballots_checked(ballots, labels, len(present), sheets, election.seats, write_ins)
    result, tally = _tallied(ballots, labels, election.seats, len(present), write_ins)
    # The name itself beside the label, so a later round labels the person afresh.
    raw = {int(str(w["member_id"])): w["name"] for w in written}
    tally = [{**t, "person": raw[int(str(t["member_id"]))]} if t.get("write_in") else t
             for t in tally]  # fmt: skip
    election.runoff_pending = _pending(result, labels, _on_list(election))
    election.step = ElectionStep.RUNOFF if election.runoff_pending else ElectionStep.HELD
    election.held_on = held_on
    election.should_attend, election.present = len(should), len(present)
    election.left_out = [
        {"member_id": m, "name": voters[m], "reason": r} for m, r in excused.items()
    ]
    election.tally, election.invalid_ballots = tally, invalid_ballots
    election.ballots_issued, election.ballots_returned = sheets.issued, sheets.returned
    election.elected = list(result.elected)
    outcome = "warn" if result.runoff or result.shortfall else "pass"
    election.verdicts = [
        *election.verdicts,
        *_stored(verdicts),
        {"rule_id": "ELEC-3", "outcome": outcome, "text": result.text},
    ]
    election.save()
    audit(actor=actor, action="election.hold", obj=election, detail=result.text)
    return election


@transaction.atomic
def election_runoff(
    *, actor: Actor, election_id: int, ballots: Sequence[Ballot],
    ballots_issued: int | None = None, ballots_returned: int | None = None,
    invalid_ballots: int = 0,
) -> Election:  # fmt: skip
    """ELEC-3: the new vote between the candidates tied at the cut, for the seats left, by the
    same members present, with its own ballot papers (issued, returned, invalid; None: one to
    each member present, all returned), checked as the first vote's; its valid ballots are the
    base of its counts. Still tied, another run-off stays open."""
    election = _locked(election_id, ElectionStep.RUNOFF)
    if actor is not None:
        require(scope_for(actor).covers_org(election.organization), NOT_YOURS)
    pending = election.runoff_pending
    ids = [int(m) for m in pending["member_ids"]]
    labels = {m: label for m, label in _labels(people(election)).items() if m in ids}
    assert election.present is not None
    seats = int(pending["seats"])
    issued = election.present if ballots_issued is None else ballots_issued
    sheets = BallotSheets(issued, issued if ballots_returned is None else ballots_returned,
                          invalid_ballots)  # fmt: skip
    _ballots_checked(ballots, labels, election.present, sheets, seats)
    result, tally = _tallied(ballots, labels, seats, election.present)
    # A person written in at the first vote stays 另选他人 in the run-off they reached.
    written = written_in(election)
    tally = [{**t, "write_in": True} if t["member_id"] in written else t for t in tally]
    election.runoffs = [
        *election.runoffs,
        {"member_ids": ids, "seats": seats, "tally": tally, "text": result.text,
         "issued": sheets.issued, "returned": sheets.returned, "invalid": sheets.invalid},
    ]  # fmt: skip
    election.elected = [*election.elected, *result.elected]
    election.runoff_pending = _pending(result, labels, _on_list(election))
    election.step = ElectionStep.RUNOFF if election.runoff_pending else ElectionStep.HELD
    election.verdicts = [
        *election.verdicts,
        {"rule_id": "ELEC-3", "outcome": "warn" if result.runoff or result.shortfall else "pass",
         "text": f"另行选举：{result.text}"},
    ]  # fmt: skip
    election.save(update_fields=["runoffs", "elected", "runoff_pending", "step", "verdicts",
                                 "updated_at"])  # fmt: skip
    audit(actor=actor, action="election.runoff", obj=election, detail=result.text)
    return election


@transaction.atomic
def election_close_shortfall(*, actor: Actor, election_id: int, reason: str) -> Election:
    """Forgo another round for a shortfall of seats (ELEC-3 as RULES.md gives it is silent on
    it): the election closes with fewer members than seats, the shortfall and the reason
    recorded and printed in the report. A tie at the cut still needs its run-off."""
    election = _locked(election_id, ElectionStep.RUNOFF)
    if actor is not None:
        require(scope_for(actor).covers_org(election.organization), NOT_YOURS)
    pending = election.runoff_pending
    if not pending.get("shortfall"):
        raise Conflict("得票相等的候选人须另行投票，不能直接结束选举")
    why = reason.strip()[:200]
    if not why:
        raise InvalidInput.one("reason", "请写明不再另行选举的原因")
    text = (f"应选{election.seats}人，当选{len(election.elected)}人，缺额{pending['seats']}名，"
            f"不再另行选举（{why}）")  # fmt: skip
    election.runoff_pending, election.step = {}, ElectionStep.HELD
    election.verdicts = [*election.verdicts, {"rule_id": "ELEC-3", "outcome": "warn", "text": text}]
    election.save(update_fields=["runoff_pending", "step", "verdicts", "updated_at"])
    audit(actor=actor, action="election.close_shortfall", obj=election, detail=text)
    return election


def elected_ids(election: Election) -> list[int]:
    """The member ids of ``election.elected`` (names as the tally labels them)."""
    everyone = people(election)
    # Older records labelled two people sharing a name "张伟（#12）".
    by_label = {f"{p['name']}（#{p['member_id']}）": int(str(p["member_id"])) for p in everyone}
    by_label |= {label: m for m, label in _labels(everyone).items()}
    return [by_label[name] for name in election.elected if name in by_label]


@transaction.atomic
def election_assign_posts(
    *, actor: Actor, election_id: int, posts: Sequence[tuple[int, str]]
) -> Election:
    """The new committee's own election of 书记 and 副书记 and its division of posts (组织委员,
    宣传委员, 纪检委员...): one post for each elected member. The posts start when the higher
    organisation approves the result. Before the report, which states them (ORG-5's order)."""
    election = _locked(election_id, ElectionStep.HELD, ElectionStep.REPORTED)
    if actor is not None:
        require(scope_for(actor).covers_org(election.organization), NOT_YOURS)
    if election.step == ElectionStep.REPORTED:
        # The report sent to the higher organisation states the division of posts.
        raise Conflict(f"选举结果已报告上级党组织，委员分工不能再修改{_citation()}")
    for _member, title in posts:
        if title not in COMMITTEE_TITLES:
            raise InvalidInput.one("posts", f"职务“{title}”不是委员会职务")
    if election.kind == ElectionKind.BY_ELECTION:
        held = [p.title for p in _committee_posts(election.organization, _today())]
        problem = check_by_election_posts(elected_ids(election), posts, held)
    else:
        problem = check_posts(elected_ids(election), posts)
    if problem:
        raise InvalidInput.one("posts", problem)
    labels = _labels(people(election))
    election.posts = [{"member_id": m, "name": labels[m], "title": t} for m, t in posts]
    election.save(update_fields=["posts", "updated_at"])
    audit(actor=actor, action="election.posts", obj=election,
          detail="、".join(f"{labels[m]}（{PositionTitle(t).label}）" for m, t in posts))  # fmt: skip
    return election


@dataclass(frozen=True)
class Adjustment:
    """The higher organisation's approval of a postponed or advanced election (ORG-5)."""

    new_due_on: date
    approved_on: date
    approver: str
    document: str
    reason: str


@transaction.atomic
def term_adjust(*, actor: Actor, term_id: int, adjustment: Adjustment) -> CommitteeTerm:
    """Postpone or advance the current term's election (ORG-5: at most a year, with approval):
    the due date moves, the end by the rule and the approval are kept."""
    term = (
        CommitteeTerm.objects.select_for_update().select_related("organization")
        .filter(pk=term_id, closed_on__isnull=True).first()
    )  # fmt: skip
    if term is None or (actor is not None and not scope_for(actor).covers_org(term.organization)):
        raise InvalidInput.one("term_id", "未找到该党组织的本届班子，或无权办理")
    _require_higher(actor, term.organization)
    a = adjustment
    _not_future(a.approved_on, "approved_on")
    for field_name, value, label in (("approver", a.approver, "批准机关"),
                                     ("document", a.document, "批准文号"),
                                     ("reason", a.reason, "延期或提前换届的原因")):  # fmt: skip
        if not value.strip():
            raise InvalidInput.one(field_name, f"请填写{label}")
    original = term.original_ends_on or term.ends_on
    verdict = check_term_adjustment(original, a.new_due_on)
    if verdict.is_block:
        raise InvalidInput.one(
            "new_due_on", f"{verdict.text}{readable_source(RULE_SOURCES['ORG-5'])}"
        )
    if a.new_due_on <= term.elected_on:
        raise InvalidInput.one("new_due_on", "新的换届日期应晚于本届选举日期")
    term.original_ends_on, term.ends_on = original, a.new_due_on
    term.adjusted_approved_on = a.approved_on
    term.adjusted_approver, term.adjusted_document = (
        a.approver.strip()[:80],
        a.document.strip()[:80],
    )
    term.adjusted_reason = a.reason.strip()[:200]
    term.save(update_fields=["original_ends_on", "ends_on", "adjusted_approved_on",
                             "adjusted_approver", "adjusted_document", "adjusted_reason"])  # fmt: skip
    audit(actor=actor, action="election.term_adjust", obj=term,
          detail=verdict.text + _late_note(original, a.approved_on))  # fmt: skip
    return term


def _late_note(ends_on: date, approved_on: date) -> str:
    """ORG-5 sets no day by which a postponement must be approved, so one approved after the
    term ended is taken; the note keeps that the term ran overdue until the approval."""
    if approved_on <= ends_on:
        return ""
    return f"；批准时任期已届满{(approved_on - ends_on).days}天，届满至批准期间为逾期未换届"


def _posts_before_report(election: Election) -> None:
    """The chain's order (ORG-5), for a 换届 and a 补选 alike: the meeting, then the
    committee's election of its 书记 and 副书记 and the division of posts, then the report of
    the result, which states them for the higher organisation to approve."""
    if election.posts:
        return
    what = ("补选当选委员的分工" if election.kind == ElectionKind.BY_ELECTION
            else "委员会选举产生的书记、副书记及委员分工")  # fmt: skip
    raise InvalidInput.one(
        "posts", f"请先记录{what}，再报告选举结果：选举结果报告须写明委员分工{_citation()}"
    )


@transaction.atomic
def election_report(*, actor: Actor, election_id: int, reported_on: date) -> Election:
    """The report of the result to the higher organisation, once the posts are divided
    (``_posts_before_report``)."""
    election = _locked(election_id, ElectionStep.HELD)
    if actor is not None:
        require(scope_for(actor).covers_org(election.organization), NOT_YOURS)
    assert election.held_on is not None
    _posts_before_report(election)
    if reported_on < election.held_on or reported_on > _today():
        raise InvalidInput.one("reported_on", "报告日期应在选举之后、不晚于今天")
    election.step, election.reported_on = ElectionStep.REPORTED, reported_on
    election.save(update_fields=["step", "reported_on", "updated_at"])
    audit(actor=actor, action="election.report", obj=election)
    return election


def _replace_posts(org: Organization, posts: Sequence[dict[str, object]], on: date) -> None:
    """The old committee's posts end on ``on`` and the new committee's start on it (a post is
    held from ``started_on`` up to, not including, ``ended_on``)."""
    Position.objects.filter(
        organization=org, title__in=COMMITTEE_TITLES, ended_on__isnull=True, started_on__lt=on
    ).update(ended_on=on)
    try:
        with transaction.atomic():
            Position.objects.bulk_create(
                Position(member_id=int(str(p["member_id"])), organization=org,
                         title=str(p["title"]), started_on=on)
                for p in posts
            )  # fmt: skip
    except IntegrityError:
        # A post recorded by hand that starts on the approval day already holds the title.
        raise Conflict(
            f"{format_cn_date(on)}已有新任职记录与委员分工重复，请核对任职记录后再批准"
        ) from None


def _citation() -> str:
    return readable_source(RULE_SOURCES["ORG-5"])


@dataclass(frozen=True)
class SecretaryApproval:
    """The higher organisation's approval of the new 书记 and 副书记: day, approver, document."""

    approved_on: date
    approver: str
    document: str


@transaction.atomic
def election_approve_secretaries(
    *, actor: Actor, election_id: int, approval: SecretaryApproval
) -> Election:
    """The higher organisation approves the 书记 and 副书记 the new committee elected: after the
    report of the result, once the posts are divided, dated, with the approving organisation
    and its document number. The new committee takes office only from the approval of the
    result, on or after this day."""
    election = _locked(election_id, ElectionStep.REPORTED)
    _require_higher(actor, election.organization)
    assert election.reported_on is not None
    if election.secretaries_approved_on is not None:
        raise Conflict("书记、副书记已经上级党组织批准")
    if not election.posts:
        raise InvalidInput.one(
            "posts", f"请先记录委员会选举产生的书记、副书记及委员分工{_citation()}"
        )
    a = approval
    _not_future(a.approved_on, "approved_on")
    if a.approved_on < election.reported_on:
        raise InvalidInput.one(
            "approved_on",
            f"书记、副书记批准日期不能早于选举结果报告日期{format_cn_date(election.reported_on)}",
        )
    for field_name, value, label in (("approver", a.approver, "批准机关"),
                                     ("document", a.document, "批复文号")):  # fmt: skip
        if not value.strip():
            raise InvalidInput.one(field_name, f"请填写{label}")
    election.secretaries_approved_on = a.approved_on
    election.secretaries_approver = a.approver.strip()[:80]
    election.secretaries_document = a.document.strip()[:80]
    election.save(update_fields=["secretaries_approved_on", "secretaries_approver",
                                 "secretaries_document", "updated_at"])  # fmt: skip
    leaders = "、".join(
        f"{p['name']}（{PositionTitle(str(p['title'])).label}）"
        for p in election.posts
        if p["title"] in (PositionTitle.SECRETARY, PositionTitle.DEPUTY_SECRETARY)
    )
    audit(actor=actor, action="election.approve_secretaries", obj=election,
          detail=f"{leaders}；{election.secretaries_approver}{election.secretaries_document}")  # fmt: skip
    return election


def _secretaries_checked(election: Election, confirmed_on: date) -> None:
    """Where the deployment requires it, the 书记 and 副书记 are approved before the new
    committee takes office (on ``confirmed_on``)."""
    approved = election.secretaries_approved_on
    if approved is None:
        if settings.SECRETARY_APPROVAL:
            raise InvalidInput.one(
                "secretaries_approved_on",
                f"新一届委员会书记、副书记须经上级党组织批准后方可任职，"
                f"请先记录上级党组织对书记、副书记的批复{_citation()}",
            )
        return
    if confirmed_on < approved:
        raise InvalidInput.one(
            "confirmed_on",
            f"批准选举结果的日期不能早于书记、副书记批准日期{format_cn_date(approved)}"
            f"{_citation()}",
        )


def _still_members(election: Election, on: date) -> None:
    """Each elected member takes office on ``on`` only while on the organisation's register of
    that day: one transferred out (or no longer a member) since the meeting cannot."""
    on_register = {e.member_id for e in branch_register_as_of(election.organization, on).entries}
    gone = [str(p["name"]) for p in election.posts if int(str(p["member_id"])) not in on_register]
    if gone:
        raise InvalidInput.one(
            "confirmed_on",
            f"{'、'.join(gone)}在{format_cn_date(on)}已不在{election.organization.name}党员名册中"
            f"（组织关系已转出或已不是党员），不能在本组织任职；请核实后对缺额另行补选",
        )


@transaction.atomic
def member_posts_end_on_leaving(
    *, actor: Actor, member_id: int, receiving: Organization, on: date
) -> list[Position]:
    """组织关系转出即免去原职务: when a member's relation moves to ``receiving`` on ``on``, their
    open party posts in every organisation that does not hold ``receiving`` (the sending branch,
    and a 党总支 or 党委 above it that the member leaves too) end on ``on`` (held up to, not
    including, that day). A post in an organisation the member stays under is kept. A post
    that began on ``on`` itself ends that same day: held for zero days, kept in the history
    (never deleted) and current on no day. For the transfer use case, which has checked its
    actor; returns the posts ended."""
    ended = [
        p for p in _open_posts(member_id, on) if not receiving.path.startswith(p.organization.path)
    ]
    _end_posts(actor, ended, on, "组织关系转出")
    return ended


@transaction.atomic
def member_posts_end_on_standing(
    *, actor: Actor, member_id: int, on: date, reason: str
) -> list[Position]:
    """党籍终止或停止即免去党内职务: a member who dies, leaves the Party (退党, 除名, 开除) or
    whose membership is suspended (停止党籍) holds no party post from ``on``: every open post
    ends on ``on`` (one that began that day is held for zero days). ``reason`` (e.g. "去世")
    goes into the audit entry. For the standing use cases, which have checked their actor;
    returns the posts ended."""
    ended = _open_posts(member_id, on)
    _end_posts(actor, ended, on, reason)
    return ended


def _open_posts(member_id: int, on: date) -> list[Position]:
    """The member's posts still open and begun on or before ``on``, locked for the update."""
    return list(
        Position.objects.select_for_update().select_related("organization", "member")
        .filter(member_id=member_id, ended_on__isnull=True, started_on__lte=on)
    )  # fmt: skip


def _end_posts(actor: Actor, posts: list[Position], on: date, reason: str) -> None:
    """End ``posts`` on ``on`` and audit it once, naming each post."""
    for post in posts:
        post.ended_on = on
        post.save(update_fields=["ended_on"])
    if posts:
        audit(actor=actor, action="election.posts_end", obj=posts[0].member,
              detail=f"{reason}，免去" + "、".join(
                  f"{p.organization.name}{p.get_title_display()}" for p in posts))  # fmt: skip


@transaction.atomic
def election_confirm(
    *, actor: Actor, election_id: int, confirmed_on: date, document: str, approver: str = ""
) -> CommitteeTerm:
    """The higher organisation approves the result (after approving the 书记 and 副书记 where
    ``settings.SECRETARY_APPROVAL``), with its document number (``document``, the new term's
    批复文号) and approving organisation (``approver``; by default the one ``actor`` records it
    for): on ``confirmed_on`` the current term closes, the old committee's posts end and the
    new committee's posts start; the next term counts from the election day, due by ORG-5."""
    election = _locked(election_id, ElectionStep.REPORTED)
    org = election.organization
    _require_higher(actor, org)
    assert election.held_on is not None and election.reported_on is not None
    if confirmed_on < election.reported_on or confirmed_on > _today():
        raise InvalidInput.one("confirmed_on", "批准日期应在报告之后、不晚于今天")
    if not document.strip():
        raise InvalidInput.one("document", "请填写上级党组织批准选举结果的批复文号")
    election.confirmed_document = document.strip()[:80]
    election.confirmed_approver = (approver.strip() or approving_organization(actor, org))[:80]
    if not election.posts:
        raise InvalidInput.one("posts", "请先记录委员会选举产生的书记、副书记及委员分工")
    _posts_allowed(election, confirmed_on)
    if election.kind == ElectionKind.BY_ELECTION:
        return _by_election_confirmed(actor, election, confirmed_on)
    _secretaries_checked(election, confirmed_on)
    _still_members(election, confirmed_on)
    current = (
        CommitteeTerm.objects.select_for_update()
        .filter(organization=org, closed_on__isnull=True)
        .first()
    )
    number = 1
    if current is not None:
        current.closed_on = confirmed_on
        current.save(update_fields=["closed_on"])
        number = current.number + 1
    term = CommitteeTerm.objects.create(
        organization=org, number=number, elected_on=election.held_on, seats=election.seats,
        ends_on=term_end(election.held_on, OrgKind(org.kind)),
        approval_document=election.confirmed_document,  # the approval of the result
    )  # fmt: skip
    _replace_posts(org, election.posts, confirmed_on)
    _confirmed(election, confirmed_on)
    audit(actor=actor, action="election.confirm", obj=election, detail=f"第{number}届")
    return term


def _confirmed(election: Election, confirmed_on: date) -> None:
    """Store the approval of the result: the step, the day, the document and its approver."""
    election.step, election.confirmed_on = ElectionStep.CONFIRMED, confirmed_on
    election.save(update_fields=["step", "confirmed_on", "confirmed_document",
                                 "confirmed_approver", "updated_at"])  # fmt: skip


def _posts_allowed(election: Election, confirmed_on: date) -> None:
    """DISC-1 on the approval day: a person elected who has since come under a sanction that
    forbids a party post does not take office; ``Conflict`` naming them."""
    for post in election.posts:
        why = post_forbidden([int(post["member_id"])], confirmed_on).get(int(post["member_id"]))
        if why:
            raise Conflict(
                f"{post['name']}{why}，不得担任党内职务，不能批准其任职"
                f"{readable_source(RULE_SOURCES['DISC-1'])}；请另行选举或补选"
            )


# ---------------------------------------------------------------- 补选 (by-election)


def _committee_posts(org: Organization, on: date) -> list[Position]:
    """The committee posts of ``org`` held on ``on`` (from ``started_on`` up to, not
    including, ``ended_on``)."""
    return list(
        Position.objects.filter(organization=org, title__in=COMMITTEE_TITLES, started_on__lte=on)
        .exclude(ended_on__lte=on)
    )  # fmt: skip


@dataclass(frozen=True)
class Vacancy:
    """The current term's committee on a day: its size as elected (``size``), the members
    holding a committee post (``holders``), and the seats vacant (``vacancies``)."""

    term: CommitteeTerm
    size: int
    holders: frozenset[int]

    @property
    def vacancies(self) -> int:
        return max(0, self.size - len(self.holders))


def vacancy(org: Organization, on: date) -> Vacancy | None:
    """The current term's vacancies on ``on``; None without a current term or its size."""
    term = CommitteeTerm.objects.filter(organization=org, closed_on__isnull=True).first()
    if term is None or term.seats is None:
        return None
    holders = frozenset(p.member_id for p in _committee_posts(org, on))
    return Vacancy(term, term.seats, holders)


def _vacancy_checked(org: Organization, on: date, seats: int, field: str) -> Vacancy:
    """The current term's vacancies, at least ``seats`` of them; ``InvalidInput`` on ``field``
    citing the committee size's article otherwise."""
    found = vacancy(org, on)
    if found is None:
        has_term = CommitteeTerm.objects.filter(organization=org, closed_on__isnull=True).exists()
        raise InvalidInput.one(
            "organization_id" if not has_term else "seats",
            "尚未录入本届班子，不能补选" if not has_term
            else "本届班子未记录委员职数，无法确定缺额，请先在本届班子中录入委员职数",
        )  # fmt: skip
    verdict = check_by_election(seats, found.vacancies, found.size)
    if verdict.is_block:
        raise InvalidInput.one(field, verdict.text)  # the text cites the article once
    return found


@transaction.atomic
def by_election_request(*, actor: Actor, organization_id: int, seats: int,
                        candidate_ids: Sequence[int], requested_on: date) -> Election:  # fmt: skip
    """The 请示 of a 补选 in the current term: ``seats`` at most the seats vacant that day (the
    term's size as elected less the members holding a committee post), candidates from the
    members with the right to vote (ELEC-4) who hold no committee post, at least as many as
    the seats (a 补选 may be 等额). The chain then runs as a 换届选举's (批复, meeting with
    ELEC-1 and ELEC-3, report) and its approval adds the elected to the current committee
    (``election_confirm``)."""
    org = _org(actor, organization_id)
    _not_future(requested_on, "requested_on")
    if seats < 1:
        raise InvalidInput.one("seats", "补选人数至少为1")
    found = _vacancy_checked(org, requested_on, seats, "seats")
    candidates = _candidates(org, candidate_ids, requested_on)
    sitting = [str(c["name"]) for c in candidates if int(str(c["member_id"])) in found.holders]
    if sitting:
        raise InvalidInput.one(
            "candidate_ids", f"{'、'.join(sitting)}已是本届委员，不能作为补选候选人"
        )
    if len(candidates) < seats:
        raise InvalidInput.one(
            "candidate_ids", f"补选{seats}名，候选人{len(candidates)}名，候选人不能少于补选人数"
        )
    verdict = check_by_election(seats, found.vacancies, found.size)
    try:
        with transaction.atomic():
            election = Election.objects.create(
                organization=org, kind=ElectionKind.BY_ELECTION, term=found.term,
                step=ElectionStep.REQUESTED, seats=seats, candidates=candidates,
                requested_on=requested_on, verdicts=_stored([verdict]),
                recorded_by=acting_user(actor),
            )  # fmt: skip
    except IntegrityError:
        raise Conflict("该党组织已有正在进行的换届选举或补选") from None
    audit(actor=actor, action="election.by_request", obj=election, detail=verdict.text)
    return election


def _by_election_confirmed(actor: Actor, election: Election, confirmed_on: date) -> CommitteeTerm:
    """The approval of a 补选: the elected join the current term's committee on
    ``confirmed_on`` (their posts start that day); the term, its number and due date stay.
    Refused when the seats are no longer vacant that day, or a new 书记/副书记 lacks the
    higher organisation's approval where the deployment requires it."""
    org = election.organization
    term = (
        CommitteeTerm.objects.select_for_update()
        .filter(organization=org, closed_on__isnull=True).first()
    )  # fmt: skip
    if term is None or term.pk != election.term_id:
        raise Conflict("补选所在的届次已经结束，不能再批准补选结果")
    _vacancy_checked(org, confirmed_on, len(election.posts), "confirmed_on")
    leaders = {PositionTitle.SECRETARY.value, PositionTitle.DEPUTY_SECRETARY.value}
    if any(p["title"] in leaders for p in election.posts):
        _secretaries_checked(election, confirmed_on)
    _still_members(election, confirmed_on)
    try:
        with transaction.atomic():
            Position.objects.bulk_create(
                Position(member_id=int(str(p["member_id"])), organization=org,
                         title=str(p["title"]), started_on=confirmed_on)
                for p in election.posts
            )  # fmt: skip
    except IntegrityError:
        raise Conflict(
            f"{format_cn_date(confirmed_on)}已有任职记录与补选的委员分工重复，请核对后再批准"
        ) from None
    _confirmed(election, confirmed_on)
    audit(actor=actor, action="election.by_confirm", obj=election,
          detail=f"第{term.number}届补选：" + "、".join(str(p["name"]) for p in election.posts))  # fmt: skip
    return term
