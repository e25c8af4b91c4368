"""换届选举 through the services: the ORG-5 chain in order, ELEC-1..ELEC-4, terms."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from dangjian.core.errors import Conflict, InvalidInput
from dangjian.elections.models import CommitteeTerm, ElectionStep
from dangjian.elections.selectors import terms_due, terms_overdue
from dangjian.elections.services import (
    Ballot,
    election_approve,
    election_confirm,
    election_hold,
    election_report,
    election_request,
    term_record,
)
from dangjian.members.models import Member
from tests.factories import Role, make_member, make_user


@pytest.fixture
def general_admin(enterprise: SimpleNamespace) -> User:
    return make_user("zongzhi", Role.ORG_ADMIN, enterprise.general)


@pytest.fixture
def voters(enterprise: SimpleNamespace) -> list[Member]:
    return [make_member(enterprise.branch_a, name=f"选举人{i}") for i in range(10)]


def test_the_election_chain_opens_the_next_term(
    enterprise: SimpleNamespace, secretary_a: User, general_admin: User, voters: list[Member]
) -> None:
    term_record(
        actor=secretary_a,
        organization_id=enterprise.branch_a.pk,
        number=3,
        elected_on=date(2023, 6, 1),
    )
    assert [t.number for t in terms_due(secretary_a, date(2026, 1, 1))] == [3]  # ends 2026-06-01
    assert list(terms_overdue(secretary_a, date(2026, 5, 31))) == []
    ids = [m.pk for m in voters]
    with pytest.raises(InvalidInput) as refused:
        election_request(actor=secretary_a, organization_id=enterprise.branch_a.pk, seats=3,
                         candidate_ids=ids[:3], requested_on=date(2026, 3, 1))  # fmt: skip
    assert (
        "至少4名" in refused.value.errors["candidate_ids"][0]
        and "第十三条" in refused.value.errors["candidate_ids"][0]
    )
    election = election_request(actor=secretary_a, organization_id=enterprise.branch_a.pk, seats=3,
                                candidate_ids=ids[:4], requested_on=date(2026, 3, 1))  # fmt: skip
    with pytest.raises(Conflict):
        election_hold(actor=secretary_a, election_id=election.pk, held_on=date(2026, 5, 1),
                      present_ids=ids, ballots=[])  # fmt: skip
    with pytest.raises(PermissionDenied):
        election_approve(
            actor=secretary_a, election_id=election.pk, approved_on=date(2026, 3, 10), document="x"
        )
    election_approve(actor=general_admin, election_id=election.pk, approved_on=date(2026, 3, 10),
                     document="总支字〔2026〕5号")  # fmt: skip
    ballots = [Ballot(ids[0], 8), Ballot(ids[1], 7), Ballot(ids[2], 6), Ballot(ids[3], 3)]
    with pytest.raises(InvalidInput) as refused:  # 8 of 10 is exactly 4/5: not more
        election_hold(actor=secretary_a, election_id=election.pk, held_on=date(2026, 5, 20),
                      present_ids=ids[:8], ballots=ballots)  # fmt: skip
    assert "五分之四" in refused.value.errors["present_ids"][0]
    held = election_hold(actor=secretary_a, election_id=election.pk, held_on=date(2026, 5, 20),
                         present_ids=ids[:8], ballots=ballots,
                         left_out=[(ids[9], "长期出国")])  # 9 should attend, 8 present  # fmt: skip
    assert held.elected == ["选举人0", "选举人1", "选举人2"]
    election_report(actor=secretary_a, election_id=election.pk, reported_on=date(2026, 5, 21))
    term = election_confirm(
        actor=general_admin, election_id=election.pk, confirmed_on=date(2026, 5, 28)
    )
    assert (term.number, term.ends_on) == (4, date(2029, 5, 20))
    assert CommitteeTerm.objects.get(number=3).closed_on == date(2026, 5, 20)
    held.refresh_from_db()
    assert held.step == ElectionStep.CONFIRMED


def test_a_tie_at_the_cut_is_sent_back_for_a_new_vote(
    enterprise: SimpleNamespace, secretary_a: User, general_admin: User, voters: list[Member]
) -> None:
    ids = [m.pk for m in voters]
    election = election_request(actor=secretary_a, organization_id=enterprise.branch_a.pk, seats=1,
                                candidate_ids=ids[:2], requested_on=date(2026, 3, 1))  # fmt: skip
    election_approve(
        actor=general_admin, election_id=election.pk, approved_on=date(2026, 3, 2), document="x号"
    )
    with pytest.raises(InvalidInput) as refused:
        election_hold(actor=secretary_a, election_id=election.pk, held_on=date(2026, 3, 20),
                      present_ids=ids, ballots=[Ballot(ids[0], 6), Ballot(ids[1], 6)])  # fmt: skip
    assert "另行投票" in refused.value.errors["ballots"][0]


def test_a_probationary_member_cannot_stand(
    enterprise: SimpleNamespace, secretary_a: User, voters: list[Member]
) -> None:
    """ELEC-4: only full members with the right to vote."""
    probationary = make_member(enterprise.branch_a, stage="probationary", joined_on=date(2026, 1, 10),
                               confirmed_on=None)  # fmt: skip
    with pytest.raises(InvalidInput, match="有选举权的正式党员"):
        election_request(actor=secretary_a, organization_id=enterprise.branch_a.pk, seats=1,
                         candidate_ids=[voters[0].pk, probationary.pk], requested_on=date(2026, 3, 1))  # fmt: skip
