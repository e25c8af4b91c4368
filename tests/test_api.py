"""The HTTP API: authentication, error shapes, documentation served from local files."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from dangjian.accounts.models import ApiToken
from dangjian.api.tokens import api_token_issue, token_hash
from dangjian.members.models import Member


def bearer(value: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {value}"}


def issue(user: User) -> str:
    return api_token_issue(actor=None, user=user, name="测试")[1]


# --- authentication ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/members", "/api/organizations", "/api/members/1"])
def test_unauthenticated_call_is_401_in_chinese(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 401
    assert "请先登录" in response.json()["detail"]


def test_bearer_token_authenticates(client: Client, secretary_a: User, member_a: Member) -> None:
    response = client.get(f"/api/members/{member_a.pk}", **bearer(issue(secretary_a)))
    assert response.status_code == 200
    assert response.json()["name"] == "张三"


def test_only_the_hash_of_a_token_is_stored(secretary_a: User) -> None:
    token, value = api_token_issue(actor=None, user=secretary_a, name="同步")
    assert token.token_hash == token_hash(value)
    assert value not in ApiToken.objects.values_list("token_hash", flat=True)


def test_last_used_at_is_written_at_most_once_a_minute(
    client: Client, secretary_a: User, member_a: Member
) -> None:
    token, value = api_token_issue(actor=None, user=secretary_a, name="同步")
    client.get("/api/members", **bearer(value))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get("/api/members", **bearer(value))
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get("/api/members", **bearer(value))
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(minutes=2)


def test_revoked_token_is_refused(client: Client, secretary_a: User, member_a: Member) -> None:
    token, value = api_token_issue(actor=None, user=secretary_a, name="旧令牌")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    response = client.get(f"/api/members/{member_a.pk}", **bearer(value))
    assert response.status_code == 401
    assert response.json()["detail"] == "API令牌无效、已过期或已被吊销"


def test_unknown_token_is_refused(client: Client, member_a: Member) -> None:
    response = client.post("/api/members", {}, content_type="application/json", **bearer("nope"))
    assert response.status_code == 401
    assert "吊销" in response.json()["detail"]


def test_token_of_inactive_user_is_refused(client: Client, secretary_a: User) -> None:
    value = issue(secretary_a)
    secretary_a.is_active = False
    secretary_a.save(update_fields=["is_active"])
    assert client.get("/api/members", **bearer(value)).status_code == 401


def test_session_write_without_csrf_token_is_refused(secretary_a: User, member_a: Member) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary_a)
    url = f"/api/members/{member_a.pk}"
    response = client.patch(url, {"job_title": "工程师"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_session_write_with_csrf_token_is_accepted(secretary_a: User, member_a: Member) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary_a)
    assert client.get("/api/docs").status_code == 200  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.patch(
        f"/api/members/{member_a.pk}",
        {"job_title": "工程师"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200


def test_bearer_write_needs_no_csrf_token(secretary_a: User, member_a: Member) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.patch(
        f"/api/members/{member_a.pk}",
        {"job_title": "工程师"},
        content_type="application/json",
        **bearer(issue(secretary_a)),
    )
    assert response.status_code == 200


# --- the api_token command --------------------------------------------------------------------


def test_api_token_command_prints_the_token_once_and_stores_its_hash(secretary_a: User) -> None:
    out, err = StringIO(), StringIO()
    call_command("api_token", "shuji_a", "--name", "数据同步", stdout=out, stderr=err)
    value = out.getvalue().strip()
    token = ApiToken.objects.get(user=secretary_a)
    assert token.name == "数据同步"
    assert token.expires_at is not None and "有效期至" in err.getvalue()
    assert token.token_hash == token_hash(value)
    assert len(value) > 30


def test_api_token_command_refuses_an_unknown_user(db: None) -> None:
    with pytest.raises(CommandError, match="不存在"):
        call_command("api_token", "nobody", "--name", "x", stdout=StringIO(), stderr=StringIO())


# --- documentation -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_openapi_schema_lists_every_endpoint_with_chinese_descriptions(client: Client) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    paths = set(schema["paths"])
    assert {
        p
        for p in paths
        if not p.startswith(
            (
                "/api/dues/",
                "/api/development",
                "/api/meetings",
                "/api/dynamics",
                "/api/elections",
                "/api/cadres",
                "/api/discipline",
                "/api/portal",
                "/api/study",
                "/api/alerts",
                "/api/screen",
                "/api/reports",
            )
        )
    } == {
        "/api/organizations",
        "/api/organizations/{org_id}",
        "/api/organizations/{org_id}/members-on",
        "/api/members",
        "/api/members/{member_id}",
        "/api/members/{member_id}/history",
        "/api/members/{member_id}/as-of",
        "/api/members/{member_id}/changes",
    }
    assert {"/api/dues/compute", "/api/dues/ledger"} <= paths  # the dues router is mounted
    assert {"/api/cadres", "/api/cadres/{cadre_id}", "/api/cadres/analysis"} <= paths
    assert {"/api/development", "/api/development/{applicant_id}",
            "/api/development/{applicant_id}/steps",
            "/api/development/{applicant_id}/check"} <= paths  # fmt: skip
    for name in ("ApplicantIn", "StepIn", "TallyIn", "NoticeIn", "ApplicantOut", "StepOut"):
        for field, prop in schema["components"]["schemas"][name]["properties"].items():
            assert re.search(r"[\u4e00-\u9fff]", prop.get("description", "")), (name, field)
    assert {
        "/api/meetings",
        "/api/meetings/compliance",
        "/api/meetings/{meeting_id}/sign-in",
    } <= paths
    assert {
        "/api/dynamics/transfers",
        "/api/dynamics/transfers/batch",
        "/api/dynamics/transfers/historic",
        "/api/dynamics/letters/{letter_id}/document",
        "/api/dynamics/floating/{record_id}/contacts",
    } <= paths
    for name in (
        "TransferIn",
        "BatchIn",
        "HistoricTransferIn",
        "LetterIn",
        "ReceiptIn",
        "FloatingIn",
        "ContactIn",
    ):
        for field, prop in schema["components"]["schemas"][name]["properties"].items():
            assert re.search(r"[\u4e00-\u9fff]", prop.get("description", "")), (name, field)
    assert {"/api/elections", "/api/elections/terms", "/api/elections/{election_id}/runoff",
            "/api/elections/organizations/{org_id}/committee"} <= paths  # fmt: skip
    assert {
        "/api/discipline/sanctions",
        "/api/discipline/members/{member_id}/sanctions",
        "/api/discipline/sanctions/{sanction_id}/correct",
    } <= paths
    assert {
        "/api/study/mine",
        "/api/study/items/{item_id}/studied",
        "/api/study/completion",
    } <= paths
    assert {"/api/alerts", "/api/alerts/scores", "/api/alerts/scores/{organization_id}"} <= paths
    assert {"/api/screen/panels", "/api/screen/list", "/api/reports/tables/{number}",
            "/api/reports/tables/{number}/list"} <= paths  # fmt: skip
    for name in ("SanctionRecordIn", "SanctionCorrectIn"):
        for field, prop in schema["components"]["schemas"][name]["properties"].items():
            assert re.search(r"[\u4e00-\u9fff]", prop.get("description", "")), (name, field)
    birth = schema["components"]["schemas"]["MemberIn"]["properties"]["birth_date"]
    assert birth["description"].startswith("出生日期")


@pytest.mark.django_db
def test_docs_page_loads_nothing_from_outside_the_site(client: Client) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    outside = [u for u in re.findall(r"https?://[^\s\"'<>]+", html) if "testserver" not in u]
    assert outside == []
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, "the page loads swagger-ui"
    for asset in assets:
        assert asset.startswith("/static/")
        assert finders.find(asset.removeprefix("/static/")), asset
    assert '"validatorUrl": null' in html  # no badge fetched from validator.swagger.io


# --- errors ------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client: Client, sysadmin: User) -> Client:
    client.force_login(sysadmin)
    return client


def test_garbage_json_is_a_400_in_chinese_not_a_500(admin_client: Client) -> None:
    response = admin_client.post("/api/members", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


def test_wrong_content_type_is_a_400_in_chinese(admin_client: Client) -> None:
    response = admin_client.post("/api/members", {"name": "张三"})  # multipart form
    assert response.status_code == 400
    assert "application/json" in response.json()["detail"]


def test_a_json_array_instead_of_an_object_is_422(admin_client: Client) -> None:
    response = admin_client.post("/api/members", "[1, 2]", content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "body", "message": "请求内容应为JSON对象"}]


def test_wrong_types_are_reshaped_with_field_names_and_chinese(
    admin_client: Client, enterprise: SimpleNamespace
) -> None:
    payload = {"name": "赵六", "birth_date": "1990-02-30", "organization_id": "一支部"}
    response = admin_client.post("/api/members", payload, content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "提交的数据有误"
    errors = {e["field"]: e["message"] for e in body["errors"]}
    assert errors["birth_date"] == "出生日期格式不正确，应为YYYY-MM-DD"
    assert errors["organization_id"] == "所在党组织应为整数"
    assert errors["gender"] == "性别不能为空（必填）"


def test_unknown_fields_are_refused(admin_client: Client, member_a: Member) -> None:
    url = f"/api/members/{member_a.pk}"
    response = admin_client.patch(url, {"nickname": "小张"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "nickname", "message": "不支持提交字段“nickname”"}
    ]


def test_bad_query_parameters_are_422_in_chinese(admin_client: Client) -> None:
    response = admin_client.get("/api/members?status=unknown&age_band=99岁&page=0")
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["status"].startswith("党籍状态不是有效的选项")
    assert errors["age_band"].startswith("年龄段不是有效的选项，可选值：30岁及以下")
    assert errors["page"] == "页码不能小于1"


def test_unknown_api_path_is_json_404(admin_client: Client) -> None:
    response = admin_client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_null_for_a_field_that_needs_a_value_names_the_field(
    admin_client: Client, member_a: Member
) -> None:
    url = f"/api/members/{member_a.pk}"
    response = admin_client.patch(url, {"name": None}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "name", "message": "姓名不能为空"}]
    url = f"/api/members/{member_a.pk}/changes"
    payload = {"status": None, "effective_on": "2024-01-01", "reason": "x"}
    response = admin_client.post(url, payload, content_type="application/json")
    assert response.json()["errors"] == [{"field": "status", "message": "党籍状态不能为空"}]


def _schema_classes(cls: type) -> list[type]:
    found: list[type] = []
    subclasses: list[type] = cls.__subclasses__()
    for sub in subclasses:
        found.append(sub)
        found.extend(_schema_classes(sub))
    return found


def test_no_two_api_schemas_share_a_name() -> None:
    """The OpenAPI document names each body's schema by its class; two classes of one name
    would share one entry, and one operation's documented body would be the other's."""
    from ninja import Schema

    import dangjian.api.api  # noqa: F401  (every router, so every schema, is imported)

    seen: dict[str, str] = {}
    for cls in _schema_classes(Schema):
        if not cls.__module__.startswith("dangjian."):
            continue
        where = f"{cls.__module__}.{cls.__qualname__}"
        assert cls.__name__ not in seen, f"{where} 与 {seen[cls.__name__]} 同名"
        seen[cls.__name__] = where
