"""主持人, 记录人 and 整改责任人 are members of the branch in good standing on the day: a member
transferred out or under 停止党籍 is refused at the service, the page and the API alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from dangjian.core.errors import InvalidInput
from dangjian.dynamics.standing import (
    DecisionInput,
    lost_contact_open,
    membership_suspend,
    search_attempt_add,
)
from dangjian.meetings.inputs import MeetingInput
from dangjian.meetings.models import Meeting, Rectification
from dangjian.meetings.reviews import rectification_add
from dangjian.meetings.services import meeting_plan
from dangjian.members.models import Member
from dangjian.members.services import member_change
from dangjian.rules.dates import add_months
from dangjian.rules.meetings.kinds import MeetingKind
from tests.factories import make_member
from tests.meetings.test_services import at, plan

JSON = "application/json"
LEFT = date(2026, 10, 2)


@pytest.fixture
def left(enterprise: SimpleNamespace) -> Member:
    """A member of 一支部 transferred out (介绍信) on 2026-10-02; still on its roll."""
    member = make_member(enterprise.branch_a, name="已转出党员")
    member_change(actor=None, member_id=member.pk, changes={"status": "transferred_out"},
                  effective_on=LEFT, reason="开具介绍信，转往外省")  # fmt: skip
    return member


@pytest.fixture
def suspended(enterprise: SimpleNamespace) -> Member:
    """A member of 一支部 under 停止党籍 since today."""
    today = timezone.localdate()
    member = make_member(enterprise.branch_a, name="停止党籍党员")
    record = lost_contact_open(actor=None, member_id=member.pk, lost_since=add_months(today, -9))
    search_attempt_add(actor=None, record_id=record.pk, searched_on=today, way="电话",
                       result="停机")  # fmt: skip
    membership_suspend(actor=None, member_id=member.pk,
                       data=DecisionInput(decided_on=today, deciding_org="一支部", reason="查找无果"))  # fmt: skip
    return member


def _api(org_id: int, day: date, **people: int) -> dict[str, object]:
    return {"organization_id": org_id, "topic": "学习党章", "kinds": ["theme_day"],
            "starts_at": f"{day.isoformat()}T14:00:00+08:00",
            "ends_at": f"{day.isoformat()}T16:00:00+08:00", **people}  # fmt: skip


def test_a_member_transferred_out_is_no_recorder_after_leaving(
    enterprise: SimpleNamespace, secretary_a: User, left: Member, login: Callable[[User], Client]
) -> None:
    client = login(secretary_a)
    after = client.post("/api/meetings", _api(enterprise.branch_a.pk, date(2026, 10, 9),
                                              recorder_id=left.pk), content_type=JSON)  # fmt: skip
    assert after.status_code == 422, after.content
    error = after.json()["errors"][0]
    assert error["field"] == "recorder_id" and "记录人" in error["message"]
    assert "2026年10月9日" in error["message"]
    host = client.post("/api/meetings", _api(enterprise.branch_a.pk, date(2026, 10, 9),
                                             host_id=left.pk), content_type=JSON)  # fmt: skip
    assert host.status_code == 422 and host.json()["errors"][0]["field"] == "host_id"
    assert not Meeting.objects.exists()
    before = client.post("/api/meetings", _api(enterprise.branch_a.pk, date(2026, 9, 20),
                                               recorder_id=left.pk), content_type=JSON)  # fmt: skip
    assert before.status_code == 201, before.content


def test_a_suspended_member_is_no_recorder_and_no_rectification_owner(
    enterprise: SimpleNamespace, secretary_a: User, suspended: Member, left: Member
) -> None:
    today = timezone.localdate()
    with pytest.raises(InvalidInput) as refused:
        plan_with(secretary_a, enterprise.branch_a.pk, today, recorder_id=suspended.pk)
    assert "停止党籍党员" in refused.value.errors["recorder_id"][0]
    meeting = plan(secretary_a, enterprise.branch_a.pk, date(2026, 9, 20), MeetingKind.LIFE_MEETING)
    for owner in (suspended, left):
        with pytest.raises(InvalidInput) as wrong:
            rectification_add(actor=secretary_a, meeting_id=meeting.pk, issue="学习不够深入",
                              measure="每月集中学习", owner_id=owner.pk, due_on=date(2026, 12, 31))  # fmt: skip
        assert "整改责任人" in wrong.value.errors["owner_id"][0]
    assert not Rectification.objects.exists()
    fine = make_member(enterprise.branch_a, name="正常党员")
    rectification_add(actor=secretary_a, meeting_id=meeting.pk, issue="学习不够深入",
                      measure="每月集中学习", owner_id=fine.pk, due_on=date(2026, 12, 31))  # fmt: skip


def plan_with(
    actor: User, org_id: int, day: date, host_id: int | None = None, recorder_id: int | None = None
) -> Meeting:
    """Plan a 主题党日 on ``day`` naming ``host_id`` / ``recorder_id``."""
    return meeting_plan(actor=actor, data=MeetingInput(
        organization_id=org_id, topic="主题党日", kinds=(MeetingKind.THEME_DAY.value,),
        starts_at=at(day, 14), ends_at=at(day, 16), host_id=host_id, recorder_id=recorder_id,
    ))  # fmt: skip
