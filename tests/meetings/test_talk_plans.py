"""谈心谈话 scheduled ahead (MEET-7): planned with a day and the two people, on both people's
portal to-dos and in the daily reminder scan, then recorded as held (off the to-dos); another
branch's secretary cannot touch it; a bad plan names the field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dangjian.core.errors import Conflict, InvalidInput
from dangjian.meetings.models import Talk, TalkPlan
from dangjian.meetings.talk_plans import PlanInput, talk_plan_create, talk_plan_hold
from dangjian.members.models import Member
from dangjian.notifications.models import Delivery
from dangjian.notifications.scan import reminder_scan
from dangjian.portal.home import portal_home
from tests.factories import make_member, make_user

Login = Callable[[User], Client]


@pytest.fixture
def pair(enterprise: SimpleNamespace) -> tuple[Member, Member]:
    return make_member(enterprise.branch_a, name="谈话甲"), make_member(
        enterprise.branch_a, name="谈话乙"
    )


def _plan(actor: User, org_id: int, pair: tuple[Member, Member], on: date) -> TalkPlan:
    data = PlanInput(organization_id=org_id, kind="members", talker_id=pair[0].pk,
                     listener_id=pair[1].pk, planned_on=on, topic="思想交流")  # fmt: skip
    return talk_plan_create(actor=actor, data=data, today=timezone.localdate())


def test_a_planned_talk_is_a_to_do_and_a_reminder_until_recorded_as_held(
    enterprise: SimpleNamespace, secretary_a: User, pair: tuple[Member, Member]
) -> None:
    today = timezone.localdate()
    listener = make_user("tanhua_yi", member=pair[1])
    plan = _plan(secretary_a, enterprise.branch_a.pk, pair, today + timedelta(days=3))
    todos = [t for t in portal_home(listener, today).todos if t.kind == "talk"]
    assert len(todos) == 1 and "谈话甲与谈话乙" in todos[0].detail
    reminder_scan(today)
    titles = set(Delivery.objects.filter(user=listener).values_list("notice__title", flat=True))
    assert "已安排的谈心谈话：1次" in titles
    talk_plan_hold(actor=secretary_a, plan_id=plan.pk, held_on=today, summary="谈了工作",
                   today=today)  # fmt: skip
    assert Talk.objects.get().plan == plan
    assert [t for t in portal_home(listener, today).todos if t.kind == "talk"] == []
    with pytest.raises(Conflict):
        talk_plan_hold(actor=secretary_a, plan_id=plan.pk, held_on=today, summary="", today=today)


def test_a_plan_in_the_past_or_between_one_person_is_refused_by_field(
    enterprise: SimpleNamespace, secretary_a: User, pair: tuple[Member, Member]
) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(InvalidInput) as past:
        _plan(secretary_a, enterprise.branch_a.pk, pair, yesterday)
    with pytest.raises(InvalidInput) as alone:
        _plan(secretary_a, enterprise.branch_a.pk, (pair[0], pair[0]), timezone.localdate())
    assert "planned_on" in past.value.errors and "listener_id" in alone.value.errors
    assert not TalkPlan.objects.exists()


def test_another_branch_s_secretary_cannot_plan_or_record(
    enterprise: SimpleNamespace, secretary_a: User, secretary_b: User, pair: tuple[Member, Member]
) -> None:
    plan = _plan(secretary_a, enterprise.branch_a.pk, pair, timezone.localdate())
    with pytest.raises(InvalidInput):
        _plan(secretary_b, enterprise.branch_a.pk, pair, timezone.localdate())
    with pytest.raises(Http404):
        talk_plan_hold(actor=secretary_b, plan_id=plan.pk, held_on=timezone.localdate(),
                       summary="", today=timezone.localdate())  # fmt: skip


def test_the_plans_page_schedules_and_records_as_held(
    login: Login, enterprise: SimpleNamespace, secretary_a: User, pair: tuple[Member, Member]
) -> None:
    client = login(secretary_a)
    url = reverse("meetings:talk_plans")
    today = timezone.localdate()
    made = client.post(url, {"kind": "members", "talker": pair[0].pk, "listener": pair[1].pk,
                             "planned_on": today.isoformat(), "topic": ""})  # fmt: skip
    assert made.status_code == 302
    plan = TalkPlan.objects.get()
    bad = client.post(reverse("meetings:talk_plan_held", args=[plan.pk]),
                      {"held_on": (today + timedelta(days=5)).isoformat(), "summary": ""})  # fmt: skip
    assert bad.status_code == 400 and "谈话日期不能晚于今天" in bad.content.decode()
    done = client.post(reverse("meetings:talk_plan_held", args=[plan.pk]),
                       {"held_on": today.isoformat(), "summary": "谈了学习"})  # fmt: skip
    assert done.status_code == 302 and Talk.objects.get().summary == "谈了学习"
    assert "没有待进行的谈心谈话" in client.get(url).content.decode()
