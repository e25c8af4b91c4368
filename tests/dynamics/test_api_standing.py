"""/api/dynamics for 失联 (MEM-4), 党籍处理决定 and 出党 (MEM-8), 限期改正, the 增减台账 (STAT-6)
and incoming letters: the same services and scope as the pages, Chinese 4xx naming the field,
and nothing of one branch visible to another branch's secretary by any endpoint."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from dangjian.dynamics.standing_models import LostContact, StandingDecision
from dangjian.members.choices import Status
from dangjian.members.models import Member
from dangjian.rules.dates import add_months
from tests.factories import Role, make_user, member_input

JSON = "application/json"
TODAY = timezone.localdate()


@pytest.fixture
def committee_admin(enterprise: SimpleNamespace) -> User:
    return make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)


def _post(client: Client, url: str, body: dict[str, Any], status: int = 201) -> dict[str, Any]:
    response = client.post(url, body, content_type=JSON)
    assert response.status_code == status, response.content
    result: dict[str, Any] = response.json()
    return result


def _decision(**extra: Any) -> dict[str, Any]:
    return {"decided_on": TODAY.isoformat(), "deciding_org": "一支部",
            "reason": "经多方查找仍无下落", "document_number": "一支〔2026〕1号"} | extra  # fmt: skip


def _lost(client: Client, member: Member, since: date) -> int:
    record = _post(client, "/api/dynamics/lost-contacts",
                   {"member_id": member.pk, "lost_since": since.isoformat()})  # fmt: skip
    searched = _post(client, f"/api/dynamics/lost-contacts/{record['id']}/searches",
                     {"searched_on": since.isoformat(), "way": "电话", "result": "无人接听"})  # fmt: skip
    assert [s["way"] for s in searched["searches"]] == ["电话"]
    record_id: int = record["id"]
    return record_id


def test_lost_contact_proposal_suspension_found_and_restoration(
    secretary_a: User, committee_admin: User, member_a: Member, login: Callable[[User], Client]
) -> None:
    """MEM-4 through the API: the record, the proposal due at six months, the decision, the
    member found again, and the 党委 restoring after the branch meeting."""
    client = login(secretary_a)
    record_id = _lost(client, member_a, add_months(TODAY, -7))
    [proposal] = client.get("/api/dynamics/lost-contacts/proposals").json()
    assert proposal["record_id"] == record_id and proposal["kind"] == "suspension"
    assert proposal["attempt_count"] == 1
    listed = client.get("/api/dynamics/lost-contacts").json()["items"]
    assert [r["id"] for r in listed] == [record_id]
    suspended = _post(client, "/api/dynamics/decisions/suspension",
                      {"member_id": member_a.pk} | _decision())  # fmt: skip
    assert suspended["kind"] == "suspension" and suspended["status_before"] == Status.NORMAL
    found = _post(client, f"/api/dynamics/lost-contacts/{record_id}/found",
                  {"found_on": TODAY.isoformat(), "note": "本人返回"}, 200)  # fmt: skip
    assert found["found_on"] == TODAY.isoformat()
    restore = {"member_id": member_a.pk} | _decision(deciding_org="测试公司党委",
                                                     branch_meeting_on=TODAY.isoformat())  # fmt: skip
    denied = client.post("/api/dynamics/decisions/restoration", restore, content_type=JSON)
    assert denied.status_code == 403 and "上级党委" in denied.json()["detail"]
    _post(login(committee_admin), "/api/dynamics/decisions/restoration", restore)
    member_a.refresh_from_db()
    assert member_a.status == Status.NORMAL


def test_refusals_name_the_field_in_chinese_and_write_nothing(
    secretary_a: User, member_a: Member, login: Callable[[User], Client]
) -> None:
    client = login(secretary_a)
    record_id = _lost(client, member_a, TODAY - timedelta(days=40))
    early = client.post("/api/dynamics/decisions/suspension",
                        {"member_id": member_a.pk} | _decision(), content_type=JSON)  # fmt: skip
    assert early.status_code == 422
    [error] = early.json()["errors"]
    assert error["field"] == "decided_on" and "第二十四条" in error["message"]
    blank = client.post(f"/api/dynamics/lost-contacts/{record_id}/searches",
                        {"searched_on": TODAY.isoformat(), "way": "电话", "result": " "},
                        content_type=JSON)  # fmt: skip
    assert blank.status_code == 422 and blank.json()["errors"][0]["field"] == "result"
    again = client.post("/api/dynamics/lost-contacts",
                        {"member_id": member_a.pk, "lost_since": TODAY.isoformat()},
                        content_type=JSON)  # fmt: skip
    assert again.status_code == 409 and "已登记为失联党员" in again.json()["detail"]
    bad_kind = client.post("/api/dynamics/decisions/exit",
                           {"member_id": member_a.pk, "kind": "vanished"} | _decision(),
                           content_type=JSON)  # fmt: skip
    assert bad_kind.status_code == 422 and bad_kind.json()["errors"][0]["field"] == "kind"
    assert not StandingDecision.objects.exists()
    assert LostContact.objects.get().attempts.count() == 1


def test_an_exit_leaves_today_and_a_correction_is_recorded(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    client = login(secretary_a)
    term = _post(client, "/api/dynamics/corrections", {
        "member_id": member_a.pk, "starts_on": TODAY.isoformat(),
        "ends_on": add_months(TODAY, 13).isoformat(), "deciding_org": "一支部", "reason": "长期不参加组织生活",
    }, 422)  # fmt: skip
    assert term["errors"][0]["field"] == "ends_on"
    term = _post(client, "/api/dynamics/corrections", {
        "member_id": member_a.pk, "starts_on": TODAY.isoformat(),
        "ends_on": add_months(TODAY, 6).isoformat(), "deciding_org": "一支部", "reason": "长期不参加组织生活",
    })  # fmt: skip
    closed = _post(client, f"/api/dynamics/corrections/{term['id']}/close",
                   {"outcome": "corrected", "outcome_on": TODAY.isoformat(), "note": "已按时参加"},
                   200)  # fmt: skip
    assert closed["outcome_label"] == "已改正"
    died = _post(client, "/api/dynamics/decisions/exit",
                 {"member_id": member_a.pk, "kind": "death"} | _decision(reason="因病去世"))  # fmt: skip
    assert died["kind_label"] == "去世"
    ledger = client.get("/api/dynamics/ledger", {
        "organization_id": enterprise.branch_a.pk, "start": (TODAY - timedelta(days=3)).isoformat(),
        "end": TODAY.isoformat(),
    })  # fmt: skip
    assert ledger.status_code == 200, ledger.content
    body = ledger.json()
    assert (body["opening"], body["decrease_count"], body["closing"]) == (1, 1, 0)
    assert body["difference"] == 0 and body["decreases"][0]["member_id"] == member_a.pk
    late = client.get("/api/dynamics/ledger", {
        "organization_id": enterprise.branch_a.pk, "start": TODAY.isoformat(),
        "end": (TODAY - timedelta(days=1)).isoformat(),
    })  # fmt: skip
    assert late.status_code == 422 and late.json()["errors"][0]["field"] == "end"


def _incoming_body(enterprise: SimpleNamespace, **extra: Any) -> dict[str, Any]:
    member = {k: (v.isoformat() if isinstance(v, date) else v)
              for k, v in asdict(member_input(enterprise.branch_a, name="外来")).items()
              if v is not None}  # fmt: skip
    arrived = TODAY - timedelta(days=5)
    letter = {"number": "2025第017号", "issuing_org": "中共某市某公司委员会",
              "issued_on": (arrived - timedelta(days=3)).isoformat(),
              "valid_until": (arrived + timedelta(days=30)).isoformat(),
              "received_on": arrived.isoformat(), "dues_paid_to": "2025-06-01"}  # fmt: skip
    return member | letter | extra


def test_a_member_is_registered_from_an_incoming_letter(
    enterprise: SimpleNamespace, secretary_a: User, login: Callable[[User], Client]
) -> None:
    client = login(secretary_a)
    body = _incoming_body(enterprise)
    long_valid = body | {"valid_until": add_months(TODAY, 4).isoformat()}
    refused = client.post("/api/dynamics/incoming", long_valid, content_type=JSON)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "valid_until"
    assert not Member.objects.filter(name="外来").exists()
    row = _post(client, "/api/dynamics/incoming", body)
    assert row["member_name"] == "外来" and row["organization_id"] == enterprise.branch_a.pk
    # The same letter again (another person's papers): the letter was registered already.
    twice = client.post("/api/dynamics/incoming", _incoming_body(enterprise), content_type=JSON)
    assert twice.status_code == 409 and "已登记接收" in twice.json()["detail"]
    assert [r["number"] for r in client.get("/api/dynamics/incoming").json()["items"]] == [
        "2025第017号"
    ]


def test_another_branch_secretary_gets_nothing_by_any_endpoint(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    """三支部's secretary: empty lists, 404 for the records, no write on 一支部's member."""
    client = login(secretary_a)
    record_id = _lost(client, member_a, add_months(TODAY, -7))
    _post(client, "/api/dynamics/incoming", _incoming_body(enterprise))
    term = _post(client, "/api/dynamics/corrections", {
        "member_id": member_a.pk, "starts_on": TODAY.isoformat(),
        "ends_on": add_months(TODAY, 6).isoformat(), "deciding_org": "一支部", "reason": "事由",
    })  # fmt: skip
    other = login(make_user("shuji_c", Role.SECRETARY, enterprise.branch_c))
    for url in ("/api/dynamics/lost-contacts?include_found=true", "/api/dynamics/decisions",
                "/api/dynamics/corrections", "/api/dynamics/incoming"):  # fmt: skip
        response = other.get(url)
        assert response.status_code == 200 and response.json()["items"] == [], url
    assert other.get("/api/dynamics/lost-contacts/proposals").json() == []
    assert other.get(f"/api/dynamics/lost-contacts/{record_id}").status_code == 404
    writes: list[tuple[str, dict[str, Any]]] = [
        (f"/api/dynamics/lost-contacts/{record_id}/searches",
         {"searched_on": TODAY.isoformat(), "way": "走访", "result": "无果"}),
        (f"/api/dynamics/lost-contacts/{record_id}/found",
         {"found_on": TODAY.isoformat(), "note": "找到"}),
        ("/api/dynamics/decisions/suspension", {"member_id": member_a.pk} | _decision()),
        ("/api/dynamics/decisions/exit", {"member_id": member_a.pk, "kind": "death"} | _decision()),
        (f"/api/dynamics/corrections/{term['id']}/close",
         {"outcome": "corrected", "outcome_on": TODAY.isoformat(), "note": "改正"}),
        ("/api/dynamics/corrections", {
            "member_id": member_a.pk, "starts_on": TODAY.isoformat(),
            "ends_on": add_months(TODAY, 3).isoformat(), "deciding_org": "三支部", "reason": "事由"}),
    ]  # fmt: skip
    for url, body in writes:
        response = other.post(url, body, content_type=JSON)
        assert response.status_code in (403, 404), (url, response.content)
    ledger = other.get("/api/dynamics/ledger", {"organization_id": enterprise.branch_a.pk,
                                                "start": TODAY.isoformat(), "end": TODAY.isoformat()})  # fmt: skip
    assert ledger.status_code in (403, 404)
    incoming = other.post("/api/dynamics/incoming", _incoming_body(enterprise, number="X-2"),
                          content_type=JSON)  # fmt: skip
    assert incoming.status_code == 403
    assert LostContact.objects.get().attempts.count() == 1
    assert not StandingDecision.objects.exists()
    member_a.refresh_from_db()
    assert member_a.status == Status.NORMAL
