"""DISC-1 (纪律处分条例第十二条; ELEC-4): a member under 留党察看 has no vote, in every count of
voters: the register, a 支部党员大会's vote, an election's quorum and its candidates, the
发展党员 tally (tests/development/test_services_boundaries.py)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User

from dangjian.core.errors import InvalidInput
from dangjian.discipline.inputs import SanctionInput
from dangjian.discipline.services import sanction_record
from dangjian.elections.services import Ballot, election_approve, election_hold, election_request
from dangjian.meetings.votes import meeting_vote_record
from dangjian.members.models import Member
from dangjian.members.register import branch_register_as_of
from tests.factories import Role, make_member, make_user
from tests.meetings.test_services import plan


def _watch(member: Member, decided_on: date) -> None:
    sanction_record(actor=None, member_id=member.pk, data=SanctionInput(
        kind="probation_in_party", decided_on=decided_on, deciding_org="测试公司纪委",
        reason="违反组织纪律", term_months=24))  # fmt: skip


@pytest.fixture
def branch(enterprise: SimpleNamespace) -> tuple[list[Member], Member]:
    """Four full members of 一支部 and a fifth under 留党察看 since 2025-09-01 (two years)."""
    members = [make_member(enterprise.branch_a, name=f"党员{i}") for i in range(4)]
    watched = make_member(enterprise.branch_a, name="察看党员")
    _watch(watched, date(2025, 9, 1))
    return members, watched


def test_the_register_gives_no_vote_under_probation_in_party(
    enterprise: SimpleNamespace, branch: tuple[list[Member], Member]
) -> None:
    members, watched = branch
    register = branch_register_as_of(enterprise.branch_a, date(2026, 6, 10))
    assert {e.member_id for e in register.may_vote} == {m.pk for m in members}
    assert watched.pk in {e.member_id for e in register.should_attend}
    before = branch_register_as_of(enterprise.branch_a, date(2025, 8, 31))
    assert watched.pk in {e.member_id for e in before.may_vote}  # the day before the decision


def test_a_branch_assembly_vote_does_not_count_a_member_under_probation_in_party(
    enterprise: SimpleNamespace, secretary_a: User, branch: tuple[list[Member], Member]
) -> None:
    """MEET-1 over the voting members: 4 entitled, not 5; the watched member cannot be present
    as a voter."""
    members, watched = branch
    meeting = plan(secretary_a, enterprise.branch_a.pk, date(2026, 6, 10))
    ids = tuple(m.pk for m in members)
    vote = meeting_vote_record(actor=secretary_a, meeting_id=meeting.pk, subject="推荐优秀党员",
                               kind="branch_assembly", present_ids=ids[:3], yes=3)  # fmt: skip
    assert (vote.entitled, vote.present, vote.passed) == (4, 3, True)
    with pytest.raises(InvalidInput) as refused:
        meeting_vote_record(actor=secretary_a, meeting_id=meeting.pk, subject="推荐优秀党员",
                            kind="branch_assembly", present_ids=(*ids[:2], watched.pk), yes=3)  # fmt: skip
    assert "不是应到会有表决权的党员" in refused.value.errors["present_ids"][0]


def test_an_election_counts_no_member_under_probation_in_party(
    enterprise: SimpleNamespace, secretary_a: User, branch: tuple[list[Member], Member]
) -> None:
    """ELEC-1/ELEC-4: the quorum is over 4 voters (4 present of 4 is more than four fifths);
    the watched member may neither vote nor stand."""
    members, watched = branch
    ids = [m.pk for m in members]
    with pytest.raises(InvalidInput, match="有选举权和被选举权的正式党员"):
        election_request(actor=secretary_a, organization_id=enterprise.branch_a.pk, seats=1,
                         candidate_ids=[ids[0], watched.pk], requested_on=date(2026, 3, 1))  # fmt: skip
    election = election_request(actor=secretary_a, organization_id=enterprise.branch_a.pk,
                                seats=1, candidate_ids=ids[:2], requested_on=date(2026, 3, 1))  # fmt: skip
    approver = make_user("zongzhi_v", Role.ORG_ADMIN, enterprise.general)
    election_approve(actor=approver, election_id=election.pk, approved_on=date(2026, 3, 2),
                     document="总支字〔2026〕1号")  # fmt: skip
    ballots = [Ballot(ids[0], 3), Ballot(ids[1], 1)]
    with pytest.raises(InvalidInput) as refused:
        election_hold(actor=secretary_a, election_id=election.pk, held_on=date(2026, 3, 20),
                      present_ids=[*ids, watched.pk], ballots=ballots)  # fmt: skip
    assert "不在应到会有选举权党员名单中" in refused.value.errors["present_ids"][0]
    held = election_hold(actor=secretary_a, election_id=election.pk, held_on=date(2026, 3, 20),
                         present_ids=ids, ballots=ballots)  # fmt: skip
    assert held.elected == ["党员0"]
