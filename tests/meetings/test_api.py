"""/api/meetings: the same services and scope as the pages; refusals name the field in Chinese."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from dangjian.meetings.models import Attendance, LeaveRequest, Meeting, MeetingState
from dangjian.meetings.signin import sign_in_token
from dangjian.members.models import Member
from dangjian.rules.meetings.kinds import MeetingKind
from tests.factories import Role, make_member, make_user
from tests.meetings.marks import complete
from tests.meetings.test_services import plan

JSON = "application/json"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def people(enterprise: SimpleNamespace) -> list[Member]:
    return [make_member(enterprise.branch_a, name=f"支部党员{i}") for i in range(3)]


@pytest.fixture
def committee_admin(enterprise: SimpleNamespace) -> User:
    return make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)


def _payload(org_id: int, **overrides: object) -> dict[str, object]:
    return {
        "organization_id": org_id,
        "topic": "学习党章",
        "kinds": ["branch_assembly", "party_lecture"],
        "starts_at": "2026-03-20T14:00:00+08:00",
        "ends_at": "2026-03-20T16:00:00+08:00",
        "place": "三楼会议室",
    } | overrides


def test_plan_record_and_review_through_the_api(
    enterprise: SimpleNamespace, secretary_a: User, committee_admin: User,
    people: list[Member], login: Callable[[User], Client],
) -> None:  # fmt: skip
    client = login(secretary_a)
    created = client.post("/api/meetings", _payload(enterprise.branch_a.pk), content_type=JSON)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["kinds"] == ["branch_assembly", "party_lecture"]
    assert body["kind_labels"] == ["支部党员大会", "党课"]
    assert {a["member_id"] for a in body["attendees"]} >= {p.pk for p in people}
    meeting_id = body["id"]
    marks_sent: list[dict[str, object]] = [{"member_id": people[0].pk, "mark": "present"},
                                           {"member_id": people[1].pk, "mark": "absent"}]  # fmt: skip
    minutes = {"content": "学习党章第一章", "marks": marks_sent}
    partial = client.post(f"/api/meetings/{meeting_id}/record", minutes, content_type=JSON)
    assert partial.status_code == 422  # everyone who should attend gets a mark
    assert partial.json()["errors"][0]["field"] == "marks"
    assert people[2].name in partial.json()["errors"][0]["message"]
    assert Meeting.objects.get(pk=meeting_id).state == MeetingState.PLANNED
    marks_sent += [
        {"member_id": m, "mark": "leave"}
        for m, _ in complete(meeting_id, (people[0].pk, "present"), (people[1].pk, "absent"))[2:]
    ]
    recorded = client.post(f"/api/meetings/{meeting_id}/record", minutes, content_type=JSON)
    assert recorded.status_code == 200, recorded.content
    marks = {a["member_id"]: a["mark"] for a in recorded.json()["attendees"]}
    assert marks[people[0].pk] == "present" and marks[people[1].pk] == "absent"
    assert marks[people[2].pk] == "leave"
    refused = client.post(f"/api/meetings/{meeting_id}/review", {"accept": True}, content_type=JSON)
    assert refused.status_code == 403
    client = login(committee_admin)
    returned = client.post(
        f"/api/meetings/{meeting_id}/review", {"accept": False}, content_type=JSON
    )
    assert returned.status_code == 422
    assert returned.json()["errors"][0]["field"] == "reason"
    assert "原因" in returned.json()["errors"][0]["message"]
    accepted = client.post(
        f"/api/meetings/{meeting_id}/review", {"accept": True}, content_type=JSON
    )
    assert accepted.status_code == 200
    assert accepted.json()["state"] == MeetingState.REVIEWED


def test_the_list_filters_and_is_scoped(
    enterprise: SimpleNamespace, secretary_a: User, secretary_b: User,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    march = plan(None, enterprise.branch_a.pk, date(2026, 3, 20), MeetingKind.BRANCH_ASSEMBLY)
    plan(None, enterprise.branch_a.pk, date(2026, 5, 20), MeetingKind.THEME_DAY)
    other = plan(None, enterprise.branch_b.pk, date(2026, 3, 21), MeetingKind.BRANCH_ASSEMBLY)
    client = login(secretary_a)
    listed = client.get("/api/meetings", {"kind": "branch_assembly"}).json()["items"]
    assert [m["id"] for m in listed] == [march.pk]
    spring = client.get("/api/meetings", {"from": "2026-03-01", "to": "2026-03-31"}).json()
    assert [m["id"] for m in spring["items"]] == [march.pk]
    assert client.get(f"/api/meetings/{other.pk}").status_code == 404
    assert (
        client.get("/api/meetings", {"organization_id": enterprise.branch_b.pk}).status_code == 404
    )
    assert client.get(f"/api/meetings/{march.pk}").status_code == 200
    bad = client.get("/api/meetings", {"from": "2026-13-01"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["message"].startswith("会议日期起")


def test_plan_refusals_name_the_field(
    enterprise: SimpleNamespace, secretary_a: User, login: Callable[[User], Client]
) -> None:
    client = login(secretary_a)
    cases = [
        (_payload(enterprise.branch_a.pk, kinds=["no_such_kind"]), "kinds", "会议类型"),
        (_payload(enterprise.branch_a.pk, ends_at="2026-03-20T13:00:00+08:00"), "ends_at", "结束时间"),
        (_payload(enterprise.branch_a.pk, starts_at="0001-01-01T00:00:00Z"), "starts_at", "开始时间"),
        (_payload(enterprise.branch_a.pk, starts_at="12"), "starts_at", "开始时间"),
        (_payload(enterprise.general.pk), "organization_id", "无权"),
        (_payload(enterprise.branch_b.pk), "organization_id", "无权"),
    ]  # fmt: skip
    for payload, field, words in cases:
        response = client.post("/api/meetings", payload, content_type=JSON)
        assert response.status_code == 422, (field, response.content)
        error = response.json()["errors"][0]
        assert error["field"] == field and words in error["message"], error
    assert not Meeting.objects.exists()


def test_sign_in_and_leave_through_the_api(
    enterprise: SimpleNamespace, member_a: Member, member_a_user: User, member_b: Member,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    now = timezone.now()
    starts = now.astimezone(SHANGHAI).replace(microsecond=0) - timedelta(minutes=5)
    payload = _payload(enterprise.branch_a.pk, starts_at=starts.isoformat(),
                       ends_at=(starts + timedelta(hours=1)).isoformat())  # fmt: skip
    client = login(make_user("shuji_x", Role.SECRETARY, enterprise.branch_a))
    meeting_id = client.post("/api/meetings", payload, content_type=JSON).json()["id"]
    client = login(member_a_user)
    token = sign_in_token(meeting_id)
    forged = client.post(
        f"/api/meetings/{meeting_id}/sign-in", {"token": "x:y:z"}, content_type=JSON
    )
    assert forged.status_code == 422 and forged.json()["errors"][0]["field"] == "token"
    assert "签到码" in forged.json()["errors"][0]["message"]
    first = client.post(f"/api/meetings/{meeting_id}/sign-in", {"token": token}, content_type=JSON)
    again = client.post(f"/api/meetings/{meeting_id}/sign-in", {"token": token}, content_type=JSON)
    assert first.status_code == again.status_code == 200, first.content
    assert first.json()["by_qr"] and first.json()["mark"] == "late"
    assert Attendance.objects.filter(meeting_id=meeting_id).count() == 1
    later = (now + timedelta(days=30)).astimezone(SHANGHAI).replace(hour=14, minute=0, second=0)
    future = _payload(enterprise.branch_a.pk, starts_at=later.isoformat(),
                      ends_at=(later + timedelta(hours=1)).isoformat())  # fmt: skip
    secretary = login(make_user("shuji_y", Role.SECRETARY, enterprise.branch_a))
    future_id = secretary.post("/api/meetings", future, content_type=JSON).json()["id"]
    client = login(member_a_user)
    leave = client.post(f"/api/meetings/{future_id}/leave", {"reason": "出差"}, content_type=JSON)
    assert leave.status_code == 201, leave.content
    assert LeaveRequest.objects.get(pk=leave.json()["id"]).member_id == member_a.pk
    outsider = login(make_user("dangyuan_b", member=member_b))
    hidden = outsider.post(
        f"/api/meetings/{future_id}/leave", {"reason": "出差"}, content_type=JSON
    )
    assert hidden.status_code == 404


def test_compliance_of_a_subtree_for_a_year(
    enterprise: SimpleNamespace, secretary_a: User, committee_admin: User,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    meeting = plan(None, enterprise.branch_a.pk, date(2025, 2, 20), MeetingKind.BRANCH_ASSEMBLY)
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.RECORDED)
    client = login(committee_admin)
    response = client.get(
        "/api/meetings/compliance", {"organization_id": enterprise.root.pk, "year": 2025}
    )
    assert response.status_code == 200, response.content
    rows = {r["organization_name"]: r for r in response.json()["organizations"]}
    assert set(rows) >= {"一支部", "二支部", "三支部", "一支部第一党小组"}
    assembly = next(k for k in rows["一支部"]["kinds"] if k["kind"] == "branch_assembly")
    assert assembly["held"] == 1 and assembly["required"] == 4
    assert assembly["missing"] == ["2025年第二季度", "2025年第三季度", "2025年第四季度"]
    assert assembly["citation"] == "《中国共产党支部工作条例（试行）》第十一条"
    client = login(secretary_a)
    own = client.get(
        "/api/meetings/compliance", {"organization_id": enterprise.branch_a.pk, "year": 2025}
    )
    assert {r["organization_name"] for r in own.json()["organizations"]} == {
        "一支部",
        "一支部第一党小组",
    }
    other = client.get(
        "/api/meetings/compliance", {"organization_id": enterprise.branch_b.pk, "year": 2025}
    )
    assert other.status_code == 404
    wrong = client.get(
        "/api/meetings/compliance", {"organization_id": enterprise.branch_a.pk, "year": 3000}
    )
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "year"


def test_every_meetings_operation_is_documented_in_chinese(db: None, client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    operations = [
        op for path, item in schema["paths"].items() if path.startswith("/api/meetings")
        for op in item.values()
    ]  # fmt: skip
    assert len(operations) == 8
    for op in operations:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in op["summary"]), op["summary"]
