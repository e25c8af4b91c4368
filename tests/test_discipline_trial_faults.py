"""党纪处分 faults an outside trial found: sanctions on a 预备党员, two overlapping sanctions of
one kind, and refusals labelled with another router's field names."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from dangjian.core.errors import InvalidInput
from dangjian.discipline.inputs import SanctionInput
from dangjian.discipline.models import SanctionRecord
from dangjian.discipline.services import sanction_record
from dangjian.members.models import Member
from tests.factories import make_member

JSON = "application/json"
DAY = date(2026, 3, 2)


def _body(**extra: Any) -> dict[str, Any]:
    return {"kind": "warning", "decided_on": DAY.isoformat(), "deciding_org": "测试公司纪委",
            "reason": "违反工作纪律"} | extra  # fmt: skip


def _errors(response: Any) -> dict[str, str]:
    return {e["field"]: e["message"] for e in response.json()["errors"]}


@pytest.mark.parametrize("extra", [{"kind": "probation_in_party", "term_months": 12}, {}])
def test_a_probationary_member_is_given_no_sanction(
    enterprise: Any, org_admin_general: User, login: Callable[[User], Client],
    extra: dict[str, Any],
) -> None:  # fmt: skip
    newcomer = make_member(enterprise.branch_a, name="王五", stage="probationary",
                           joined_on=date(2025, 12, 1), confirmed_on=None)  # fmt: skip
    response = login(org_admin_general).post(
        f"/api/discipline/members/{newcomer.pk}/sanctions", _body(**extra), content_type=JSON
    )
    assert response.status_code == 422, response.content
    message = _errors(response)["kind"]
    assert "预备党员" in message and "延长预备期" in message and "第三十四条" in message
    assert not SanctionRecord.objects.exists()


def test_a_sanction_decided_before_confirmation_is_refused(
    enterprise: Any, org_admin_general: User
) -> None:
    """Confirmed since: the day of the decision is what counts."""
    member = make_member(enterprise.branch_a, name="赵六", joined_on=date(2025, 3, 1),
                         confirmed_on=date(2026, 3, 1))  # fmt: skip
    early = SanctionInput(kind="warning", decided_on=date(2026, 2, 27), deciding_org="纪委",
                          reason="违反工作纪律")  # fmt: skip
    with pytest.raises(InvalidInput):
        sanction_record(actor=org_admin_general, member_id=member.pk, data=early)
    later = SanctionInput(kind="warning", decided_on=date(2026, 3, 1), deciding_org="纪委",
                          reason="违反工作纪律")  # fmt: skip
    assert sanction_record(actor=org_admin_general, member_id=member.pk, data=later).pk


def test_an_overlapping_sanction_of_the_same_kind_is_refused(
    org_admin_general: User, member_a: Member, login: Callable[[User], Client]
) -> None:
    client = login(org_admin_general)
    url = f"/api/discipline/members/{member_a.pk}/sanctions"
    first = client.post(url, _body(kind="probation_in_party", term_months=12), content_type=JSON)
    assert first.status_code == 201, first.content
    again = client.post(url, _body(kind="probation_in_party", term_months=24,
                                   decided_on=date(2026, 6, 1).isoformat()), content_type=JSON)  # fmt: skip
    assert again.status_code == 422, again.content
    assert "2026年3月2日受留党察看处分" in _errors(again)["decided_on"]
    warning = client.post(url, _body(decided_on=date(2026, 6, 1).isoformat()), content_type=JSON)
    assert warning.status_code == 201, warning.content
    assert SanctionRecord.objects.count() == 2


def test_refusals_name_the_fields_of_their_own_router(
    org_admin_general: User, member_a: Member, login: Callable[[User], Client]
) -> None:
    client = login(org_admin_general)
    url = f"/api/discipline/members/{member_a.pk}/sanctions"
    kind = _errors(client.post(url, _body(kind="bogus"), content_type=JSON))["kind"]
    assert "处分种类" in kind and "会议类型" not in kind
    term = _errors(client.post(url, _body(kind="probation_in_party"), content_type=JSON))
    assert "请填写留党察看期限" in term["term_months"] and "None" not in term["term_months"]
    confirm = client.post("/api/elections/1/confirm", {"confirmed_on": "明天"}, content_type=JSON)
    message = _errors(confirm)["confirmed_on"]
    assert "批准日期" in message and "转正时间" not in message
