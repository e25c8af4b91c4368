"""The use cases of 班子与换届: record a term; the election's chain request -> approval ->
meeting -> report -> confirmation (ORG-5), with ELEC-1..ELEC-4 checked on the way.

Each step is atomic, in order (a step out of order is a ``Conflict``), audited, and checked in
``accounts.access``: the organisation's own secretary requests, holds and reports; the higher
organisation approves the request and the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from dangjian.accounts.access import may_manage_org, require, scope_for
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.elections.models import CommitteeTerm, Election, ElectionStep
from dangjian.members.register import branch_register_as_of
from dangjian.orgs.models import Organization
from dangjian.rules.elections import (
    Count,
    check_candidates,
    check_election_quorum,
    check_postponement,
    elect,
)
from dangjian.rules.organization import OrgKind, term_end
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
                approval_document: str = "") -> CommitteeTerm:  # fmt: skip
    """Enter a committee's current term (e.g. when the platform starts): its end by ORG-5."""
    org = _org(actor, organization_id)
    _not_future(elected_on, "elected_on")
    if number < 1:
        raise InvalidInput.one("number", "届次应为正整数")
    try:
        with transaction.atomic():
            term = CommitteeTerm.objects.create(
                organization=org, number=number, elected_on=elected_on,
                ends_on=term_end(elected_on, OrgKind(org.kind)), approval_document=approval_document.strip()[:80],
            )  # fmt: skip
    except IntegrityError:
        raise Conflict("该党组织已有本届或该届次的记录") from None
    audit(actor=actor, action="election.term", obj=term, detail=f"{org.name}第{number}届")
    return term


def _candidates(org: Organization, member_ids: Sequence[int], on: date) -> list[dict[str, object]]:
    """ELEC-4: candidates are full members in good standing with the right to vote that day."""
    register = branch_register_as_of(org, on)
    voters = {e.member_id: e for e in register.may_vote}
    rows = []
    for member_id in dict.fromkeys(member_ids):
        entry = voters.get(member_id)
        if entry is None:
            raise InvalidInput.one(
                "candidate_ids", f"候选人（#{member_id}）不是本组织有选举权的正式党员"
            )
        rows.append({"member_id": member_id, "name": entry.name})
    return rows


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


def _locked(election_id: int, step: str) -> Election:
    election = (
        Election.objects.select_for_update()
        .select_related("organization")
        .filter(pk=election_id)
        .first()
    )
    if election is None:
        raise InvalidInput.one("election_id", "未找到该换届选举")
    if election.step != step:
        raise Conflict(f"换届选举{election.get_step_display()}，不能进行此步骤")
    return election


@transaction.atomic
def election_approve(
    *, actor: Actor, election_id: int, approved_on: date, document: str
) -> Election:
    """The higher organisation's 批复 of the request."""
    election = _locked(election_id, ElectionStep.REQUESTED)
    _require_higher(actor, election.organization)
    _not_future(approved_on, "approved_on")
    if approved_on < election.requested_on:
        raise InvalidInput.one("approved_on", "批复日期不能早于请示日期")
    if not document.strip():
        raise InvalidInput.one("document", "请填写批复文号")
    election.step, election.approved_on = ElectionStep.APPROVED, approved_on
    election.approval_document = document.strip()[:80]
    election.save(update_fields=["step", "approved_on", "approval_document", "updated_at"])
    audit(actor=actor, action="election.approve", obj=election, detail=election.approval_document)
    return election


@dataclass(frozen=True)
class Ballot:
    """One candidate's votes at the election meeting."""

    member_id: int
    yes: int
    no: int = 0
    abstain: int = 0


@transaction.atomic
def election_hold(
    *, actor: Actor, election_id: int, held_on: date, present_ids: Sequence[int],
    ballots: Sequence[Ballot], left_out: Sequence[tuple[int, str]] = (), invalid_ballots: int = 0,
    postponement_approved: bool = False,
) -> Election:  # fmt: skip
    """The election meeting: ELEC-1 quorum over the voting members of the day less those left
    out with their reason; ELEC-3 tally; ORG-5 timing against the current term. A tie at the
    cut is refused, naming the tied, for a new vote between them."""
    election = _locked(election_id, ElectionStep.APPROVED)
    org = election.organization
    if actor is not None:
        require(scope_for(actor).covers_org(org), NOT_YOURS)
    _not_future(held_on, "held_on")
    assert election.approved_on is not None
    if held_on < election.approved_on:
        raise InvalidInput.one("held_on", "选举大会不能早于上级批复")
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
    current = CommitteeTerm.objects.filter(organization=org, closed_on__isnull=True).first()
    if current is not None:
        verdicts.append(
            check_postponement(current.ends_on, held_on, approved=postponement_approved)
        )
    blocks = [v for v in verdicts if v.is_block]
    if blocks:
        raise InvalidInput.one(
            "present_ids" if blocks[0].rule_id == "ELEC-1" else "held_on", blocks[0].text
        )
    names = {c["member_id"]: c["name"] for c in election.candidates}
    if {b.member_id for b in ballots} != set(names):
        raise InvalidInput.one("ballots", "请为每位候选人填写得票")
    try:
        result = elect([Count(str(names[b.member_id]), b.yes, b.no, b.abstain) for b in ballots],
                       election.seats, len(present))  # fmt: skip
    except ValueError as error:
        raise InvalidInput.one("ballots", str(error)) from None
    if result.runoff:
        raise InvalidInput.one("ballots", f"依据{verdicts[0].source}：{result.text}")
    election.step, election.held_on = ElectionStep.HELD, held_on
    election.should_attend, election.present = len(should), len(present)
    election.left_out = [
        {"member_id": m, "name": voters[m], "reason": r} for m, r in excused.items()
    ]
    election.tally = [{"member_id": b.member_id, "name": names[b.member_id], "yes": b.yes, "no": b.no,
                       "abstain": b.abstain} for b in ballots]  # fmt: skip
    election.invalid_ballots, election.elected = invalid_ballots, list(result.elected)
    election.verdicts = [
        *election.verdicts,
        *_stored(verdicts),
        {"rule_id": "ELEC-3", "outcome": "pass", "text": result.text},
    ]
    election.save()
    audit(actor=actor, action="election.hold", obj=election, detail=result.text)
    return election


@transaction.atomic
def election_report(*, actor: Actor, election_id: int, reported_on: date) -> Election:
    """The report of the result to the higher organisation."""
    election = _locked(election_id, ElectionStep.HELD)
    if actor is not None:
        require(scope_for(actor).covers_org(election.organization), NOT_YOURS)
    assert election.held_on is not None
    if reported_on < election.held_on or reported_on > _today():
        raise InvalidInput.one("reported_on", "报告日期应在选举之后、不晚于今天")
    election.step, election.reported_on = ElectionStep.REPORTED, reported_on
    election.save(update_fields=["step", "reported_on", "updated_at"])
    audit(actor=actor, action="election.report", obj=election)
    return election


@transaction.atomic
def election_confirm(*, actor: Actor, election_id: int, confirmed_on: date) -> CommitteeTerm:
    """The higher organisation approves the result: the current term closes on the election
    day and the next opens, due by ORG-5."""
    election = _locked(election_id, ElectionStep.REPORTED)
    org = election.organization
    _require_higher(actor, org)
    assert election.held_on is not None and election.reported_on is not None
    if confirmed_on < election.reported_on or confirmed_on > _today():
        raise InvalidInput.one("confirmed_on", "批准日期应在报告之后、不晚于今天")
    current = (
        CommitteeTerm.objects.select_for_update()
        .filter(organization=org, closed_on__isnull=True)
        .first()
    )
    number = 1
    if current is not None:
        current.closed_on = election.held_on
        current.save(update_fields=["closed_on"])
        number = current.number + 1
    term = CommitteeTerm.objects.create(
        organization=org, number=number, elected_on=election.held_on,
        ends_on=term_end(election.held_on, OrgKind(org.kind)), approval_document=election.approval_document,
    )  # fmt: skip
    election.step, election.confirmed_on = ElectionStep.CONFIRMED, confirmed_on
    election.save(update_fields=["step", "confirmed_on", "updated_at"])
    audit(actor=actor, action="election.confirm", obj=election, detail=f"第{number}届")
    return term
