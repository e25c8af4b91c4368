"""换届选举 through the services: the ORG-5 chain in order, ELEC-1..ELEC-4, terms."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from pytest_django import Settings

from dangjian.core.errors import Conflict, InvalidInput
from dangjian.elections.models import CommitteeTerm, ElectionStep
from dangjian.elections.selectors import (
    committee_as_of,
    past_committees,
    terms_due,
    terms_of,
    terms_overdue,
)
from dangjian.elections.services import (
    Adjustment,
    Ballot,
    SecretaryApproval,
    election_approve,
    election_approve_secretaries,
    election_assign_posts,
    election_close_shortfall,
    election_confirm,
    election_hold,
    election_report,
    election_request,
    election_runoff,
    term_adjust,
    term_record,
)
from dangjian.members.choices import PositionTitle
from dangjian.members.models import Member, Position
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
    with pytest.raises(InvalidInput) as refused:  # the committee has not chosen its 书记 yet
        election_report(actor=secretary_a, election_id=election.pk, reported_on=date(2026, 5, 21))
    message = refused.value.errors["posts"][0]
    assert "书记、副书记及委员分工" in message and "《中国共产党支部工作条例（试行）》" in message
    election_assign_posts(actor=secretary_a, election_id=election.pk,
                          posts=[(ids[0], "secretary"), (ids[1], "organization"), (ids[2], "propaganda")])  # fmt: skip
    election_report(actor=secretary_a, election_id=election.pk, reported_on=date(2026, 5, 21))
    election_approve_secretaries(actor=general_admin, election_id=election.pk,
                                 approval=SecretaryApproval(date(2026, 5, 27), "中共第一党总支", "总支字〔2026〕6号"))  # fmt: skip
    term = election_confirm(
        actor=general_admin,
        election_id=election.pk,
        confirmed_on=date(2026, 5, 28),
        document="批复〔2026〕1号",
    )
    assert (term.number, term.ends_on) == (4, date(2029, 5, 20))
    assert CommitteeTerm.objects.get(number=3).closed_on == date(2026, 5, 28)
    held.refresh_from_db()
    assert held.step == ElectionStep.CONFIRMED


def test_a_tie_at_the_cut_opens_a_runoff_between_the_tied_only(
    enterprise: SimpleNamespace, secretary_a: User, general_admin: User, voters: list[Member]
) -> None:
    """ELEC-3: 3 seats, 乙 and 丙 tie for the last; the new vote is between them for 1 seat."""
    ids = [m.pk for m in voters]
    election = election_request(actor=secretary_a, organization_id=enterprise.branch_a.pk, seats=3,
                                candidate_ids=ids[:4], requested_on=date(2026, 3, 1))  # fmt: skip
    election_approve(
        actor=general_admin, election_id=election.pk, approved_on=date(2026, 3, 2), document="x号"
    )
    held = election_hold(actor=secretary_a, election_id=election.pk, held_on=date(2026, 3, 20),
                         present_ids=ids, ballots=[Ballot(ids[0], 9), Ballot(ids[1], 8),
                                                   Ballot(ids[2], 6), Ballot(ids[3], 6)])  # fmt: skip
    assert held.step == ElectionStep.RUNOFF and held.elected == ["选举人0", "选举人1"]
    assert held.runoff_pending == {"member_ids": [ids[2], ids[3]], "seats": 1}
    with pytest.raises(Conflict):
        election_report(actor=secretary_a, election_id=election.pk, reported_on=date(2026, 3, 21))
    with pytest.raises(InvalidInput) as refused:  # a candidate outside the tie has no run-off vote
        election_runoff(actor=secretary_a, election_id=election.pk,
                        ballots=[Ballot(ids[0], 6), Ballot(ids[2], 6)])  # fmt: skip
    assert "ballots" in refused.value.errors
    # For one seat two cannot both pass (a ballot elects one): 5 each passes neither.
    again = election_runoff(actor=secretary_a, election_id=election.pk,
                            ballots=[Ballot(ids[2], 5), Ballot(ids[3], 5)])  # fmt: skip
    assert again.step == ElectionStep.RUNOFF and len(again.runoffs) == 1
    done = election_runoff(actor=secretary_a, election_id=election.pk,
                           ballots=[Ballot(ids[2], 4), Ballot(ids[3], 6)])  # fmt: skip
    assert done.step == ElectionStep.HELD
    assert done.elected == ["选举人0", "选举人1", "选举人3"] and len(done.runoffs) == 2
    assert "当选须赞成票超过5票" in done.runoffs[-1]["text"]


def test_a_runoff_where_nobody_passes_leaves_the_seat_empty(
    enterprise: SimpleNamespace, secretary_a: User, general_admin: User, voters: list[Member]
) -> None:
    """ELEC-3: the run-off still needs more than half of those present; the empty seat is a
    shortfall, offered another round or closed with the reason recorded."""
    ids = [m.pk for m in voters]
    election = election_request(actor=secretary_a, organization_id=enterprise.branch_a.pk, seats=2,
                                candidate_ids=ids[:3], requested_on=date(2026, 3, 1))  # fmt: skip
    election_approve(
        actor=general_admin, election_id=election.pk, approved_on=date(2026, 3, 2), document="x号"
    )
    election_hold(actor=secretary_a, election_id=election.pk, held_on=date(2026, 3, 20),
                  present_ids=ids, ballots=[Ballot(ids[0], 8), Ballot(ids[1], 6),
                                            Ballot(ids[2], 6)])  # fmt: skip
    short = election_runoff(actor=secretary_a, election_id=election.pk,
                            ballots=[Ballot(ids[1], 5), Ballot(ids[2], 4)])  # fmt: skip
    assert short.step == ElectionStep.RUNOFF and short.runoff_pending["shortfall"] is True
    done = election_close_shortfall(actor=secretary_a, election_id=election.pk, reason="不再选举")
    assert done.step == ElectionStep.HELD and done.elected == ["选举人0"]


def _confirmed_with_posts(
    enterprise: SimpleNamespace, secretary_a: User, general_admin: User, ids: list[int],
    confirmed_on: date,
) -> None:  # fmt: skip
    election = election_request(actor=secretary_a, organization_id=enterprise.branch_a.pk, seats=3,
                                candidate_ids=ids[:4], requested_on=date(2026, 3, 1))  # fmt: skip
    election_approve(actor=general_admin, election_id=election.pk, approved_on=date(2026, 3, 2),
                     document="总支字〔2026〕7号")  # fmt: skip
    election_hold(actor=secretary_a, election_id=election.pk, held_on=date(2026, 5, 20),
                  present_ids=ids, ballots=[Ballot(ids[0], 9), Ballot(ids[1], 8), Ballot(ids[2], 7),
                                            Ballot(ids[3], 2)])  # fmt: skip
    with pytest.raises(InvalidInput, match="一名书记"):
        election_assign_posts(actor=secretary_a, election_id=election.pk,
                              posts=[(ids[0], "deputy_secretary"), (ids[1], "organization"),
                                     (ids[2], "propaganda")])  # fmt: skip
    with pytest.raises(InvalidInput, match="只包括当选委员"):
        election_assign_posts(actor=secretary_a, election_id=election.pk,
                              posts=[(ids[0], "secretary"), (ids[1], "organization"),
                                     (ids[3], "propaganda")])  # fmt: skip
    election_assign_posts(actor=secretary_a, election_id=election.pk,
                          posts=[(ids[1], "secretary"), (ids[0], "deputy_secretary"),
                                 (ids[2], "discipline")])  # fmt: skip
    election_report(actor=secretary_a, election_id=election.pk, reported_on=date(2026, 5, 21))
    election_approve_secretaries(actor=general_admin, election_id=election.pk,
                                 approval=SecretaryApproval(date(2026, 5, 21), "中共第一党总支", "总支字〔2026〕8号"))  # fmt: skip
    election_confirm(
        actor=general_admin,
        election_id=election.pk,
        confirmed_on=confirmed_on,
        document="批复〔2026〕1号",
    )


def test_the_new_committee_replaces_the_old_on_the_approval_date(
    enterprise: SimpleNamespace, secretary_a: User, general_admin: User, voters: list[Member]
) -> None:
    """The old posts end and the new ones start on the day the result is approved; the day
    before, the old committee is in office; the day of, the new one."""
    ids = [m.pk for m in voters]
    term_record(actor=None, organization_id=enterprise.branch_a.pk, number=1,
                elected_on=date(2023, 6, 1))  # fmt: skip
    for member_id, title in ((ids[5], PositionTitle.SECRETARY), (ids[6], PositionTitle.ORGANIZATION),
                             (ids[0], PositionTitle.PROPAGANDA)):  # fmt: skip
        Position.objects.create(member_id=member_id, organization=enterprise.branch_a, title=title,
                                started_on=date(2023, 6, 1))  # fmt: skip
    approval = date(2026, 6, 1)
    _confirmed_with_posts(enterprise, secretary_a, general_admin, ids, approval)
    before = committee_as_of(secretary_a, enterprise.branch_a.pk, approval - timedelta(days=1))
    on_day = committee_as_of(secretary_a, enterprise.branch_a.pk, approval)
    assert [(p.member_id, p.title) for p in before] == [
        (ids[5], "secretary"),
        (ids[6], "organization"),
        (ids[0], "propaganda"),
    ]
    assert [(p.member_id, p.title) for p in on_day] == [
        (ids[1], "secretary"),
        (ids[0], "deputy_secretary"),
        (ids[2], "discipline"),
    ]
    assert set(Position.objects.filter(ended_on=approval).values_list("member_id", flat=True)) == {
        ids[5],
        ids[6],
        ids[0],
    }
    past = past_committees(secretary_a, enterprise.branch_a)
    assert [(c.term.number, [(p.member_id, p.title) for p in c.posts]) for c in past] == [
        (1, [(ids[5], "secretary"), (ids[6], "organization"), (ids[0], "propaganda")])
    ]
    terms = list(terms_of(secretary_a, enterprise.branch_a.pk))
    assert [(t.number, t.closed_on) for t in terms] == [(2, None), (1, approval)]
    assert terms[0].elected_on == date(2026, 5, 20) and terms[0].ends_on == date(2029, 5, 20)
    assert committee_as_of(make_user("other_b", Role.SECRETARY, enterprise.branch_b),
                           enterprise.branch_a.pk, approval) == []  # fmt: skip


def test_a_postponed_election_needs_its_approval_recorded(
    enterprise: SimpleNamespace, secretary_a: User, general_admin: User, voters: list[Member]
) -> None:
    """ORG-5: the term ended 2025-12-01; an election on 2026-05-20 is refused until the higher
    organisation records the postponement; more than a year is refused; the due date moves."""
    ids = [m.pk for m in voters]
    term = term_record(actor=None, organization_id=enterprise.branch_a.pk, number=1,
                       elected_on=date(2022, 12, 1))  # fmt: skip
    assert term.ends_on == date(2025, 12, 1)
    election = election_request(actor=secretary_a, organization_id=enterprise.branch_a.pk, seats=3,
                                candidate_ids=ids[:4], requested_on=date(2026, 3, 1))  # fmt: skip
    election_approve(
        actor=general_admin, election_id=election.pk, approved_on=date(2026, 3, 2), document="x号"
    )
    ballots = [Ballot(ids[0], 9), Ballot(ids[1], 8), Ballot(ids[2], 7), Ballot(ids[3], 2)]
    with pytest.raises(InvalidInput) as refused:
        election_hold(actor=secretary_a, election_id=election.pk, held_on=date(2026, 5, 20),
                      present_ids=ids, ballots=ballots)  # fmt: skip
    assert "须经上级党组织批准" in refused.value.errors["held_on"][0]
    good = Adjustment(
        date(2026, 6, 1), date(2025, 11, 20), "二总支", "总支字〔2025〕9号", "生产任务集中"
    )
    with pytest.raises(PermissionDenied):  # the branch cannot approve its own postponement
        term_adjust(actor=secretary_a, term_id=term.pk, adjustment=good)
    too_far = Adjustment(date(2026, 12, 2), date(2025, 11, 20), "二总支", "x号", "原因")
    with pytest.raises(InvalidInput) as refused:
        term_adjust(actor=general_admin, term_id=term.pk, adjustment=too_far)
    assert "不得超过一年" in refused.value.errors["new_due_on"][0]
    assert "《" in refused.value.errors["new_due_on"][0]
    no_reason = Adjustment(date(2026, 6, 1), date(2025, 11, 20), "二总支", "x号", " ")
    with pytest.raises(InvalidInput) as refused:
        term_adjust(actor=general_admin, term_id=term.pk, adjustment=no_reason)
    assert "原因" in refused.value.errors["reason"][0]
    moved = term_adjust(actor=general_admin, term_id=term.pk, adjustment=good)
    assert (moved.ends_on, moved.original_ends_on) == (date(2026, 6, 1), date(2025, 12, 1))
    assert list(terms_overdue(secretary_a, date(2026, 5, 20))) == []
    held = election_hold(actor=secretary_a, election_id=election.pk, held_on=date(2026, 5, 20),
                         present_ids=ids, ballots=ballots)  # fmt: skip
    assert held.step == ElectionStep.HELD
    assert any("经上级党组织批准" in v["text"] for v in held.verdicts)


def test_a_probationary_member_cannot_stand(
    enterprise: SimpleNamespace, secretary_a: User, voters: list[Member]
) -> None:
    """ELEC-4: only full members with the right to vote."""
    probationary = make_member(enterprise.branch_a, stage="probationary", joined_on=date(2026, 1, 10),
                               confirmed_on=None)  # fmt: skip
    with pytest.raises(InvalidInput, match=r"为预备党员.*不是有选举权和被选举权的正式党员"):
        election_request(actor=secretary_a, organization_id=enterprise.branch_a.pk, seats=1,
                         candidate_ids=[voters[0].pk, probationary.pk], requested_on=date(2026, 3, 1))  # fmt: skip


def test_a_post_recorded_by_hand_on_the_approval_day_is_a_conflict_not_a_crash(
    enterprise: SimpleNamespace, secretary_a: User, general_admin: User, voters: list[Member]
) -> None:
    ids = [m.pk for m in voters]
    approval = date(2026, 6, 1)
    Position.objects.create(member_id=ids[1], organization=enterprise.branch_a,
                            title=PositionTitle.SECRETARY, started_on=approval)  # fmt: skip
    with pytest.raises(Conflict, match="重复"):
        _confirmed_with_posts(enterprise, secretary_a, general_admin, ids, approval)
    assert not CommitteeTerm.objects.filter(organization=enterprise.branch_a).exists()
    assert Position.objects.filter(organization=enterprise.branch_a).count() == 1


def _reported(enterprise: SimpleNamespace, secretary_a: User, general_admin: User,
              ids: list[int], second: str = "deputy_secretary") -> int:  # fmt: skip
    """An election reported on 2026-05-21 with 选举人0 书记, 选举人1 ``second`` (副书记) and
    选举人2 组织委员."""
    election = election_request(actor=secretary_a, organization_id=enterprise.branch_a.pk, seats=3,
                                candidate_ids=ids[:4], requested_on=date(2026, 3, 1))  # fmt: skip
    election_approve(actor=general_admin, election_id=election.pk, approved_on=date(2026, 3, 2),
                     document="总支字〔2026〕7号")  # fmt: skip
    election_hold(actor=secretary_a, election_id=election.pk, held_on=date(2026, 5, 20),
                  present_ids=ids, ballots=[Ballot(ids[0], 9), Ballot(ids[1], 8), Ballot(ids[2], 7),
                                            Ballot(ids[3], 2)])  # fmt: skip
    election_assign_posts(actor=secretary_a, election_id=election.pk,
                          posts=[(ids[0], "secretary"), (ids[1], second), (ids[2], "organization")])  # fmt: skip
    election_report(actor=secretary_a, election_id=election.pk, reported_on=date(2026, 5, 21))
    return election.pk


def test_the_secretaries_are_approved_as_their_own_step_before_the_committee_takes_office(
    enterprise: SimpleNamespace, secretary_a: User, general_admin: User, voters: list[Member]
) -> None:
    ids = [m.pk for m in voters]
    eid = _reported(enterprise, secretary_a, general_admin, ids)
    approval = SecretaryApproval(date(2026, 5, 25), "中共第一党总支", "总支字〔2026〕9号")
    with pytest.raises(InvalidInput) as refused:  # required by default: the rule is cited
        election_confirm(
            actor=general_admin,
            election_id=eid,
            confirmed_on=date(2026, 5, 28),
            document="批复〔2026〕1号",
        )
    message = refused.value.errors["secretaries_approved_on"][0]
    assert "须经上级党组织批准后方可任职" in message and "《" in message and "ORG-5" not in message
    with pytest.raises(PermissionDenied):  # the branch cannot approve its own secretary
        election_approve_secretaries(actor=secretary_a, election_id=eid, approval=approval)
    for bad, field in ((SecretaryApproval(date(2026, 5, 20), "中共第一党总支", "x号"), "approved_on"),
                       (SecretaryApproval(date(2026, 5, 25), " ", "x号"), "approver"),
                       (SecretaryApproval(date(2026, 5, 25), "中共第一党总支", ""), "document")):  # fmt: skip
        with pytest.raises(InvalidInput) as refused:
            election_approve_secretaries(actor=general_admin, election_id=eid, approval=bad)
        assert field in refused.value.errors
    election_approve_secretaries(actor=general_admin, election_id=eid, approval=approval)
    with pytest.raises(Conflict):  # the report and the approval name these people
        election_assign_posts(actor=secretary_a, election_id=eid,
                              posts=[(ids[1], "secretary"), (ids[0], "deputy_secretary"),
                                     (ids[2], "organization")])  # fmt: skip
    with pytest.raises(Conflict):
        election_approve_secretaries(actor=general_admin, election_id=eid, approval=approval)
    with pytest.raises(InvalidInput) as refused:  # the committee cannot take office before it
        election_confirm(
            actor=general_admin,
            election_id=eid,
            confirmed_on=date(2026, 5, 24),
            document="批复〔2026〕1号",
        )
    assert "2026年5月25日" in refused.value.errors["confirmed_on"][0]
    election_confirm(
        actor=general_admin,
        election_id=eid,
        confirmed_on=date(2026, 5, 25),
        document="批复〔2026〕1号",
    )
    secretary = Position.objects.get(
        organization=enterprise.branch_a, title=PositionTitle.SECRETARY
    )
    assert (secretary.member_id, secretary.started_on) == (ids[0], date(2026, 5, 25))


def test_a_deployment_without_secretary_approval_confirms_directly(
    enterprise: SimpleNamespace, secretary_a: User, general_admin: User, voters: list[Member],
    settings: Settings,
) -> None:  # fmt: skip
    settings.SECRETARY_APPROVAL = False
    ids = [m.pk for m in voters]
    eid = _reported(enterprise, secretary_a, general_admin, ids, second="propaganda")
    term = election_confirm(
        actor=general_admin,
        election_id=eid,
        confirmed_on=date(2026, 5, 28),
        document="批复〔2026〕1号",
    )
    assert term.elected_on == date(2026, 5, 20)
