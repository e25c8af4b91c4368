"""补选: a seat fallen vacant in the current term is filled through the short chain (请示 with
the vacant seats and candidates -> 批复 -> meeting -> tally -> approval) without a new term:
the elected join the current committee from the approval date, the term's due date stays."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from docx import Document

from dangjian.core.errors import Conflict, InvalidInput
from dangjian.elections.documents import election_document
from dangjian.elections.models import CommitteeTerm, Election, ElectionKind, ElectionStep
from dangjian.elections.selectors import by_elections_of, committee_as_of
from dangjian.elections.services import (
    Ballot,
    by_election_request,
    election_approve,
    election_assign_posts,
    election_confirm,
    election_hold,
    election_report,
    term_record,
    vacancy,
)
from dangjian.members.models import Member, Position
from dangjian.rules.elections import check_by_election, check_by_election_posts
from tests.factories import Role, make_member, make_user

Login = Callable[[User], Client]
JSON = "application/json"
TERM_ELECTED = date(2025, 6, 1)
POSTS_FROM = date(2025, 6, 10)
LEFT_ON = date(2026, 2, 1)


@pytest.fixture
def voters(enterprise: SimpleNamespace) -> list[Member]:
    return [make_member(enterprise.branch_a, name=f"党员{i}") for i in range(10)]


@pytest.fixture
def higher(enterprise: SimpleNamespace) -> User:
    return make_user("zongzhi_by", Role.ORG_ADMIN, enterprise.general)


@pytest.fixture
def term(enterprise: SimpleNamespace, voters: list[Member]) -> CommitteeTerm:
    """第3届, 3 seats: 党员0 书记, 党员1 组织委员, 党员2 宣传委员 until ``LEFT_ON``."""
    term = term_record(actor=None, organization_id=enterprise.branch_a.pk, number=3,
                       elected_on=TERM_ELECTED, seats=3)  # fmt: skip
    for member, title in zip(voters, ("secretary", "organization", "propaganda"), strict=False):
        Position.objects.create(member=member, organization=enterprise.branch_a, title=title,
                                started_on=POSTS_FROM)  # fmt: skip
    return term


def _vacate(enterprise: SimpleNamespace, voters: list[Member]) -> None:
    Position.objects.filter(member=voters[2], organization=enterprise.branch_a).update(
        ended_on=LEFT_ON
    )


def _request(enterprise: SimpleNamespace, secretary: User, voters: list[Member],
             seats: int = 1, candidates: tuple[int, ...] = (5, 6)) -> Election:  # fmt: skip
    return by_election_request(actor=secretary, organization_id=enterprise.branch_a.pk,
                               seats=seats, candidate_ids=[voters[i].pk for i in candidates],
                               requested_on=date(2026, 3, 1))  # fmt: skip


# ---------------------------------------------------------------- the arithmetic


def test_a_by_election_needs_a_vacancy_and_no_more_seats_than_vacancies() -> None:
    assert check_by_election(1, 0, 3).is_block
    assert not check_by_election(1, 1, 3).is_block
    assert not check_by_election(2, 2, 5).is_block
    refused = check_by_election(2, 1, 3)
    assert refused.is_block and "缺额1名" in refused.text and refused.rule_id == "ORG-3"


def test_a_by_election_cannot_elect_a_second_secretary() -> None:
    assert check_by_election_posts([7], [(7, "propaganda")], ["secretary", "organization"]) == ""
    assert "已有书记" in check_by_election_posts([7], [(7, "secretary")], ["secretary"])
    assert check_by_election_posts([7], [(7, "secretary")], ["organization"]) == ""
    assert "全部" in check_by_election_posts([7, 8], [(7, "propaganda")], [])


# ---------------------------------------------------------------- the services


def test_no_vacancy_or_too_many_seats_is_refused_citing_the_rule(
    enterprise: SimpleNamespace, secretary_a: User, term: CommitteeTerm, voters: list[Member]
) -> None:
    with pytest.raises(InvalidInput) as refused:
        _request(enterprise, secretary_a, voters)
    text = refused.value.errors["seats"][0]
    assert "没有缺额" in text and text.count("《中国共产党支部工作条例（试行）》第二十条") == 1
    _vacate(enterprise, voters)
    with pytest.raises(InvalidInput) as refused:
        _request(enterprise, secretary_a, voters, seats=2, candidates=(5, 6, 7))
    assert "多于缺额" in refused.value.errors["seats"][0]
    with pytest.raises(InvalidInput) as refused:  # 党员1 sits on the committee
        _request(enterprise, secretary_a, voters, candidates=(1, 6))
    assert "已是本届委员" in refused.value.errors["candidate_ids"][0]
    assert not Election.objects.exists()


def test_a_term_without_its_size_cannot_have_a_by_election(
    enterprise: SimpleNamespace, secretary_a: User, voters: list[Member]
) -> None:
    term_record(actor=None, organization_id=enterprise.branch_a.pk, number=3,
                elected_on=TERM_ELECTED)  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        _request(enterprise, secretary_a, voters)
    assert "委员职数" in refused.value.errors["seats"][0]


def test_the_elected_join_the_current_committee_from_the_approval_date(
    enterprise: SimpleNamespace, secretary_a: User, higher: User, term: CommitteeTerm,
    voters: list[Member],
) -> None:  # fmt: skip
    _vacate(enterprise, voters)
    found = vacancy(enterprise.branch_a, date(2026, 3, 1))
    assert found is not None and (found.size, found.vacancies) == (3, 1)
    election = _request(enterprise, secretary_a, voters)
    assert (election.kind, election.term_id) == (ElectionKind.BY_ELECTION, term.pk)
    election_approve(actor=higher, election_id=election.pk, approved_on=date(2026, 3, 2),
                     document="总支字〔2026〕20号")  # fmt: skip
    ids = [v.pk for v in voters]
    with pytest.raises(InvalidInput) as refused:  # 8 of 10 is not more than 4/5 (ELEC-1)
        election_hold(actor=secretary_a, election_id=election.pk, held_on=date(2026, 3, 10),
                      present_ids=ids[:8], ballots=[Ballot(ids[5], 6), Ballot(ids[6], 2)])  # fmt: skip
    assert "五分之四" in refused.value.errors["present_ids"][0]
    held = election_hold(actor=secretary_a, election_id=election.pk, held_on=date(2026, 3, 10),
                         present_ids=ids, ballots=[Ballot(ids[5], 7), Ballot(ids[6], 3)])  # fmt: skip
    assert held.elected == ["党员5"] and held.step == ElectionStep.HELD
    with pytest.raises(InvalidInput) as refused:  # the committee has its 书记
        election_assign_posts(actor=secretary_a, election_id=election.pk,
                              posts=[(ids[5], "secretary")])  # fmt: skip
    assert "已有书记" in refused.value.errors["posts"][0]
    election_assign_posts(actor=secretary_a, election_id=election.pk,
                          posts=[(ids[5], "propaganda")])  # fmt: skip
    election_report(actor=secretary_a, election_id=election.pk, reported_on=date(2026, 3, 11))
    confirmed = election_confirm(actor=higher, election_id=election.pk,
                                 confirmed_on=date(2026, 3, 15), document="批复〔2026〕1号")  # fmt: skip
    assert confirmed.pk == term.pk
    term.refresh_from_db()
    assert (term.number, term.ends_on, term.closed_on) == (3, date(2028, 6, 1), None)
    assert CommitteeTerm.objects.count() == 1  # no new term
    before = {p.member_id for p in committee_as_of(secretary_a, enterprise.branch_a.pk,
                                                    date(2026, 3, 14))}  # fmt: skip
    after = {p.member_id for p in committee_as_of(secretary_a, enterprise.branch_a.pk,
                                                   date(2026, 3, 15))}  # fmt: skip
    assert before == {ids[0], ids[1]} and after == {ids[0], ids[1], ids[5]}
    assert Position.objects.get(member_id=ids[0]).ended_on is None  # the others stay in office
    assert [e.pk for e in by_elections_of([term.pk])[term.pk]] == [election.pk]
    election.refresh_from_db()
    request = Document(io.BytesIO(election_document(election, "request", "docx")))
    text = "\n".join(p.text for p in request.paragraphs)
    assert "关于召开党员大会补选委员的请示" in text and "现缺额1名" in text and "换届" not in text
    result = Document(io.BytesIO(election_document(election, "result", "docx")))
    text = "\n".join(p.text for p in result.paragraphs)
    assert "关于补选委员结果的报告" in text and "补选的委员分工：党员5任宣传委员" in text
    assert "新一届" not in text
    found = vacancy(enterprise.branch_a, date(2026, 3, 15))
    assert found is not None and found.vacancies == 0


def test_a_by_election_is_reported_only_after_the_division_of_posts(
    enterprise: SimpleNamespace, secretary_a: User, higher: User, term: CommitteeTerm,
    voters: list[Member], login: Login,
) -> None:  # fmt: skip
    """The chain's order holds for a 补选 as for a 换届: the report states the posts, so it
    is refused before them, citing the article, at the service, the page and the API; once
    reported, the posts stay as reported."""
    _vacate(enterprise, voters)
    election = _request(enterprise, secretary_a, voters)
    election_approve(actor=higher, election_id=election.pk, approved_on=date(2026, 3, 2),
                     document="总支字〔2026〕20号")  # fmt: skip
    ids = [v.pk for v in voters]
    election_hold(actor=secretary_a, election_id=election.pk, held_on=date(2026, 3, 10),
                  present_ids=ids, ballots=[Ballot(ids[5], 7), Ballot(ids[6], 3)])  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        election_report(actor=secretary_a, election_id=election.pk, reported_on=date(2026, 3, 11))
    message = refused.value.errors["posts"][0]
    assert "补选当选委员的分工" in message and "《中国共产党支部工作条例（试行）》" in message
    client = login(secretary_a)
    page = client.post(reverse("elections:report", args=[election.pk]),
                       {"reported_on": "2026-03-11"}).content.decode()  # fmt: skip
    assert "补选当选委员的分工" in page
    api = client.post(f"/api/elections/{election.pk}/report", {"reported_on": "2026-03-11"},
                      content_type="application/json")  # fmt: skip
    assert api.status_code == 422 and api.json()["errors"][0]["field"] == "posts"
    election.refresh_from_db()
    assert election.step == ElectionStep.HELD and election.reported_on is None
    election_assign_posts(actor=secretary_a, election_id=election.pk,
                          posts=[(ids[5], "propaganda")])  # fmt: skip
    election_report(actor=secretary_a, election_id=election.pk, reported_on=date(2026, 3, 11))
    with pytest.raises(Conflict):
        election_assign_posts(actor=secretary_a, election_id=election.pk,
                              posts=[(ids[5], "organization")])  # fmt: skip


# ---------------------------------------------------------------- the doors


def test_the_organisation_page_offers_and_then_shows_the_by_election(
    enterprise: SimpleNamespace, secretary_a: User, higher: User, term: CommitteeTerm,
    voters: list[Member], login: Login,
) -> None:  # fmt: skip
    client = login(secretary_a)
    org_url = reverse("orgs:detail", args=[enterprise.branch_a.pk])
    assert "by-election-link" not in client.get(org_url).content.decode()
    url = reverse("elections:by_election", args=[enterprise.branch_a.pk])
    refused = client.post(url, {"seats": "1", "candidate_ids": [voters[5].pk, voters[6].pk],
                                "requested_on": "2026-03-01"})  # fmt: skip
    assert refused.status_code == 200 and "没有缺额" in refused.content.decode()
    _vacate(enterprise, voters)
    assert "by-election-link" in client.get(org_url).content.decode()
    made = client.post(url, {"seats": "1", "candidate_ids": [voters[5].pk, voters[6].pk],
                             "requested_on": "2026-03-01"})  # fmt: skip
    assert made.status_code == 302
    election = Election.objects.get()
    ids = [v.pk for v in voters]
    election_approve(actor=higher, election_id=election.pk, approved_on=date(2026, 3, 2),
                     document="总支字〔2026〕20号")  # fmt: skip
    election_hold(actor=secretary_a, election_id=election.pk, held_on=date(2026, 3, 10),
                  present_ids=ids, ballots=[Ballot(ids[5], 7), Ballot(ids[6], 3)])  # fmt: skip
    election_assign_posts(
        actor=secretary_a, election_id=election.pk, posts=[(ids[5], "propaganda")]
    )
    election_report(actor=secretary_a, election_id=election.pk, reported_on=date(2026, 3, 11))
    detail = client.get(reverse("elections:detail", args=[election.pk])).content.decode()
    assert "补选：" in detail and "不换届" in detail
    admin = login(higher)
    done = admin.post(reverse("elections:confirm", args=[election.pk]),
                      {"confirmed_on": "2026-03-15", "document": "总支字〔2026〕21号"})  # fmt: skip
    assert done.status_code == 302
    page = client.get(org_url).content.decode()
    assert "2026年3月15日经批准补选党员5" in page
    assert 'id="term-number">第3届' in page


def test_the_term_form_records_the_committee_size(
    enterprise: SimpleNamespace, secretary_a: User, login: Login
) -> None:
    client = login(secretary_a)
    url = reverse("elections:term", args=[enterprise.branch_a.pk])
    bad = client.post(url, {"number": "3", "elected_on": "2025-06-01", "seats": "0"})
    assert bad.status_code == 200 and "委员职数" in bad.content.decode()
    assert not CommitteeTerm.objects.exists()
    done = client.post(url, {"number": "3", "elected_on": "2025-06-01", "seats": "5"})
    assert done.status_code == 302 and CommitteeTerm.objects.get().seats == 5


def test_the_api_requests_a_by_election(
    enterprise: SimpleNamespace, secretary_a: User, term: CommitteeTerm, voters: list[Member],
    login: Login,
) -> None:  # fmt: skip
    client = login(secretary_a)
    body = {"organization_id": enterprise.branch_a.pk, "seats": 1,
            "candidate_ids": [voters[5].pk, voters[6].pk], "requested_on": "2026-03-01"}  # fmt: skip
    refused = client.post("/api/elections/by-elections", body, content_type=JSON)
    assert refused.status_code == 422
    error = refused.json()["errors"][0]
    assert error["field"] == "seats" and "没有缺额" in error["message"]
    _vacate(enterprise, voters)
    made = client.post("/api/elections/by-elections", body, content_type=JSON)
    assert made.status_code == 201, made.content
    assert (made.json()["kind"], made.json()["term_id"]) == ("by_election", term.pk)
    terms = client.get("/api/elections/terms").json()
    assert terms["items"][0]["seats"] == 3
