"""A transfer is refused for a member whose contact is lost (until found), and a batch holds the
members of one sending organisation only; both write nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from dangjian.dynamics.models import Transfer, TransferLetter
from dangjian.dynamics.standing import lost_contact_open
from dangjian.members.models import Member
from tests.factories import Role, make_member, make_user

TODAY = timezone.localdate()
JSON = "application/json"


def test_a_member_lost_cannot_be_transferred_nor_given_a_letter(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    lost_contact_open(
        actor=secretary_a, member_id=member_a.pk, lost_since=TODAY - timedelta(days=40)
    )
    client = login(secretary_a)
    body = {"member_id": member_a.pk, "to_org_id": enterprise.branch_b.pk,
            "effective_on": TODAY.isoformat(), "reason": "工作调动"}  # fmt: skip
    answer = client.post("/api/dynamics/transfers", body, content_type=JSON)
    assert answer.status_code == 422, answer.content
    [error] = answer.json()["errors"]
    assert error["field"] == "member_id" and "失去联系" in error["message"]
    assert "第二十四条" in error["message"]
    body.pop("member_id")
    batch = client.post("/api/dynamics/transfers/batch", {**body, "member_ids": [member_a.pk]},
                        content_type=JSON)  # fmt: skip
    assert batch.status_code == 422, batch.content
    assert batch.json()["errors"][0]["field"] == "member_ids"
    letter = client.post("/api/dynamics/letters", {"member_id": member_a.pk,
                         "destination": "外省某公司党委", "reason": "调往外省"}, content_type=JSON)  # fmt: skip
    assert letter.status_code == 422, letter.content
    assert not Transfer.objects.exists() and not TransferLetter.objects.exists()


def test_a_batch_of_two_branches_is_refused(
    enterprise: SimpleNamespace, login: Callable[[User], Client]
) -> None:
    admin = make_user("dangwei", Role.ORG_ADMIN, enterprise.root)
    ours = [make_member(enterprise.branch_a, name=f"批量{i}") for i in range(3)]
    other = make_member(enterprise.branch_c, name="三支部党员")
    body = {"member_ids": [m.pk for m in ours] + [other.pk], "to_org_id": enterprise.branch_b.pk,
            "effective_on": TODAY.isoformat(), "reason": "机构调整"}  # fmt: skip
    answer = login(admin).post("/api/dynamics/transfers/batch", body, content_type=JSON)
    assert answer.status_code == 422, answer.content
    [error] = answer.json()["errors"]
    assert error["field"] == "member_ids" and "同一党组织" in error["message"]
    assert "三支部党员" in error["message"]
    assert not Transfer.objects.exists()
