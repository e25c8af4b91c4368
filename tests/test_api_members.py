"""/api/members: happy paths, and the same scoping as the pages (DESIGN: access)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from dangjian.core.models import AuditLog
from dangjian.members.models import EventKind, Member, MemberEvent
from dangjian.orgs.models import Organization
from dangjian.rules.idcard import make_id_number
from tests.factories import make_member

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

JSON = "application/json"


@pytest.fixture
def as_user(login: Callable[[User], Client]) -> Callable[[User], Client]:
    """The suite's ``login`` fixture, under the name these tests read best with."""
    return login


def ids(response: _MonkeyPatchedWSGIResponse) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def new_member_payload(org: Organization, **overrides: Any) -> dict[str, Any]:
    birth = date(1990, 5, 17)
    payload = {
        "name": "赵六",
        "gender": "F",
        "birth_date": birth.isoformat(),
        "id_number": make_id_number("110101", birth, 321, "F"),
        "education": "postgraduate",
        "occupation": "manager",
        "stage": "probationary",
        "dues_category": "salaried",
        "organization_id": org.pk,
        "joined_on": (timezone.localdate() - timedelta(days=100)).isoformat(),
        "phone": "13912345678",
    }
    return payload | overrides


# --- reading -----------------------------------------------------------------------------------


def test_list_is_paginated(
    as_user: Callable[[User], Client],
    sysadmin: User,
    member_a: Member,
    member_b: Member,
    member_c: Member,
) -> None:
    response = as_user(sysadmin).get("/api/members?page_size=2")
    body = response.json()
    assert body["count"] == 3
    assert len(body["items"]) == 2
    item = body["items"][0]
    assert {"status_label", "stage_label", "organization_name", "phone_masked"} <= set(item)
    assert "*" in item["phone_masked"]


def test_list_filters_like_the_page(
    as_user: Callable[[User], Client],
    sysadmin: User,
    enterprise: SimpleNamespace,
    member_a: Member,
    member_b: Member,
) -> None:
    client = as_user(sysadmin)
    assert ids(client.get("/api/members?q=张")) == {member_a.pk}
    assert ids(client.get(f"/api/members?organization_id={enterprise.branch_b.pk}")) == {
        member_b.pk
    }
    assert ids(client.get("/api/members?stage=probationary")) == set()
    assert ids(client.get(f"/api/members?gender={member_a.gender}")) >= {member_a.pk}


def test_list_query_count_does_not_grow_with_the_page(
    as_user: Callable[[User], Client],
    sysadmin: User,
    enterprise: SimpleNamespace,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    for n in range(12):
        make_member(enterprise.branch_a, name=f"党员{n}")
    client = as_user(sysadmin)
    with django_assert_max_num_queries(6):
        assert client.get("/api/members").json()["count"] == 12


def test_detail_derives_age_and_party_standing(
    as_user: Callable[[User], Client], sysadmin: User, member_a: Member
) -> None:
    body = as_user(sysadmin).get(f"/api/members/{member_a.pk}").json()
    today = timezone.localdate()
    born = member_a.birth_date
    assert body["age"] == today.year - born.year - (
        (today.month, today.day) < (born.month, born.day)
    )
    assert body["party_years"] >= 14  # confirmed 2011-07-01
    assert body["stage"] == "full"
    assert body["stage_label"] == "正式党员"
    assert body["organization_name"] == "一支部"


def test_detail_masks_personal_numbers_without_reveal_permission(
    as_user: Callable[[User], Client], secretary_a: User, member_a: Member
) -> None:
    body = as_user(secretary_a).get(f"/api/members/{member_a.pk}").json()
    assert body["personal_numbers_masked"] is True
    assert body["id_number"] != member_a.id_number
    assert "*" in body["id_number"]
    assert member_a.id_number is not None
    assert body["id_number"][-4:] == member_a.id_number[-4:]
    assert "*" in body["phone"]


def test_detail_reveals_personal_numbers_with_permission_and_audits_it(
    as_user: Callable[[User], Client], sysadmin: User, member_a: Member
) -> None:
    body = as_user(sysadmin).get(f"/api/members/{member_a.pk}").json()
    assert body["personal_numbers_masked"] is False
    assert body["id_number"] == member_a.id_number
    assert body["phone"] == member_a.phone
    assert AuditLog.objects.filter(action="member.reveal", object_id=str(member_a.pk)).exists()


def test_history_lists_events_newest_first(
    as_user: Callable[[User], Client], sysadmin: User, member_a: Member
) -> None:
    body = as_user(sysadmin).get(f"/api/members/{member_a.pk}/history").json()
    assert body["member_id"] == member_a.pk
    assert body["events"][0]["kind"] == "created"
    assert body["events"][0]["kind_label"] == "建档"


def test_changes_refuse_a_move_to_another_branch(
    as_user: Callable[[User], Client],
    org_admin_general: User,
    enterprise: SimpleNamespace,
    member_a: Member,
) -> None:
    """MEM-2: POST /changes does not move a member; it points to 组织关系转接."""
    client = as_user(org_admin_general)
    change = {"organization_id": enterprise.branch_b.pk, "effective_on": "2020-01-01",
              "reason": "工作调动"}  # fmt: skip
    refused = client.post(f"/api/members/{member_a.pk}/changes", change, content_type=JSON)
    assert refused.status_code == 422, refused.content
    [error] = refused.json()["errors"]
    assert error["field"] == "organization_id" and "组织关系转接" in error["message"]
    member_a.refresh_from_db()
    assert member_a.organization_id == enterprise.branch_a.pk
    assert not MemberEvent.objects.filter(member=member_a, kind=EventKind.TRANSFERRED).exists()


def test_as_of_shows_the_organisation_before_a_transfer(
    as_user: Callable[[User], Client],
    org_admin_general: User,
    enterprise: SimpleNamespace,
    member_a: Member,
) -> None:
    from dangjian.members.services import member_change

    client = as_user(org_admin_general)
    member_change(actor=None, member_id=member_a.pk, effective_on=date(2020, 1, 1),
                  changes={"organization_id": enterprise.branch_b.pk}, reason="工作调动",
                  transfer_accepted=True)  # fmt: skip
    before = client.get(f"/api/members/{member_a.pk}/as-of?date=2019-12-31").json()
    after = client.get(f"/api/members/{member_a.pk}/as-of?date=2020-01-01").json()
    assert before["organization_id"] == enterprise.branch_a.pk
    assert before["organization_name"] == "一支部"
    assert after["organization_id"] == enterprise.branch_b.pk
    assert before["as_of"] == "2019-12-31"


def test_as_of_before_the_record_existed_is_404(
    as_user: Callable[[User], Client], sysadmin: User, member_a: Member
) -> None:
    response = as_user(sysadmin).get(f"/api/members/{member_a.pk}/as-of?date=2000-01-01")
    assert response.status_code == 404
    assert "尚未建档" in response.json()["detail"]


def test_as_of_needs_a_valid_past_date(
    as_user: Callable[[User], Client], sysadmin: User, member_a: Member
) -> None:
    client = as_user(sysadmin)
    url = f"/api/members/{member_a.pk}/as-of"
    missing = client.get(url)
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "date"
    tomorrow = timezone.localdate() + timedelta(days=1)
    future = client.get(f"{url}?date={tomorrow.isoformat()}")
    assert future.json()["errors"] == [{"field": "date", "message": "查询日期不能晚于今天"}]


# --- scoping -----------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", "/history", "/as-of?date=2020-01-01"])
def test_secretary_of_branch_a_may_not_read_a_member_of_branch_b(
    as_user: Callable[[User], Client], secretary_a: User, member_b: Member, suffix: str
) -> None:
    response = as_user(secretary_a).get(f"/api/members/{member_b.pk}{suffix}")
    missing = as_user(secretary_a).get(f"/api/members/{member_b.pk + 10_000}{suffix}")
    assert response.status_code == 404
    assert response.json() == missing.json() == {"detail": "未找到该记录"}


def test_secretary_lists_only_their_branch(
    as_user: Callable[[User], Client],
    secretary_a: User,
    member_a: Member,
    member_b: Member,
    member_c: Member,
) -> None:
    assert ids(as_user(secretary_a).get("/api/members")) == {member_a.pk}


def test_secretary_may_not_filter_by_another_branch(
    as_user: Callable[[User], Client],
    secretary_a: User,
    enterprise: SimpleNamespace,
    member_b: Member,
) -> None:
    response = as_user(secretary_a).get(f"/api/members?organization_id={enterprise.branch_b.pk}")
    assert response.status_code == 404


def test_org_admin_sees_exactly_the_subtree(
    as_user: Callable[[User], Client],
    org_admin_general: User,
    member_a: Member,
    member_b: Member,
    member_c: Member,
) -> None:
    client = as_user(org_admin_general)
    assert ids(client.get("/api/members")) == {member_a.pk, member_b.pk}
    assert client.get(f"/api/members/{member_c.pk}").status_code == 404


def test_member_user_sees_only_their_own_record(
    as_user: Callable[[User], Client], member_a_user: User, member_a: Member, member_b: Member
) -> None:
    client = as_user(member_a_user)
    assert ids(client.get("/api/members")) == {member_a.pk}
    own = client.get(f"/api/members/{member_a.pk}").json()
    assert own["id_number"] == member_a.id_number  # one's own numbers are not hidden
    assert client.get(f"/api/members/{member_b.pk}").status_code == 404


def test_member_user_may_not_edit_their_own_archive(
    as_user: Callable[[User], Client], member_a_user: User, member_a: Member
) -> None:
    url = f"/api/members/{member_a.pk}"
    response = as_user(member_a_user).patch(url, {"job_title": "x"}, content_type=JSON)
    assert response.status_code == 403


# --- writing -----------------------------------------------------------------------------------


def test_create_member(
    as_user: Callable[[User], Client], secretary_a: User, enterprise: SimpleNamespace
) -> None:
    payload = new_member_payload(enterprise.branch_a)
    response = as_user(secretary_a).post("/api/members", payload, content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    member = Member.objects.get(pk=body["id"])
    assert member.name == "赵六"
    assert member.events.filter(kind=EventKind.CREATED).exists()
    assert body["stage_label"] == "预备党员"


def test_create_member_in_a_branch_out_of_scope_is_403(
    as_user: Callable[[User], Client], secretary_a: User, enterprise: SimpleNamespace
) -> None:
    payload = new_member_payload(enterprise.branch_b)
    response = as_user(secretary_a).post("/api/members", payload, content_type=JSON)
    assert response.status_code == 403
    assert not Member.objects.filter(name="赵六").exists()


def test_create_member_reports_service_errors_by_field(
    as_user: Callable[[User], Client], sysadmin: User, enterprise: SimpleNamespace
) -> None:
    payload = new_member_payload(enterprise.branch_a, id_number="110101199005170000")
    response = as_user(sysadmin).post("/api/members", payload, content_type=JSON)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["id_number"]
    assert errors[0]["message"].startswith("公民身份号码")


def test_create_member_in_an_unknown_org_names_the_field(
    as_user: Callable[[User], Client], sysadmin: User, enterprise: SimpleNamespace
) -> None:
    payload = new_member_payload(enterprise.branch_a, organization_id=999999)
    response = as_user(sysadmin).post("/api/members", payload, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "organization_id", "message": "所在党组织：所选党组织不存在"}
    ]


def test_patch_changes_only_the_fields_sent_and_records_an_event(
    as_user: Callable[[User], Client], secretary_a: User, member_a: Member
) -> None:
    url = f"/api/members/{member_a.pk}"
    payload = {"job_title": "高级工程师", "reason": "职称评定"}
    response = as_user(secretary_a).patch(url, payload, content_type=JSON)
    assert response.status_code == 200, response.content
    member_a.refresh_from_db()
    assert member_a.job_title == "高级工程师"
    assert member_a.name == "张三"
    event = MemberEvent.objects.filter(member=member_a).latest("id")
    assert event.kind == EventKind.UPDATED
    assert event.changes == {"job_title": ["", "高级工程师"]}
    assert event.reason == "职称评定"
    history = as_user(secretary_a).get(f"{url}/history").json()
    assert history["events"][0]["lines"] == ["职务/职称：无 → 高级工程师"]


def test_patch_by_another_branch_is_404(
    as_user: Callable[[User], Client], secretary_b: User, member_a: Member
) -> None:
    url = f"/api/members/{member_a.pk}"
    response = as_user(secretary_b).patch(url, {"job_title": "x"}, content_type=JSON)
    assert response.status_code == 404


def test_patch_never_moves_a_member_to_another_organisation(
    as_user: Callable[[User], Client],
    secretary_a: User,
    enterprise: SimpleNamespace,
    member_a: Member,
) -> None:
    """MEM-2: a move is a 组织关系转接; the PATCH names the field and says so."""
    url = f"/api/members/{member_a.pk}"
    payload = {"organization_id": enterprise.branch_b.pk}
    response = as_user(secretary_a).patch(url, payload, content_type=JSON)
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert "组织关系转接" in errors["organization_id"]
    member_a.refresh_from_db()
    assert member_a.organization_id == enterprise.branch_a.pk


def test_patch_validation_names_the_field(
    as_user: Callable[[User], Client], secretary_a: User, member_a: Member
) -> None:
    url = f"/api/members/{member_a.pk}"
    response = as_user(secretary_a).patch(url, {"joined_on": "去年"}, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "joined_on", "message": "入党时间格式不正确，应为YYYY-MM-DD"}
    ]


def test_change_is_effective_dated(
    as_user: Callable[[User], Client], secretary_a: User, member_a: Member
) -> None:
    url = f"/api/members/{member_a.pk}/changes"
    payload = {"in_difficulty": True, "effective_on": "2024-03-01", "reason": "家庭困难"}
    response = as_user(secretary_a).post(url, payload, content_type=JSON)
    assert response.status_code == 200, response.content
    event = MemberEvent.objects.filter(member=member_a).exclude(kind=EventKind.CREATED).get()
    assert event.effective_on == date(2024, 3, 1)


def test_change_refuses_a_status_its_process_decides(
    as_user: Callable[[User], Client], secretary_a: User, member_a: Member
) -> None:
    """停止党籍 is a decision recorded on the lost-contact page (MEM-4): the API names the
    field and the article, and writes nothing."""
    url = f"/api/members/{member_a.pk}/changes"
    payload = {"status": "suspended", "effective_on": "2024-03-01", "reason": "支部大会决定"}
    response = as_user(secretary_a).post(url, payload, content_type=JSON)
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "status" and "第二十四条" in error["message"]
    member_a.refresh_from_db()
    assert member_a.status == "normal"
    assert not MemberEvent.objects.filter(member=member_a, kind=EventKind.STATUS).exists()


def test_change_transfer_out_of_scope_is_refused(
    as_user: Callable[[User], Client],
    secretary_a: User,
    enterprise: SimpleNamespace,
    member_a: Member,
) -> None:
    """A secretary asking to move a member out of scope is sent to 组织关系转接 (MEM-2)."""
    url = f"/api/members/{member_a.pk}/changes"
    payload = {"organization_id": enterprise.branch_b.pk, "effective_on": "2024-03-01",
               "reason": "调动"}  # fmt: skip
    assert as_user(secretary_a).post(url, payload, content_type=JSON).status_code == 422
    member_a.refresh_from_db()
    assert member_a.organization_id == enterprise.branch_a.pk


def test_change_needs_a_reason_and_a_past_date(
    as_user: Callable[[User], Client], secretary_a: User, member_a: Member
) -> None:
    url = f"/api/members/{member_a.pk}/changes"
    client = as_user(secretary_a)
    no_reason = client.post(url, {"status": "suspended", "effective_on": "2024-03-01"},
                            content_type=JSON)  # fmt: skip
    assert no_reason.json()["errors"] == [{"field": "reason", "message": "原因不能为空（必填）"}]
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    future = client.post(url, {"status": "suspended", "effective_on": tomorrow, "reason": "x"},
                         content_type=JSON)  # fmt: skip
    assert future.status_code == 422
    assert future.json()["errors"][0]["field"] == "effective_on"


def test_change_that_changes_nothing_is_409(
    as_user: Callable[[User], Client], secretary_a: User, member_a: Member
) -> None:
    url = f"/api/members/{member_a.pk}/changes"
    payload = {"status": "normal", "effective_on": "2024-03-01", "reason": "核对"}
    response = as_user(secretary_a).post(url, payload, content_type=JSON)
    assert response.status_code == 409
    assert response.json() == {"detail": "没有需要变动的内容"}


def test_an_unknown_status_is_422(
    as_user: Callable[[User], Client], secretary_a: User, member_a: Member
) -> None:
    url = f"/api/members/{member_a.pk}/changes"
    response = as_user(secretary_a).post(
        url, {"status": "missing", "effective_on": "2024-04-01", "reason": "x"}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "status"
