"""/api/dynamics: 组织关系转接, 介绍信 and 流动党员 through the same services and scope as the
pages (MEM-2, MEM-3, MEM-7, MEM-9); refusals are Chinese 4xx naming the field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from dangjian.dynamics.floating import FloatingInput, floating_record
from dangjian.dynamics.models import FloatingRecord, Transfer, TransferLetter
from dangjian.dynamics.services import letter_issue, member_transfer_start
from dangjian.members.models import Member
from tests.factories import Role, make_member, make_user

JSON = "application/json"


@pytest.fixture
def committee_admin(enterprise: SimpleNamespace) -> User:
    return make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)


@pytest.fixture
def secretary_c(enterprise: SimpleNamespace) -> User:
    """The secretary of 三支部: a branch with no part in any record below."""
    return make_user("shuji_c", Role.SECRETARY, enterprise.branch_c)


def _start(client: Client, member: Member, to_org_id: int, **extra: object) -> dict[str, object]:
    body = {"member_id": member.pk, "to_org_id": to_org_id,
            "effective_on": timezone.localdate().isoformat(), "reason": "工作调动"} | extra  # fmt: skip
    response = client.post("/api/dynamics/transfers", body, content_type=JSON)
    assert response.status_code == 201, response.content
    result: dict[str, object] = response.json()
    return result


def test_a_transfer_through_every_step_by_the_api(
    enterprise: SimpleNamespace, secretary_a: User, secretary_b: User, committee_admin: User,
    member_a: Member, login: Callable[[User], Client],
) -> None:  # fmt: skip
    """MEM-2: started, approved at both 党委 levels in order, accepted into a 党小组 of B."""
    started = _start(login(secretary_a), member_a, enterprise.branch_b.pk)
    assert started["state"] == "approving" and "转出方党委" in str(started["awaited"])
    tid = started["id"]
    client = login(committee_admin)
    for _ in range(2):
        approved = client.post(f"/api/dynamics/transfers/{tid}/approve", {}, content_type=JSON)
        assert approved.status_code == 200, approved.content
    assert approved.json()["state"] == "awaiting"
    assert [a["level"] for a in approved.json()["approvals"]] == ["sending", "receiving"]
    again = client.post(f"/api/dynamics/transfers/{tid}/approve", {}, content_type=JSON)
    assert again.status_code == 409 and "无需审批" in again.json()["detail"]
    client = login(secretary_b)
    waiting = client.get("/api/dynamics/transfers?waiting=true").json()
    assert [t["id"] for t in waiting["items"]] == [tid]
    accepted = client.post(f"/api/dynamics/transfers/{tid}/accept", {}, content_type=JSON)
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["state"] == "accepted"
    assert accepted.json()["accepted_on"] == timezone.localdate().isoformat()
    assert accepted.json()["historic"] is False
    member_a.refresh_from_db()
    assert member_a.organization_id == enterprise.branch_b.pk


def test_refusal_and_cancellation_need_a_reason_named_in_chinese(
    enterprise: SimpleNamespace, secretary_a: User, secretary_b: User, member_a: Member,
    member_b: Member, login: Callable[[User], Client],
) -> None:  # fmt: skip
    tid = _start(login(secretary_a), member_a, enterprise.branch_b.pk)["id"]
    client = login(secretary_b)
    blank = client.post(f"/api/dynamics/transfers/{tid}/refuse", {"reason": " "}, content_type=JSON)
    assert blank.status_code == 422
    assert blank.json()["errors"][0]["field"] == "reason"
    assert "原因" in blank.json()["errors"][0]["message"]
    refused = client.post(
        f"/api/dynamics/transfers/{tid}/refuse", {"reason": "本人尚未到岗"}, content_type=JSON
    )
    assert refused.json()["state"] == "refused"
    assert refused.json()["refused_reason"] == "本人尚未到岗"
    other = _start(client, member_b, enterprise.branch_a.pk)["id"]
    cancelled = client.post(
        f"/api/dynamics/transfers/{other}/cancel", {"reason": "调动取消"}, content_type=JSON
    )
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    twice = client.post(
        f"/api/dynamics/transfers/{other}/cancel", {"reason": "调动取消"}, content_type=JSON
    )
    assert twice.status_code == 409 and "已撤销" in twice.json()["detail"]


def test_start_refusals_name_the_field(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    client = login(secretary_a)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    cases = [
        ({"to_org_id": enterprise.branch_a.pk}, "to_org_id", "相同"),
        ({"to_org_id": enterprise.general.pk}, "to_org_id", "党支部"),
        ({"effective_on": tomorrow}, "effective_on", "转接日期"),
        ({"effective_on": "2026-13-01"}, "effective_on", "转接日期"),
        ({"reason": ""}, "reason", "原因"),
        ({"member_id": 0}, "member_id", "党员"),
    ]
    for change, field, words in cases:
        body = {"member_id": member_a.pk, "to_org_id": enterprise.branch_b.pk,
                "effective_on": timezone.localdate().isoformat(), "reason": "工作调动"} | change  # fmt: skip
        response = client.post("/api/dynamics/transfers", body, content_type=JSON)
        assert response.status_code == 422, (change, response.content)
        error = response.json()["errors"][0]
        assert error["field"] == field and words in error["message"], (change, error)
    assert not Transfer.objects.exists()


def test_a_batch_with_one_member_out_of_reach_writes_nothing(
    enterprise: SimpleNamespace, secretary_a: User, login: Callable[[User], Client]
) -> None:
    ours = [make_member(enterprise.branch_a, name=f"批量{i}") for i in range(3)]
    stranger = make_member(enterprise.branch_c, name="他支部")
    client = login(secretary_a)
    body = {"member_ids": [m.pk for m in ours] + [stranger.pk], "to_org_id": enterprise.branch_b.pk,
            "effective_on": timezone.localdate().isoformat(), "reason": "机构调整"}  # fmt: skip
    refused = client.post("/api/dynamics/transfers/batch", body, content_type=JSON)
    assert refused.status_code == 404
    assert not Transfer.objects.exists()
    body["member_ids"] = [m.pk for m in ours]
    done = client.post("/api/dynamics/transfers/batch", body, content_type=JSON)
    assert done.status_code == 201, done.content
    assert len({t["batch"] for t in done.json()}) == 1 and len(done.json()) == 3


def test_letters_issue_receipt_cancel_and_print(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    client = login(secretary_a)
    missing = client.post("/api/dynamics/letters", {"member_id": member_a.pk, "reason": "调动"},
                          content_type=JSON)  # fmt: skip
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "destination"
    assert "去往单位" in missing.json()["errors"][0]["message"]
    issued = client.post("/api/dynamics/letters", {"member_id": member_a.pk, "reason": "调动",
                                                   "destination": "某省某市党委组织部"},
                         content_type=JSON)  # fmt: skip
    assert issued.status_code == 201, issued.content
    letter = issued.json()
    assert letter["number"].startswith(str(timezone.localdate().year))
    early = client.post(f"/api/dynamics/letters/{letter['id']}/receipt",
                        {"receipt_on": "2000-01-01"}, content_type=JSON)  # fmt: skip
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "receipt_on"
    for fmt, magic in (("pdf", b"%PDF"), ("docx", b"PK")):
        document = client.get(f"/api/dynamics/letters/{letter['id']}/document?format={fmt}")
        assert document.status_code == 200 and document.content.startswith(magic)
    receipted = client.post(f"/api/dynamics/letters/{letter['id']}/receipt",
                            {"receipt_on": timezone.localdate().isoformat(),
                             "receipt_org": "某市党委组织部"}, content_type=JSON)  # fmt: skip
    assert receipted.status_code == 200 and receipted.json()["state"] == "receipted"
    cancel = client.post(
        f"/api/dynamics/letters/{letter['id']}/cancel", {"reason": "未去"}, content_type=JSON
    )
    assert cancel.status_code == 409


def test_an_expired_letter_without_receipt_is_listed_overdue(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    """MEM-7: past its validity with no 回执, the letter is an alert."""
    old = timezone.localdate() - timedelta(days=200)
    letter_issue(actor=secretary_a, member_id=member_a.pk, destination="外省", reason="调动",
                 issued_on=old)  # fmt: skip
    rows = login(secretary_a).get("/api/dynamics/letters?overdue=true").json()["items"]
    assert [r["member_name"] for r in rows] == ["张三"] and rows[0]["overdue"] is True


def test_floating_records_by_the_api(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    client = login(secretary_a)
    since = (timezone.localdate() - timedelta(days=400)).isoformat()
    out = client.post("/api/dynamics/floating", {"direction": "out", "member_id": member_a.pk,
                                                 "place": "英国某大学", "since": since,
                                                 "abroad_study": True}, content_type=JSON)  # fmt: skip
    assert out.status_code == 201, out.content
    record = out.json()
    assert record["contact_overdue"] is True and record["name"] == "张三"
    inflow = client.post("/api/dynamics/floating", {"direction": "in", "place": "外省某县",
                                                    "since": since}, content_type=JSON)  # fmt: skip
    assert inflow.status_code == 422
    assert {e["field"] for e in inflow.json()["errors"]} == {"organization_id"}
    contact = client.post(f"/api/dynamics/floating/{record['id']}/contacts",
                          {"contacted_on": timezone.localdate().isoformat(), "way": "视频"},
                          content_type=JSON)  # fmt: skip
    assert contact.status_code == 201 and contact.json()["contact_overdue"] is False
    back = client.post(f"/api/dynamics/floating/{record['id']}/return",
                       {"returned_on": "1999-01-01"}, content_type=JSON)  # fmt: skip
    assert back.status_code == 422 and back.json()["errors"][0]["field"] == "returned_on"
    back = client.post(f"/api/dynamics/floating/{record['id']}/return",
                       {"returned_on": timezone.localdate().isoformat()}, content_type=JSON)  # fmt: skip
    assert back.status_code == 200
    assert client.get("/api/dynamics/floating").json()["count"] == 0
    assert client.get("/api/dynamics/floating?include_returned=true").json()["count"] == 1


def test_a_secretary_of_another_branch_gets_nothing_by_any_endpoint(
    enterprise: SimpleNamespace, secretary_a: User, secretary_c: User, member_a: Member,
    member_b: Member, login: Callable[[User], Client],
) -> None:  # fmt: skip
    transfer = member_transfer_start(actor=secretary_a, member_id=member_a.pk,
                                     to_org_id=enterprise.branch_b.pk,
                                     effective_on=timezone.localdate(), reason="调动")  # fmt: skip
    letter = letter_issue(actor=None, member_id=member_b.pk, destination="外省", reason="调动")
    record = floating_record(actor=secretary_a, data=FloatingInput(
        direction="out", place="深圳", since=date(2025, 1, 1), member_id=make_member(
            enterprise.branch_a, name="赵六").pk))  # fmt: skip
    client = login(secretary_c)
    for path in (
        "/api/dynamics/transfers",
        "/api/dynamics/letters",
        "/api/dynamics/floating",
        "/api/dynamics/letters?overdue=true",
        "/api/dynamics/transfers?waiting=true",
    ):
        listed = client.get(path)
        assert listed.status_code == 200 and listed.json()["count"] == 0, path
    reads = [f"/api/dynamics/transfers/{transfer.pk}", f"/api/dynamics/letters/{letter.pk}",
             f"/api/dynamics/letters/{letter.pk}/document?format=pdf",
             f"/api/dynamics/floating/{record.pk}"]  # fmt: skip
    for path in reads:
        assert client.get(path).status_code == 404, path
    writes = {
        f"/api/dynamics/transfers/{transfer.pk}/approve": {},
        f"/api/dynamics/transfers/{transfer.pk}/accept": {},
        f"/api/dynamics/transfers/{transfer.pk}/refuse": {"reason": "不收"},
        f"/api/dynamics/transfers/{transfer.pk}/cancel": {"reason": "撤"},
        f"/api/dynamics/letters/{letter.pk}/receipt": {"receipt_on": timezone.localdate().isoformat()},
        f"/api/dynamics/letters/{letter.pk}/cancel": {"reason": "作废"},
        f"/api/dynamics/floating/{record.pk}/contacts": {"contacted_on": "2025-02-01", "way": "电话"},
        f"/api/dynamics/floating/{record.pk}/return": {"returned_on": "2025-02-01"},
    }  # fmt: skip
    for path, body in writes.items():
        assert client.post(path, body, content_type=JSON).status_code == 404, path
    started = client.post("/api/dynamics/transfers", {"member_id": member_b.pk,
                          "to_org_id": enterprise.branch_c.pk,
                          "effective_on": timezone.localdate().isoformat(), "reason": "调动"},
                          content_type=JSON)  # fmt: skip
    assert started.status_code == 404
    issued = client.post("/api/dynamics/letters", {"member_id": member_a.pk, "destination": "外省",
                                                   "reason": "调动"}, content_type=JSON)  # fmt: skip
    assert issued.status_code == 404
    transfer.refresh_from_db()
    assert transfer.state == "approving" and transfer.approvals == []
    assert TransferLetter.objects.count() == 1
    assert FloatingRecord.objects.get(pk=record.pk).contacts.count() == 0


def test_a_yes_or_no_is_true_or_false_not_a_number(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    body = {"direction": "out", "member_id": member_a.pk, "place": "深圳", "since": "2025-01-01",
            "abroad_study": 0}  # fmt: skip
    refused = login(secretary_a).post("/api/dynamics/floating", body, content_type=JSON)
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {"field": "abroad_study", "message": "出国（境）学习研究应为true或false"}
    ]
    assert not FloatingRecord.objects.exists()
