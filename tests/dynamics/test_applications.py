"""A member's own transfer application reaches the sending branch's secretary, who starts the
transfer from it or refuses it with a reason (MEM-2): page, API and home card."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.http import Http404
from django.test import Client
from django.utils import timezone

from dangjian.core.errors import Conflict
from dangjian.dynamics.application_models import TransferApplication
from dangjian.dynamics.applications import transfer_application_refuse
from dangjian.dynamics.due import dynamics_due_items
from dangjian.dynamics.models import Transfer
from dangjian.dynamics.own import own_transfer_apply
from dangjian.dynamics.services import member_transfer_start
from dangjian.members.models import Member

TODAY = timezone.localdate()
JSON = "application/json"


def _apply(member_user: User) -> TransferApplication:
    own_transfer_apply(actor=member_user, destination="二支部", reason="工作调动")
    return TransferApplication.objects.get()


def test_the_application_waits_on_the_card_and_the_page_and_starts_the_transfer(
    enterprise: SimpleNamespace, secretary_a: User, member_a_user: User,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    application = _apply(member_a_user)
    assert not Transfer.objects.exists()
    card = {i.key: i for i in dynamics_due_items(secretary_a, TODAY)}[
        "dynamics.applications_waiting"
    ]
    client = login(secretary_a)
    listed = client.get(card.url)
    assert card.count == len(listed.context["rows"]) == 1
    assert "工作调动" in listed.content.decode()
    blank = client.post(f"/dynamics/applications/{application.pk}/start/",
                        {f"start-{application.pk}-effective_on": ""})  # fmt: skip
    assert blank.status_code == 400 and not Transfer.objects.exists()
    done = client.post(f"/dynamics/applications/{application.pk}/start/",
                       {f"start-{application.pk}-effective_on": TODAY.isoformat()})  # fmt: skip
    assert done.status_code == 302
    transfer = Transfer.objects.get()
    assert (transfer.started_by, transfer.state) == (secretary_a, "approving")
    application.refresh_from_db()
    assert (application.state, application.transfer) == ("started", transfer)
    assert "dynamics.applications_waiting" not in {
        i.key for i in dynamics_due_items(secretary_a, TODAY)}  # fmt: skip


def test_the_branch_refuses_with_a_reason_by_the_api_and_the_member_reads_it(
    enterprise: SimpleNamespace, secretary_a: User, member_a_user: User,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    application = _apply(member_a_user)
    client = login(secretary_a)
    assert [a["id"] for a in client.get("/api/dynamics/transfer-applications").json()] == [
        application.pk]  # fmt: skip
    url = f"/api/dynamics/transfer-applications/{application.pk}/refuse"
    blank = client.post(url, {"reason": ""}, content_type=JSON)
    assert blank.status_code == 422 and blank.json()["errors"][0]["field"] == "reason"
    refused = client.post(url, {"reason": "项目未结束，暂缓转接"}, content_type=JSON)
    assert refused.status_code == 200 and refused.json()["state"] == "refused"
    twice = client.post(url, {"reason": "再次"}, content_type=JSON)
    assert twice.status_code == 409
    own = login(member_a_user).get("/dynamics/me/").content.decode()
    assert "党支部未同意" in own and "项目未结束，暂缓转接" in own
    assert not Transfer.objects.exists()


def test_the_api_starts_the_transfer_from_the_application(
    enterprise: SimpleNamespace, secretary_a: User, member_a_user: User,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    application = _apply(member_a_user)
    answer = login(secretary_a).post(
        f"/api/dynamics/transfer-applications/{application.pk}/start",
        {"effective_on": TODAY.isoformat()}, content_type=JSON,
    )  # fmt: skip
    assert answer.status_code == 201, answer.content
    assert answer.json()["state"] == "approving" and answer.json()["member_name"] == "张三"


def test_only_the_sending_branch_handles_it(
    enterprise: SimpleNamespace, secretary_b: User, member_a_user: User, member_a: Member,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    application = _apply(member_a_user)
    with pytest.raises(Http404):
        transfer_application_refuse(actor=secretary_b, application_id=application.pk, reason="否")
    client = login(secretary_b)
    assert client.get("/api/dynamics/transfer-applications").json() == []
    other = client.post(f"/api/dynamics/transfer-applications/{application.pk}/start",
                        {"effective_on": TODAY.isoformat()}, content_type=JSON)  # fmt: skip
    assert other.status_code == 404
    # The member themself cannot start it either: no such door for a member.
    mine = login(member_a_user).post(
        f"/api/dynamics/transfer-applications/{application.pk}/start",
        {"effective_on": TODAY.isoformat()}, content_type=JSON,
    )  # fmt: skip
    assert mine.status_code in (403, 404) and not Transfer.objects.exists()


def test_an_application_is_refused_while_a_transfer_is_open(
    enterprise: SimpleNamespace, secretary_a: User, member_a_user: User,
) -> None:  # fmt: skip
    application = _apply(member_a_user)
    transfer_application_refuse(actor=secretary_a, application_id=application.pk, reason="暂缓")
    member_transfer_start(actor=secretary_a, member_id=application.member_id,
                          to_org_id=enterprise.branch_c.pk, effective_on=TODAY, reason="调动")  # fmt: skip
    with pytest.raises(Conflict, match="正在办理中"):
        own_transfer_apply(actor=member_a_user, destination="二支部", reason="工作调动")
