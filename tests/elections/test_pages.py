"""The pages of 班子与换届: the organisation's committee and checks, the 党委's list, the
election's steps through the forms, scoping and refusals, the documents, the home card."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dangjian.core.due import due_items
from dangjian.discipline.inputs import SanctionInput
from dangjian.discipline.services import sanction_record
from dangjian.elections.checks import committees_in_scope, failing_in_scope
from dangjian.elections.models import CommitteeTerm, Election, ElectionStep
from dangjian.elections.services import (
    election_approve,
    election_request,
    term_record,
)
from dangjian.members.choices import PositionTitle
from dangjian.members.models import Member, Position
from dangjian.rules.dates import format_cn_date
from tests.factories import make_member, make_org, make_user

Login = Callable[[User], Client]
RULE_ID = re.compile(r"\b(ELEC|ORG|DISC)-\d+\b")


@pytest.fixture
def voters(enterprise: SimpleNamespace) -> list[Member]:
    return [make_member(enterprise.branch_a, name=f"选举人{i}") for i in range(10)]


@pytest.fixture
def today() -> date:
    return timezone.localdate()


def _text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined, no-any-return]


def _overdue_term(org_id: int) -> CommitteeTerm:
    # A 党支部's term is three years: elected four years ago, it ended a year ago.
    elected = timezone.localdate() - timedelta(days=4 * 365)
    return term_record(actor=None, organization_id=org_id, number=2, elected_on=elected)


def test_the_organisation_page_shows_term_posts_and_checks(
    enterprise: SimpleNamespace, secretary_a: User, voters: list[Member], login: Login, today: date
) -> None:
    term = _overdue_term(enterprise.branch_a.pk)
    Position.objects.create(member=voters[0], organization=enterprise.branch_a,
                            title=PositionTitle.ORGANIZATION, started_on=term.elected_on)  # fmt: skip
    page = _text(login(secretary_a).get(reverse("orgs:detail", args=[enterprise.branch_a.pk])))
    assert "第2届" in page and format_cn_date(term.ends_on) in page
    assert "组织委员" in page and "选举人0" in page
    assert 'data-check="overdue"' in page and "逾期" in page and "《" in page
    assert 'data-check="vacant"' in page and "书记职务" in page
    assert not RULE_ID.search(page.split('id="committee-term"')[1].split("</div>\n<div")[0])


def test_a_secretary_in_office_and_a_recent_vacancy_are_not_flagged(
    enterprise: SimpleNamespace, secretary_a: User, voters: list[Member], today: date, login: Login
) -> None:
    term_record(actor=None, organization_id=enterprise.branch_a.pk, number=1,
                elected_on=today - timedelta(days=100))  # fmt: skip
    Position.objects.create(member=voters[0], organization=enterprise.branch_a,
                            title=PositionTitle.SECRETARY, started_on=today - timedelta(days=100),
                            ended_on=today - timedelta(days=10))  # fmt: skip
    page = _text(login(secretary_a).get(reverse("orgs:detail", args=[enterprise.branch_a.pk])))
    assert 'data-check="vacant"' not in page  # empty 10 days, under the 30-day setting
    assert 'data-check="overdue"' not in page


def test_a_post_held_under_probation_in_party_is_flagged(
    enterprise: SimpleNamespace, secretary_a: User, org_admin_general: User,
    voters: list[Member], today: date, login: Login,
) -> None:  # fmt: skip
    Position.objects.create(member=voters[1], organization=enterprise.branch_a,
                            title=PositionTitle.SECRETARY, started_on=today - timedelta(days=200))  # fmt: skip
    sanction_record(actor=org_admin_general, member_id=voters[1].pk, data=SanctionInput(
        kind="probation_in_party", decided_on=today - timedelta(days=30), deciding_org="测试公司纪委",
        reason="违反纪律", term_months=12))  # fmt: skip
    page = _text(login(secretary_a).get(reverse("orgs:detail", args=[enterprise.branch_a.pk])))
    assert 'data-check="sanction"' in page and "选举人1任书记" in page and "留党察看" in page


def test_the_overview_lists_overdue_terms_and_vacant_posts_and_the_card_counts_them(
    enterprise: SimpleNamespace, org_admin_general: User, login: Login, today: date
) -> None:
    _overdue_term(enterprise.branch_a.pk)
    term_record(actor=None, organization_id=enterprise.branch_b.pk, number=1,
                elected_on=today - timedelta(days=3 * 365 - 60))  # due in about two months  # fmt: skip
    _overdue_term(enterprise.branch_c.pk)  # outside 第一党总支: not listed for its administrator
    page = _text(login(org_admin_general).get(reverse("elections:overview")))
    due = page.split('id="due"')[1].split('id="open"')[0]
    assert "一支部" in due and "二支部" in due and "三支部" not in due
    assert "已届满" in due and "即将到期" in due
    checks = page.split('id="checks"')[1]
    assert 'data-check="overdue"' in checks and 'data-check="vacant"' in checks
    assert reverse("orgs:detail", args=[enterprise.branch_a.pk]) in checks
    cards = {i.key: i for i in due_items(org_admin_general, today)}
    assert cards["elections.due"].count == due.count("<tr>") - 1 == 2  # less the header row
    assert cards["elections.due"].severity == "alert"
    assert cards["elections.checks"].count == checks.count("<tr>") - 1
    assert cards["elections.due"].url.startswith(reverse("elections:overview"))


def test_another_branch_secretary_gets_404(
    enterprise: SimpleNamespace, secretary_a: User, secretary_b: User, voters: list[Member],
    login: Login, today: date,
) -> None:  # fmt: skip
    election = election_request(actor=secretary_a, organization_id=enterprise.branch_a.pk, seats=3,
                                candidate_ids=[v.pk for v in voters[:4]], requested_on=today)  # fmt: skip
    client = login(secretary_b)
    for name in ("detail", "hold", "report"):
        assert client.get(reverse(f"elections:{name}", args=[election.pk])).status_code == 404
    assert client.get(reverse("elections:document", args=[election.pk, "request", "docx"])).status_code == 404  # fmt: skip
    assert client.get(reverse("elections:request", args=[enterprise.branch_a.pk])).status_code == 404  # fmt: skip


def test_a_secretary_cannot_approve(
    enterprise: SimpleNamespace, secretary_a: User, voters: list[Member], login: Login, today: date
) -> None:
    election = election_request(actor=secretary_a, organization_id=enterprise.branch_a.pk, seats=3,
                                candidate_ids=[v.pk for v in voters[:4]], requested_on=today)  # fmt: skip
    client = login(secretary_a)
    url = reverse("elections:approve", args=[election.pk])
    assert client.get(url).status_code == 403
    posted = client.post(url, {"approved_on": today.isoformat(), "document": "自批〔2026〕1号"})
    assert posted.status_code == 403
    election.refresh_from_db()
    assert election.step == ElectionStep.REQUESTED
    assert "批复请示" not in _text(client.get(reverse("elections:detail", args=[election.pk])))


def test_too_few_candidates_are_refused_naming_the_field_and_the_article(
    enterprise: SimpleNamespace, secretary_a: User, voters: list[Member], login: Login, today: date
) -> None:
    response = login(secretary_a).post(
        reverse("elections:request", args=[enterprise.branch_a.pk]),
        {"seats": "5", "candidate_ids": [v.pk for v in voters[:5]],
         "requested_on": today.isoformat()},
    )  # fmt: skip
    page = _text(response)
    assert response.status_code == 200 and Election.objects.count() == 0
    assert 'data-field="candidate_ids"' in page and "至少6名" in page and "第十三条" in page
    assert not RULE_ID.search(page)


def test_bad_input_names_the_field(
    enterprise: SimpleNamespace, secretary_a: User, org_admin_general: User,
    voters: list[Member], login: Login, today: date,
) -> None:  # fmt: skip
    client = login(secretary_a)
    term = client.post(reverse("elections:term", args=[enterprise.branch_a.pk]),
                       {"number": "第三", "elected_on": "2023-13-40"})  # fmt: skip
    assert 'data-field="number"' in _text(term) and 'data-field="elected_on"' in _text(term)
    assert "选举日期格式不正确" in _text(term) and CommitteeTerm.objects.count() == 0
    election = election_request(actor=secretary_a, organization_id=enterprise.branch_a.pk, seats=3,
                                candidate_ids=[v.pk for v in voters[:4]], requested_on=today)  # fmt: skip
    election_approve(actor=org_admin_general, election_id=election.pk, approved_on=today,
                     document="总支字〔2026〕5号")  # fmt: skip
    data = {"held_on": today.isoformat(), "yes_" + str(voters[0].pk): "八",
            **{f"present_{v.pk}": "on" for v in voters}}  # fmt: skip
    response = client.post(reverse("elections:hold", args=[election.pk]), data)
    assert response.status_code == 400 and "选举人0的赞成票应为不小于0的整数" in _text(response)
    bad_day = client.post(reverse("elections:hold", args=[election.pk]), {"held_on": "昨天"})
    assert bad_day.status_code == 400 and "选举大会日期格式不正确" in _text(bad_day)
    election.refresh_from_db()
    assert election.step == ElectionStep.APPROVED


def _hold_data(today: date, voters: list[Member], yes: list[int]) -> dict[str, object]:
    data: dict[str, object] = {"held_on": today.isoformat(), "invalid_ballots": "1"}
    data |= {f"present_{v.pk}": "on" for v in voters[:9]}  # 9 of 10 present
    for v, n in zip(voters[:4], yes, strict=True):
        data |= {f"yes_{v.pk}": str(n), f"no_{v.pk}": "0", f"abstain_{v.pk}": "0"}
    return data


def test_the_chain_through_the_pages_opens_the_next_term(
    enterprise: SimpleNamespace, secretary_a: User, org_admin_general: User,
    voters: list[Member], login: Login, today: date,
) -> None:  # fmt: skip
    term_record(actor=None, organization_id=enterprise.branch_a.pk, number=4,
                elected_on=today - timedelta(days=3 * 365 - 30))  # fmt: skip
    secretary = login(secretary_a)
    secretary.post(reverse("elections:request", args=[enterprise.branch_a.pk]),
                   {"seats": "3", "candidate_ids": [v.pk for v in voters[:4]],
                    "requested_on": today.isoformat()})  # fmt: skip
    election = Election.objects.get()
    word = secretary.get(reverse("elections:document", args=[election.pk, "request", "docx"]))
    with zipfile.ZipFile(io.BytesIO(word.content)) as docx:
        body = docx.read("word/document.xml").decode()
    assert "应选" not in body and "委员3名" in body and "选举人3" in body
    admin = Client()
    admin.force_login(org_admin_general)
    admin.post(reverse("elections:approve", args=[election.pk]),
               {"approved_on": today.isoformat(), "document": "总支字〔2026〕9号"})  # fmt: skip
    tie = secretary.post(reverse("elections:hold", args=[election.pk]),
                         _hold_data(today, voters, [7, 6, 5, 5]))  # fmt: skip
    assert tie.status_code == 302
    election.refresh_from_db()
    assert election.step == ElectionStep.RUNOFF
    assert "须就剩余名额另行选举" in _text(
        secretary.get(reverse("elections:detail", args=[election.pk]))
    )
    runoff_url = reverse("elections:runoff", args=[election.pk])
    form = _text(secretary.get(runoff_url))
    assert f"yes_{voters[2].pk}" in form and f"yes_{voters[0].pk}" not in form
    bad = secretary.post(runoff_url, {f"yes_{voters[2].pk}": "六", f"yes_{voters[3].pk}": "3"})
    assert bad.status_code == 400 and "选举人2的赞成票应为不小于0的整数" in _text(bad)
    held = secretary.post(runoff_url, {f"yes_{voters[2].pk}": "6", f"yes_{voters[3].pk}": "3"})
    assert held.status_code == 302
    posts_url = reverse("elections:posts", args=[election.pk])
    no_secretary = {f"title_{v.pk}": "committee" for v in voters[:3]}
    refused = secretary.post(posts_url, no_secretary)
    assert refused.status_code == 400 and "一名书记" in _text(refused)
    chosen = no_secretary | {f"title_{voters[1].pk}": "secretary"}
    assert secretary.post(posts_url, chosen).status_code == 302
    xlsx = secretary.get(reverse("elections:result_xlsx", args=[election.pk]))
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    detail = _text(secretary.get(reverse("elections:detail", args=[election.pk])))
    assert "超过五分之四" in detail and "多于4票" in detail and "无效票1张" in detail
    secretary.post(reverse("elections:report", args=[election.pk]),
                   {"reported_on": today.isoformat()})  # fmt: skip
    pdf = secretary.get(reverse("elections:document", args=[election.pk, "result", "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    result = secretary.get(reverse("elections:document", args=[election.pk, "result", "docx"]))
    with zipfile.ZipFile(io.BytesIO(result.content)) as docx:
        body = docx.read("word/document.xml").decode()
    assert "总支字〔2026〕9号" in body and "当选" in body and "选举人0" in body
    confirm_url = reverse("elections:confirm", args=[election.pk])
    early = admin.post(confirm_url, {"confirmed_on": today.isoformat(), "document": "x号"})
    assert early.status_code == 200 and "书记、副书记须经上级党组织批准后方可任职" in _text(early)
    secretaries_url = reverse("elections:secretaries", args=[election.pk])
    assert secretary.get(secretaries_url).status_code == 403  # the branch cannot approve itself
    assert "中共第一党总支" in _text(admin.get(secretaries_url))  # the approver, prefilled
    approval = {"approved_on": today.isoformat(), "approver": "中共第一党总支"}
    missing = admin.post(secretaries_url, approval)
    assert missing.status_code == 200 and "批复文号不能为空" in _text(missing)
    done = admin.post(secretaries_url, approval | {"document": "总支字〔2026〕10号"})
    assert done.status_code == 302
    detail = _text(secretary.get(reverse("elections:detail", args=[election.pk])))
    assert 'id="secretaries-approval"' in detail and "总支字〔2026〕10号" in detail
    no_number = admin.post(confirm_url, {"confirmed_on": today.isoformat()})
    assert no_number.status_code == 200 and "批复文号不能为空" in _text(no_number)
    confirmed = admin.post(confirm_url, {"confirmed_on": today.isoformat(),
                                         "document": "总支字〔2026〕11号"})  # fmt: skip
    assert confirmed.status_code == 302
    page = _text(secretary.get(reverse("orgs:detail", args=[enterprise.branch_a.pk])))
    assert 'id="term-number">第5届' in page and "历届班子" in page and "第4届" in page
    # The past terms fit the card: a scroll container, the committee's names wrapping (the
    # table alone ran to about 2,100 px on a 1,300 px screen).
    assert (
        '<div class="table-wrap" id="past-terms-wrap"><table class="data" id="past-terms">' in page
    )
    past = page.split('id="past-terms"')[1].split("</table>")[0]
    assert '<td class="wrap">' in past  # the committee's names wrap
    # The new term's 批复文号 is the approval of the result's, not the 请示's 批复.
    current_term = page.split("历届班子")[0]
    assert "总支字〔2026〕11号" in current_term and "总支字〔2026〕9号" not in current_term
    election.refresh_from_db()
    detail = _text(secretary.get(reverse("elections:detail", args=[election.pk])))
    assert 'id="result-approval">选举结果经中共第一党总支于' in detail
    assert "（总支字〔2026〕11号）" in detail
    assert (election.confirmed_document, election.confirmed_approver) == (
        "总支字〔2026〕11号", "中共第一党总支")  # fmt: skip
    current = page.split("现任职务")[1].split("历届班子")[0]
    assert "书记" in current and "选举人1" in current and "选举人2" in current


def test_an_election_document_for_a_missing_step_is_404(
    enterprise: SimpleNamespace, secretary_a: User, voters: list[Member], login: Login, today: date
) -> None:
    election = election_request(actor=secretary_a, organization_id=enterprise.branch_a.pk, seats=3,
                                candidate_ids=[v.pk for v in voters[:4]], requested_on=today)  # fmt: skip
    client = login(secretary_a)
    assert client.get(reverse("elections:document", args=[election.pk, "result", "pdf"])).status_code == 404  # fmt: skip
    assert client.get(reverse("elections:document", args=[election.pk, "other", "pdf"])).status_code == 404  # fmt: skip


def test_a_member_without_a_managed_organisation_has_no_card(
    enterprise: SimpleNamespace, member_a: Member, today: date
) -> None:
    user = make_user("plain", member=member_a)
    assert [i for i in due_items(user, today) if i.key.startswith("elections.")] == []


def _queries_for_checks(user: User, today: date) -> int:
    with CaptureQueriesContext(connection) as queries:
        found = committees_in_scope(user, today)
    assert found
    return len(queries)


def test_the_checks_of_many_organisations_cost_no_query_per_organisation(
    enterprise: SimpleNamespace, sysadmin: User, voters: list[Member], today: date
) -> None:
    _overdue_term(enterprise.branch_a.pk)
    Position.objects.create(member=voters[0], organization=enterprise.branch_a,
                            title=PositionTitle.SECRETARY, started_on=today - timedelta(days=9))  # fmt: skip
    few = _queries_for_checks(sysadmin, today)
    for i in range(6):
        branch = make_org(f"新支部{i}", "branch", enterprise.root)
        _overdue_term(branch.pk)
        member = make_member(branch, name=f"新书记{i}")
        Position.objects.create(member=member, organization=branch, title=PositionTitle.SECRETARY,
                                started_on=today - timedelta(days=9))  # fmt: skip
    sysadmin = User.objects.get(pk=sysadmin.pk)  # a fresh scope cache
    assert _queries_for_checks(sysadmin, today) == few
    assert len(failing_in_scope(sysadmin, today)) >= 7


def test_the_term_form_records_the_running_term_with_its_end(
    enterprise: SimpleNamespace, secretary_a: User, login: Login
) -> None:
    client = login(secretary_a)
    response = client.post(reverse("elections:term", args=[enterprise.branch_a.pk]),
                           {"number": "3", "elected_on": "2024-02-29",
                            "approval_document": "总支字〔2024〕2号"})  # fmt: skip
    assert response.status_code == 302
    term = CommitteeTerm.objects.get(organization=enterprise.branch_a)
    assert (term.number, term.ends_on) == (3, date(2027, 2, 28))  # three years from a leap day
    again = client.post(reverse("elections:term", args=[enterprise.branch_a.pk]),
                        {"number": "4", "elected_on": "2024-03-01"})  # fmt: skip
    assert "已有本届" in _text(again) and CommitteeTerm.objects.count() == 1
