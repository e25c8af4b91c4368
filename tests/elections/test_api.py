"""/api/elections: terms, committees and each step of an election through the same services
and scope as the pages; refusals 4xx in Chinese naming the field, never a 500."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from dangjian.elections.models import CommitteeTerm
from dangjian.elections.services import term_record
from dangjian.members.models import Member
from tests.factories import Role, make_member, make_user

JSON = "application/json"
Login = Callable[[User], Client]


@pytest.fixture
def voters(enterprise: SimpleNamespace) -> list[Member]:
    return [make_member(enterprise.branch_a, name=f"选举人{i}") for i in range(10)]


@pytest.fixture
def general_admin(enterprise: SimpleNamespace) -> User:
    return make_user("zongzhi", Role.ORG_ADMIN, enterprise.general)


@pytest.fixture
def secretary_b(enterprise: SimpleNamespace) -> User:
    return make_user("shuji_b", Role.SECRETARY, enterprise.branch_b)


def _errors(response: object) -> dict[str, str]:
    body = response.json()  # type: ignore[attr-defined]
    return {e["field"]: e["message"] for e in body.get("errors", [])}


def test_the_whole_chain_through_the_api(
    enterprise: SimpleNamespace, secretary_a: User, general_admin: User, voters: list[Member],
    login: Login,
) -> None:  # fmt: skip
    today = timezone.localdate()
    term_record(actor=None, organization_id=enterprise.branch_a.pk, number=2,
                elected_on=today - timedelta(days=3 * 365 - 20))  # fmt: skip
    branch, higher = login(secretary_a), Client()
    higher.force_login(general_admin)
    ids = [v.pk for v in voters]
    request = {"organization_id": enterprise.branch_a.pk, "seats": 3,
               "requested_on": today.isoformat()}  # fmt: skip
    few = branch.post("/api/elections", request | {"candidate_ids": ids[:3]}, content_type=JSON)
    assert few.status_code == 422 and "至少4名" in _errors(few)["candidate_ids"]
    assert "第十三条" in _errors(few)["candidate_ids"]
    made = branch.post("/api/elections", request | {"candidate_ids": ids[:4]}, content_type=JSON)
    assert made.status_code == 201, made.content
    eid = made.json()["id"]
    own = branch.post(f"/api/elections/{eid}/approve",
                      {"approved_on": today.isoformat(), "document": "x号"}, content_type=JSON)  # fmt: skip
    assert own.status_code == 403
    ok = higher.post(f"/api/elections/{eid}/approve",
                     {"approved_on": today.isoformat(), "document": "总支字〔2026〕3号"},
                     content_type=JSON)  # fmt: skip
    assert ok.json()["step"] == "approved"
    ballots = [
        {"member_id": m, "yes": y} for m, y in zip(ids[:4], [9, 8, 6, 6], strict=True)
    ]  # 29 of at most 3 x 10
    hold = {"held_on": today.isoformat(), "present_ids": ids, "ballots": ballots}
    bad = branch.post(f"/api/elections/{eid}/hold",
                      hold | {"ballots": [{"member_id": ids[0], "yes": "很多"}]}, content_type=JSON)  # fmt: skip
    assert bad.status_code == 422 and "计票" in next(iter(_errors(bad).values()))
    tied = branch.post(f"/api/elections/{eid}/hold", hold, content_type=JSON)
    assert tied.status_code == 200 and tied.json()["step"] == "runoff"
    assert tied.json()["runoff_pending"] == {"member_ids": ids[2:4], "seats": 1}
    early = branch.post(f"/api/elections/{eid}/report", {"reported_on": today.isoformat()},
                        content_type=JSON)  # fmt: skip
    assert early.status_code == 409 and "待另行选举" in early.json()["detail"]
    runoff = [{"member_id": ids[2], "yes": 3}, {"member_id": ids[3], "yes": 7}]
    done = branch.post(f"/api/elections/{eid}/runoff", {"ballots": runoff}, content_type=JSON)
    assert done.json()["elected"] == ["选举人0", "选举人1", "选举人3"]
    posts = [{"member_id": ids[3], "title": "secretary"}, {"member_id": ids[0], "title": "organization"},
             {"member_id": ids[1], "title": "boss"}]  # fmt: skip
    wrong = branch.post(f"/api/elections/{eid}/posts", {"posts": posts}, content_type=JSON)
    assert wrong.status_code == 422 and "委员分工不是有效的选项" in _errors(wrong)["posts.2.title"]
    posts[2]["title"] = "propaganda"
    assert (
        branch.post(f"/api/elections/{eid}/posts", {"posts": posts}, content_type=JSON).status_code
        == 200
    )
    branch.post(
        f"/api/elections/{eid}/report", {"reported_on": today.isoformat()}, content_type=JSON
    )
    confirm = {"confirmed_on": today.isoformat(), "document": "总支字〔2026〕8号"}
    early = higher.post(f"/api/elections/{eid}/confirm", confirm, content_type=JSON)
    assert early.status_code == 422
    assert "须经上级党组织批准后方可任职" in _errors(early)["secretaries_approved_on"]
    approval = {"approved_on": today.isoformat(), "approver": "中共第一党总支",
                "document": "总支字〔2026〕4号"}  # fmt: skip
    own = branch.post(f"/api/elections/{eid}/approve-secretaries", approval, content_type=JSON)
    assert own.status_code == 403
    approved = higher.post(f"/api/elections/{eid}/approve-secretaries", approval, content_type=JSON)
    assert approved.status_code == 200, approved.content
    assert approved.json()["secretaries_document"] == "总支字〔2026〕4号"
    bare = {"confirmed_on": today.isoformat()}
    term = higher.post(f"/api/elections/{eid}/confirm", bare, content_type=JSON)
    assert term.status_code == 422 and "document" in _errors(term)  # the result's own 批复文号
    term = higher.post(f"/api/elections/{eid}/confirm", confirm, content_type=JSON)
    assert term.status_code == 200 and term.json()["number"] == 3
    assert term.json()["approval_document"] == "总支字〔2026〕8号"
    committee = branch.get(
        f"/api/elections/organizations/{enterprise.branch_a.pk}/committee"
    ).json()
    assert committee["term"]["number"] == 3 and [t["number"] for t in committee["past_terms"]] == [
        2
    ]
    assert [(p["name"], p["title_label"]) for p in committee["posts"]] == [
        ("选举人3", "书记"),
        ("选举人0", "组织委员"),
        ("选举人1", "宣传委员"),
    ]
    before = branch.get(f"/api/elections/organizations/{enterprise.branch_a.pk}/committee",
                        {"date": (today - timedelta(days=1)).isoformat()}).json()  # fmt: skip
    assert before["posts"] == []


def test_another_branch_sees_nothing_and_changes_nothing(
    enterprise: SimpleNamespace, secretary_a: User, secretary_b: User, voters: list[Member],
    login: Login,
) -> None:  # fmt: skip
    today = timezone.localdate()
    term = term_record(actor=None, organization_id=enterprise.branch_a.pk, number=1,
                       elected_on=today - timedelta(days=4 * 365))  # fmt: skip
    made = login(secretary_a).post(
        "/api/elections", {"organization_id": enterprise.branch_a.pk, "seats": 1,
                           "candidate_ids": [voters[0].pk, voters[1].pk],
                           "requested_on": today.isoformat()}, content_type=JSON,
    )  # fmt: skip
    eid = made.json()["id"]
    other = login(secretary_b)
    assert other.get(f"/api/elections/{eid}").status_code == 404
    assert other.get("/api/elections").json()["items"] == []
    assert other.get("/api/elections/terms").json()["items"] == []
    assert (
        other.get(f"/api/elections/organizations/{enterprise.branch_a.pk}/committee").status_code
        == 404
    )
    for path, body in (
        (f"/api/elections/{eid}/approve", {"approved_on": today.isoformat(), "document": "x"}),
        (f"/api/elections/{eid}/report", {"reported_on": today.isoformat()}),
        (f"/api/elections/terms/{term.pk}/adjust",
         {"new_due_on": today.isoformat(), "approved_on": today.isoformat(), "approver": "x",
          "document": "x", "reason": "x"}),
    ):  # fmt: skip
        assert other.post(path, body, content_type=JSON).status_code == 404, path
    stranger = other.post("/api/elections", {"organization_id": enterprise.branch_a.pk, "seats": 1,
                                             "candidate_ids": [voters[0].pk],
                                             "requested_on": today.isoformat()}, content_type=JSON)  # fmt: skip
    assert stranger.status_code == 404
    assert CommitteeTerm.objects.get().original_ends_on is None


def test_the_term_list_puts_overdue_first_and_a_postponement_moves_the_due_date(
    enterprise: SimpleNamespace, general_admin: User, login: Login,
) -> None:  # fmt: skip
    today = timezone.localdate()
    late = term_record(actor=None, organization_id=enterprise.branch_a.pk, number=1,
                       elected_on=today - timedelta(days=3 * 365 + 40))  # fmt: skip
    term_record(actor=None, organization_id=enterprise.branch_b.pk, number=1,
                elected_on=today - timedelta(days=100))  # fmt: skip
    client = login(general_admin)
    rows = client.get("/api/elections/terms").json()["items"]
    assert [(r["organization_name"], r["overdue"]) for r in rows] == [
        ("一支部", True),
        ("二支部", False),
    ]
    assert rows[0]["reminder"].startswith("任期届满已逾") or rows[0]["reminder"] == "任期已届满"
    assert [
        r["organization_name"]
        for r in client.get("/api/elections/terms", {"sort": "elected"}).json()["items"]
    ] == ["二支部", "一支部"]
    assert client.get("/api/elections/terms", {"sort": "random"}).status_code == 422
    adjust = {"new_due_on": (late.ends_on + timedelta(days=400)).isoformat(),
              "approved_on": today.isoformat(), "approver": "第一党总支", "document": "总支字〔2026〕1号",
              "reason": "生产任务集中"}  # fmt: skip
    far = client.post(f"/api/elections/terms/{late.pk}/adjust", adjust, content_type=JSON)
    assert far.status_code == 422 and "不得超过一年" in _errors(far)["new_due_on"]
    blank = client.post(f"/api/elections/terms/{late.pk}/adjust", adjust | {"reason": " "},
                        content_type=JSON)  # fmt: skip
    assert blank.status_code == 422 and "原因" in _errors(blank)["reason"]
    moved_to = today + timedelta(days=60)
    moved = client.post(f"/api/elections/terms/{late.pk}/adjust",
                        adjust | {"new_due_on": moved_to.isoformat()}, content_type=JSON)  # fmt: skip
    assert moved.status_code == 200, moved.content
    body = moved.json()
    assert (body["ends_on"], body["original_ends_on"], body["overdue"]) == (
        moved_to.isoformat(),
        late.ends_on.isoformat(),
        False,
    )
    assert body["adjusted_document"] == "总支字〔2026〕1号"


@pytest.mark.parametrize(
    "payload",
    [
        {}, {"organization_id": "一", "seats": 3, "candidate_ids": [], "requested_on": "2026-01-01"},
        {"organization_id": 1, "seats": 0, "candidate_ids": [], "requested_on": "2026-01-01"},
        {"organization_id": 1, "seats": 3, "candidate_ids": [-1], "requested_on": "2026-13-01"},
        [], "text",
    ],
)  # fmt: skip
def test_bad_requests_are_refused_in_chinese(
    payload: object, enterprise: SimpleNamespace, secretary_a: User, login: Login
) -> None:
    answer = login(secretary_a).post("/api/elections", payload, content_type=JSON)
    assert 400 <= answer.status_code < 500
    text = json.dumps(answer.json(), ensure_ascii=False)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_a_future_date_and_a_missing_election_are_4xx(
    enterprise: SimpleNamespace, secretary_a: User, voters: list[Member], login: Login
) -> None:
    client = login(secretary_a)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    made = client.post("/api/elections", {"organization_id": enterprise.branch_a.pk, "seats": 1,
                                           "candidate_ids": [voters[0].pk, voters[1].pk],
                                           "requested_on": future}, content_type=JSON)  # fmt: skip
    assert made.status_code == 422 and "不能晚于今天" in _errors(made)["requested_on"]
    assert client.get("/api/elections/999999").status_code == 404
    assert (
        client.post("/api/elections/999999/runoff", {"ballots": []}, content_type=JSON).status_code
        == 404
    )
