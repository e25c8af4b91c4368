"""Who may record what, whose people a user sees, and the record's own consistency: double
submits, dates out of order, the deadlines table, the admitted member, a second application."""

from __future__ import annotations

import random
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404

from dangjian.core.errors import Conflict, InvalidInput
from dangjian.development.history import history_of
from dangjian.development.models import Applicant, DevelopmentDue
from dangjian.development.selectors import access_applicant, dossier, visible_applicants
from dangjian.development.services import NOT_YOUR_COMMITTEE, applicant_register
from dangjian.members.models import Member
from dangjian.members.selectors import member_timeline
from dangjian.rules.development.deadlines import open_dues
from tests.development.paths import (
    People,
    act,
    do,
    move,
    path,
    people_of,
    register,
    stage_of,
    walk,
)
from tests.development.support import applicant_input


@pytest.fixture
def p(enterprise: SimpleNamespace, secretary_a: User) -> People:
    return people_of(enterprise, secretary_a)


# -- roles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["training", "pre_review", "approve_admission"])
def test_a_branch_secretary_cannot_record_a_committee_step(p: People, code: str) -> None:
    person = register(p)
    moves = path(p)
    walk(p, person, moves, before=code)
    with pytest.raises(PermissionDenied, match=NOT_YOUR_COMMITTEE):
        do(p, person, move(moves, code), by="branch")
    assert stage_of(person) == "candidate"


def test_the_general_branch_admin_cannot_approve_for_the_committee(
    p: People, org_admin_general: User
) -> None:
    person = register(p)
    moves = path(p)
    walk(p, person, moves, before="approve_admission")
    p.committee_admin = org_admin_general
    with pytest.raises(PermissionDenied, match=NOT_YOUR_COMMITTEE):
        do(p, person, move(moves, "approve_admission"))
    # nor override a check for it (细则: 个别特殊情况 are the 党委's to judge)
    with pytest.raises(PermissionDenied, match="只有具有审批权限的党委"):
        do(p, person, move(moves, "name_sponsors"), on=move(moves, "committee_talk").on,
           overrides={"DEV-8": "特殊"})  # fmt: skip
    assert stage_of(person) == "candidate"


# -- scope ----------------------------------------------------------------------------------


def test_another_branch_neither_sees_nor_records(p: People, secretary_b: User) -> None:
    person = register(p)
    assert person in visible_applicants(p.secretary)
    assert person not in visible_applicants(secretary_b)
    with pytest.raises(Http404):
        access_applicant(secretary_b, person.pk)
    with pytest.raises(Http404):
        dossier(secretary_b, person.pk)
    with pytest.raises(Http404):
        act(People(p.branch, p.committee, secretary_b, p.committee_admin, p.members), person,
            "talk", date(2022, 7, 20), talker="李书记")  # fmt: skip
    assert not history_of(person).last("talk")
    with pytest.raises(InvalidInput) as refused:
        applicant_register(actor=secretary_b, data=applicant_input(p.branch))
    assert "organization_id" in refused.value.errors


# -- double submits and dates out of order ----------------------------------------------------


def test_a_stage_changing_step_submitted_twice_is_a_conflict(p: People) -> None:
    person = register(p)
    moves = path(p)
    walk(p, person, moves, through="designate_activist")
    with pytest.raises(Conflict, match="入党积极分子不能进行"):
        do(p, person, move(moves, "designate_activist"))


@pytest.mark.parametrize("code", ["talk", "assess", "file_activist"])
def test_a_stage_keeping_step_twice_on_one_day_is_a_conflict(p: People, code: str) -> None:
    person = register(p)
    moves = path(p)
    walk(p, person, moves, through=code)
    # a filing is recorded once at all; a talk or an assessment not twice on one day
    with pytest.raises(
        Conflict, match="不能再次记录" if code == "file_activist" else "不能重复记录"
    ):
        do(p, person, [m for m in moves if m.code == code][-1])
    # on another day it is a second record (a second talk, the next assessment)
    if code in ("talk", "assess"):
        do(p, person, [m for m in moves if m.code == code][-1], on=move(moves, code).on
           + timedelta(days=1))  # fmt: skip


@pytest.mark.parametrize("code", ["application_form", "admission_meeting",
                                  "confirmation_meeting", "file_candidate", "pre_review", "oath"])  # fmt: skip
def test_a_step_taken_once_is_not_recorded_again(p: People, code: str) -> None:
    person = register(p)
    moves = path(p)
    walk(p, person, moves, through=code)
    again = move(moves, code)
    number = Applicant.objects.get(pk=person.pk).form_number
    with pytest.raises(Conflict, match="不能再次记录"):
        do(p, person, again, on=again.on + timedelta(days=1), form_number="0000099999")
    assert Applicant.objects.get(pk=person.pk).form_number == number


def test_a_date_in_the_future_is_refused(p: People) -> None:
    person = register(p)
    with pytest.raises(InvalidInput) as refused:
        act(p, person, "talk", date.today() + timedelta(days=1), talker="王书记")
    assert refused.value.errors["happened_on"] == ["日期不能晚于今天"]


def test_a_step_before_the_stage_began_is_refused(p: People) -> None:
    person = register(p)
    moves = path(p)
    walk(p, person, moves, through="designate_activist")
    with pytest.raises(InvalidInput, match="日期不能早于成为入党积极分子的日期"):
        do(p, person, move(moves, "file_activist"), on=date(2022, 8, 31))


def test_a_step_before_the_one_it_follows_is_refused(p: People) -> None:
    person = register(p)
    moves = path(p)
    walk(p, person, moves, before="committee_review")
    with pytest.raises(Conflict, match=r"尚未记录“支部委员会审查”.*第十八条"):
        do(p, person, move(moves, "pre_review"))
    review = do(p, person, move(moves, "committee_review"))
    with pytest.raises(InvalidInput, match="不能早于“支部委员会审查”"):
        do(p, person, move(moves, "pre_review"), on=review.happened_on - timedelta(days=1))
    walk(p, person, moves[moves.index(move(moves, "pre_review")) :], before="committee_talk")
    with pytest.raises(Conflict, match="第二十三条"):
        do(p, person, move(moves, "approve_admission"))


# -- the deadlines table equals the history's open deadlines ----------------------------------


def _dues_match(person: Applicant) -> None:
    person.refresh_from_db()
    stored = sorted((d.deadline, d.due_on, d.not_before, d.hard_limit)
                    for d in DevelopmentDue.objects.filter(applicant=person))  # fmt: skip
    computed = sorted((d.deadline.value, d.due_on, d.not_before, d.hard_limit)
                      for d in open_dues(history_of(person).dated_facts()))  # fmt: skip
    assert stored == computed


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_deadlines_table_follows_every_step(p: People, seed: int) -> None:
    rng = random.Random(seed)
    person = register(p)
    _dues_match(person)
    moves = path(p)
    stop = rng.randrange(3, len(moves))
    for step in moves[:stop]:
        do(p, person, step)
        _dues_match(person)
    end = rng.choice(["withdraw", "transfer_out", "none"])
    if end != "none" and stage_of(person) in ("applicant", "activist", "candidate"):
        materials = ("application", "activist_record", "political_review")
        act(p, person, end, moves[stop - 1].on, materials=materials)
        _dues_match(person)
        assert not DevelopmentDue.objects.filter(applicant=person).exists()


def test_the_whole_path_keeps_the_deadlines_table(p: People) -> None:
    person = register(p)
    for step in path(p):
        do(p, person, step)
        _dues_match(person)


# -- the admitted member -------------------------------------------------------------------


def test_the_admitted_member(p: People) -> None:
    person = register(p, occupation="student")
    moves = path(p)
    walk(p, person, moves, through="approve_admission")
    member = Member.objects.get(development__pk=person.pk)
    meeting_on = move(moves, "admission_meeting").on
    assert (member.stage, member.joined_on, member.dues_category) == (
        "probationary",
        meeting_on,
        "student",
    )
    assert (member.name, member.birth_date) == (person.name, person.birth_date)
    events = list(member_timeline(member))
    assert any("接收为预备党员" in e.reason for e in events)
    walk(p, person, moves[moves.index(move(moves, "file_admission")) :])
    member.refresh_from_db()
    assert (member.stage, member.confirmed_on) == (
        "full",
        date(meeting_on.year + 1, meeting_on.month, meeting_on.day),
    )


# -- who may apply -------------------------------------------------------------------------


def test_an_existing_member_cannot_apply(p: People) -> None:
    member = p.members[0]
    with pytest.raises(InvalidInput) as refused:
        applicant_register(actor=p.secretary, data=applicant_input(
            p.branch, id_number=member.id_number, birth_date=member.birth_date,
            gender=member.gender))  # fmt: skip
    assert "已有党员档案" in refused.value.errors["id_number"][0]


def test_one_open_process_per_person_and_a_new_application_after_withdrawal(p: People) -> None:
    data = applicant_input(p.branch, applied_on=date(2022, 7, 1), received_on=date(2022, 7, 3))
    first = applicant_register(actor=p.secretary, data=data)
    with pytest.raises(InvalidInput) as refused:
        applicant_register(actor=p.secretary, data=data)
    assert "发展党员流程中" in refused.value.errors["id_number"][0]
    act(p, first, "withdraw", date(2022, 8, 1), note="本人撤回")
    again = applicant_register(actor=p.secretary, data=data)
    assert again.pk != first.pk and again.stage == "applicant"
    assert Applicant.objects.filter(id_number_hash=first.id_number_hash).count() == 2
