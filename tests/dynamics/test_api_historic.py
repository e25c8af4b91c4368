"""The historic transfer through the API: the same service as the import and its checks, the
same facts twice answer the transfer already recorded, another branch's secretary sees nothing."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from dangjian.dynamics.models import Transfer
from dangjian.members.models import Member

URL = "/api/dynamics/transfers/historic"
JSON = "application/json"


def _body(member: Member, to_org_id: int, **extra: Any) -> dict[str, Any]:
    return {
        "member_id": member.pk, "to_org_id": to_org_id, "effective_on": "2020-03-02",
        "approved_sending": "2020-03-05", "approved_receiving": "2020-03-10",
        "accepted_on": "2020-03-16", "reason": "工作调动", "dues_paid_to": "2020-02",
    } | extra  # fmt: skip


def test_recorded_once_and_answered_again_without_a_second_row(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    client = login(secretary_a)
    first = client.post(URL, _body(member_a, enterprise.branch_b.pk), content_type=JSON)
    assert first.status_code == 201, first.content
    shown = first.json()
    assert (shown["state"], shown["historic"], shown["accepted_on"]) == (
        "accepted", True, "2020-03-16"
    )  # fmt: skip
    assert shown["dues_paid_to"] == "2020-02-01"
    again = client.post(URL, _body(member_a, enterprise.branch_b.pk), content_type=JSON)
    assert (again.status_code, again.json()["id"]) == (200, shown["id"])
    assert Transfer.objects.count() == 1
    member_a.refresh_from_db()
    assert member_a.organization_id == enterprise.branch_b.pk


def test_a_fault_names_the_field_in_chinese_and_writes_nothing(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    body = _body(member_a, enterprise.branch_b.pk, accepted_on="2020-03-01")
    response = login(secretary_a).post(URL, body, content_type=JSON)
    assert response.status_code == 422, response.content
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert "accepted_on" in errors and "日期" in errors["accepted_on"]
    assert not Transfer.objects.exists()
    missing = login(secretary_a).post(URL, _body(member_a, enterprise.branch_b.pk, reason=" "),
                                      content_type=JSON)  # fmt: skip
    assert missing.status_code == 422
    assert not Transfer.objects.exists()


def test_another_branch_cannot_record_nor_read_it(
    enterprise: SimpleNamespace, secretary_a: User, secretary_b: User, member_a: Member,
    login: Callable[[User], Client], client: Client,
) -> None:  # fmt: skip
    refused = login(secretary_b).post(URL, _body(member_a, enterprise.branch_b.pk),
                                      content_type=JSON)  # fmt: skip
    assert refused.status_code == 404
    assert not Transfer.objects.exists()
    client.logout()
    assert login(secretary_a).post(URL, _body(member_a, enterprise.branch_c.pk),
                                   content_type=JSON).status_code == 201  # fmt: skip
    client.logout()
    # Branch B's secretary sends the same facts: the transfer is not B's, so it is not shown.
    again = login(secretary_b).post(URL, _body(member_a, enterprise.branch_c.pk),
                                    content_type=JSON)  # fmt: skip
    assert again.status_code == 404
    assert "张三" not in again.content.decode()
