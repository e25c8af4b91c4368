"""/api/organizations: the tree as each role may see it, facts and structure warnings, writes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from dangjian.members.models import Member
from dangjian.orgs.models import Organization
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


def every_org(enterprise: SimpleNamespace) -> set[int]:
    return {o.pk for o in vars(enterprise).values()}


def test_sysadmin_lists_every_organisation_in_tree_order(
    as_user: Callable[[User], Client], sysadmin: User, enterprise: SimpleNamespace
) -> None:
    body = as_user(sysadmin).get("/api/organizations").json()
    assert body["count"] == 6
    assert {item["id"] for item in body["items"]} == every_org(enterprise)
    root = body["items"][0]
    assert root["name"] == "测试公司党委"
    assert root["parent_id"] is None
    assert root["kind_label"] == "基层党委"
    general = next(i for i in body["items"] if i["id"] == enterprise.general.pk)
    assert general["parent_id"] == enterprise.root.pk


def test_list_filters_by_parent_and_kind(
    as_user: Callable[[User], Client], sysadmin: User, enterprise: SimpleNamespace
) -> None:
    client = as_user(sysadmin)
    children = client.get(f"/api/organizations?parent_id={enterprise.general.pk}")
    assert ids(children) == {enterprise.branch_a.pk, enterprise.branch_b.pk}
    branches = client.get("/api/organizations?kind=branch")
    assert ids(branches) == {enterprise.branch_a.pk, enterprise.branch_b.pk, enterprise.branch_c.pk}


def test_org_admin_sees_exactly_the_subtree(
    as_user: Callable[[User], Client], org_admin_general: User, enterprise: SimpleNamespace
) -> None:
    seen = ids(as_user(org_admin_general).get("/api/organizations"))
    e = enterprise
    assert seen == {e.general.pk, e.branch_a.pk, e.branch_b.pk, e.group_a.pk}


def test_secretary_sees_the_branch_and_its_groups(
    as_user: Callable[[User], Client], secretary_a: User, enterprise: SimpleNamespace
) -> None:
    seen = ids(as_user(secretary_a).get("/api/organizations"))
    assert seen == {enterprise.branch_a.pk, enterprise.group_a.pk}


def test_member_user_sees_no_organisation(
    as_user: Callable[[User], Client], member_a_user: User
) -> None:
    assert ids(as_user(member_a_user).get("/api/organizations")) == set()


def test_children_of_an_invisible_parent_are_404(
    as_user: Callable[[User], Client], secretary_a: User, enterprise: SimpleNamespace
) -> None:
    url = f"/api/organizations?parent_id={enterprise.branch_b.pk}"
    assert as_user(secretary_a).get(url).status_code == 404


def test_detail_has_member_counts_and_structure_warnings(
    as_user: Callable[[User], Client], secretary_a: User, enterprise: SimpleNamespace
) -> None:
    make_member(enterprise.branch_a)
    make_member(enterprise.branch_a, stage="probationary", confirmed_on=None)
    body = as_user(secretary_a).get(f"/api/organizations/{enterprise.branch_a.pk}").json()
    assert body["facts"] == {
        "all_members": 2,
        "full_members": 1,
        "probationary_members": 1,
        "committee_size": 0,
        "units": 1,
    }
    assert body["parent_name"] == "第一党总支"
    assert [w["rule_id"] for w in body["warnings"]] == ["ORG-1"]
    assert body["warnings"][0]["severity_label"] == "不符合规定"


def test_detail_out_of_scope_is_404_as_if_missing(
    as_user: Callable[[User], Client], secretary_a: User, enterprise: SimpleNamespace
) -> None:
    response = as_user(secretary_a).get(f"/api/organizations/{enterprise.branch_b.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到该记录"}


def branch_payload(parent: Organization, **overrides: Any) -> dict[str, Any]:
    return {"name": "四支部", "code": "NEW-4", "kind": "branch", "parent_id": parent.pk} | overrides


def test_org_admin_creates_a_branch_in_the_subtree(
    as_user: Callable[[User], Client], org_admin_general: User, enterprise: SimpleNamespace
) -> None:
    payload = branch_payload(enterprise.general, unit_type="sole_state")
    response = as_user(org_admin_general).post("/api/organizations", payload, content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["parent_id"] == enterprise.general.pk
    assert body["unit_type_label"] == "国有独资企业"
    assert Organization.objects.get(code="NEW-4").get_depth() == 3


@pytest.mark.parametrize("who", ["org_admin_general", "secretary_a"])
def test_creating_under_an_invisible_parent_is_404(
    as_user: Callable[[User], Client],
    enterprise: SimpleNamespace,
    request: pytest.FixtureRequest,
    who: str,
) -> None:
    client = as_user(request.getfixturevalue(who))
    payload = branch_payload(enterprise.root)
    assert client.post("/api/organizations", payload, content_type=JSON).status_code == 404
    assert not Organization.objects.filter(code="NEW-4").exists()


def test_only_a_sysadmin_adds_a_top_level_committee(
    as_user: Callable[[User], Client], sysadmin: User, org_admin_general: User, db: None
) -> None:
    payload = {"name": "新党委", "code": "TOP-1", "kind": "committee"}
    assert as_user(org_admin_general).post("/api/organizations", payload,
                                           content_type=JSON).status_code == 403  # fmt: skip
    assert as_user(sysadmin).post("/api/organizations", payload,
                                  content_type=JSON).status_code == 201  # fmt: skip


def test_create_reports_errors_with_organisation_labels(
    as_user: Callable[[User], Client], sysadmin: User, enterprise: SimpleNamespace
) -> None:
    payload = branch_payload(enterprise.general, code=enterprise.branch_a.code, kind="galaxy")
    response = as_user(sysadmin).post("/api/organizations", payload, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "kind"
    assert response.json()["errors"][0]["message"].startswith("组织类别不是有效的选项")
    payload = branch_payload(enterprise.general, code=enterprise.branch_a.code)
    response = as_user(sysadmin).post("/api/organizations", payload, content_type=JSON)
    assert response.json()["errors"] == [
        {"field": "code", "message": f"组织代码“{enterprise.branch_a.code}”已被使用"}
    ]


def test_a_group_may_not_sit_under_a_committee(
    as_user: Callable[[User], Client], sysadmin: User, enterprise: SimpleNamespace
) -> None:
    payload = branch_payload(enterprise.root, kind="group")
    response = as_user(sysadmin).post("/api/organizations", payload, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "parent_id"
    assert response.json()["errors"][0]["message"].startswith("上级党组织：")


def test_patch_changes_only_the_fields_sent(
    as_user: Callable[[User], Client], org_admin_general: User, enterprise: SimpleNamespace
) -> None:
    url = f"/api/organizations/{enterprise.branch_a.pk}"
    payload = {"short_name": "一支", "founded_on": "2015-06-01"}
    response = as_user(org_admin_general).patch(url, payload, content_type=JSON)
    assert response.status_code == 200, response.content
    org = Organization.objects.get(pk=enterprise.branch_a.pk)
    assert (org.name, org.short_name, str(org.founded_on)) == ("一支部", "一支", "2015-06-01")


def test_secretaries_do_not_edit_the_tree(
    as_user: Callable[[User], Client], secretary_a: User, enterprise: SimpleNamespace
) -> None:
    url = f"/api/organizations/{enterprise.branch_a.pk}"
    response = as_user(secretary_a).patch(url, {"short_name": "x"}, content_type=JSON)
    assert response.status_code == 403


def test_patch_may_not_move_an_organisation(
    as_user: Callable[[User], Client], sysadmin: User, enterprise: SimpleNamespace
) -> None:
    url = f"/api/organizations/{enterprise.branch_a.pk}"
    payload = {"parent_id": enterprise.root.pk}
    response = as_user(sysadmin).patch(url, payload, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "parent_id"


def test_patch_with_a_future_founding_date_names_the_field(
    as_user: Callable[[User], Client], sysadmin: User, enterprise: SimpleNamespace
) -> None:
    url = f"/api/organizations/{enterprise.branch_a.pk}"
    response = as_user(sysadmin).patch(url, {"founded_on": "2099-01-01"}, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "founded_on", "message": "成立日期不能晚于今天"}]


def test_a_founding_date_outside_the_plausible_range_names_field_and_range(
    as_user: Callable[[User], Client], sysadmin: User, enterprise: SimpleNamespace
) -> None:
    url = f"/api/organizations/{enterprise.branch_a.pk}"
    response = as_user(sysadmin).patch(url, {"founded_on": "9999-12-31"}, content_type=JSON)
    assert response.status_code == 422
    message = response.json()["errors"][0]["message"]
    assert message == "成立日期不正确，应在1900-01-01至2099-12-31之间"


def test_members_on_a_past_date_counts_the_tree_of_that_day(
    as_user: Callable[[User], Client],
    sysadmin: User,
    org_admin_general: User,
    enterprise: SimpleNamespace,
    member_a: Member,
    member_b: Member,
    member_c: Member,
) -> None:
    from dangjian.orgs.services import org_move

    org_move(actor=sysadmin, org_id=enterprise.branch_c.pk, new_parent_id=enterprise.general.pk,
             effective_on=date(2023, 3, 1))  # fmt: skip
    url = f"/api/organizations/{enterprise.general.pk}/members-on"
    for user in (sysadmin, org_admin_general):
        client = as_user(user)
        before = client.get(url, {"date": "2023-02-28"}).json()
        assert before == {
            "organization_id": enterprise.general.pk,
            "date": "2023-02-28",
            "count": 2,
        }
    # 王五 is in 三支部, now under the 党总支: counted by the system administrator from the move on;
    # the administrator of the 党总支 sees the subtree as it is today, 三支部 included.
    assert as_user(sysadmin).get(url, {"date": "2023-03-01"}).json()["count"] == 3
    assert as_user(org_admin_general).get(url, {"date": "2023-03-01"}).json()["count"] == 3


def test_members_on_refuses_bad_dates_and_other_branches(
    as_user: Callable[[User], Client],
    secretary_b: User,
    enterprise: SimpleNamespace,
    member_a: Member,
) -> None:
    client = as_user(secretary_b)
    other = client.get(f"/api/organizations/{enterprise.branch_a.pk}/members-on?date=2024-01-01")
    assert other.status_code == 404
    own = f"/api/organizations/{enterprise.branch_b.pk}/members-on"
    future = client.get(own, {"date": "2099-01-01"})
    assert future.status_code == 422
    assert future.json()["errors"] == [{"field": "date", "message": "查询日期不能晚于今天"}]
    garbled = client.get(own, {"date": "2024-13-45"})
    assert garbled.status_code == 422
    assert [e["field"] for e in garbled.json()["errors"]] == ["date"]
