"""谈心谈话 scheduled ahead (MEET-7): a talk planned for a day between two members of a branch,
on both people's to-dos and in the daily reminder scan until it is recorded as held (through
``talks.talk_record``, the same checks as any talk) or cancelled.

Refusals are ``InvalidInput`` naming the field, ``Conflict`` for a plan already held or
cancelled, ``Http404`` for a plan outside the asker's branches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse

from dangjian.accounts.access import (
    may_manage_some_organization,
    may_record_meeting,
    require,
    scope_for,
)
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.due import DueItem, Severity
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.meetings.models import Talk, TalkKind, TalkPlan
from dangjian.meetings.talks import _parties_fit, talk_record
from dangjian.orgs.models import Organization

PLAN_AHEAD_DAYS = 366  # a plan further ahead than a year is a typing mistake, not a plan


@dataclass(frozen=True)
class PlanInput:
    """A talk to schedule, as the form or the API sends it."""

    organization_id: int
    kind: str
    talker_id: int
    listener_id: int
    planned_on: date
    topic: str = ""


def _branch(actor: Actor, organization_id: int) -> Organization:
    org = Organization.objects.filter(pk=organization_id).first()
    if org is None or (actor is not None and not scope_for(actor).covers_org(org)):
        raise InvalidInput.one("organization_id", "未找到该党支部，或无权安排")
    if actor is not None:
        require(may_record_meeting(actor, org), "无权安排该党支部的谈心谈话")
    return org


def _checked(data: PlanInput, org: Organization, today: date) -> str:
    """The topic, once the kind, the day and the two people are checked (the register and
    committee of ``today``, the day it is planned: MEET-7)."""
    if data.kind not in TalkKind.values:
        raise InvalidInput.one("kind", "请选择谈话类型")
    if data.talker_id == data.listener_id:
        raise InvalidInput.one("listener_id", "谈心谈话须在两人之间进行")
    if data.planned_on < today:
        raise InvalidInput.one("planned_on", "计划谈话日期不能早于今天；已进行的谈话请直接记录")
    if data.planned_on > today + timedelta(days=PLAN_AHEAD_DAYS):
        raise InvalidInput.one("planned_on", "计划谈话日期不能晚于一年以后")
    topic = " ".join(data.topic.split())
    if len(topic) > 120:
        raise InvalidInput.one("topic", f"谈话主题最多120个字，实为{len(topic)}个字")
    _parties_fit(org, data.kind, today, data.talker_id, data.listener_id)
    return topic


@transaction.atomic
def talk_plan_create(*, actor: Actor, data: PlanInput, today: date) -> TalkPlan:
    """Schedule a talk between two members of the branch on ``data.planned_on``."""
    org = _branch(actor, data.organization_id)
    topic = _checked(data, org, today)
    plan = TalkPlan.objects.create(
        organization=org, kind=data.kind, talker_id=data.talker_id, listener_id=data.listener_id,
        planned_on=data.planned_on, topic=topic, planned_by=acting_user(actor),
    )  # fmt: skip
    audit(actor=actor, action="meeting.talk_plan", obj=plan,
          detail=f"安排谈心谈话：{plan.planned_on} {plan.get_kind_display()}")  # fmt: skip
    return plan


def _open_plan(actor: Actor, plan_id: int) -> TalkPlan:
    """The plan, locked, of a branch the actor may record talks of; Conflict once closed."""
    plan = (
        TalkPlan.objects.select_for_update(of=("self",))
        .filter(scope_for(actor).org_q("organization__"), pk=plan_id)
        .select_related("organization")
        .first()
    )
    if plan is None:
        raise Http404("未找到该谈心谈话安排")
    require(may_record_meeting(actor, plan.organization), "无权记录该党支部的谈心谈话")
    if plan.talk_id is not None or plan.cancelled_on is not None:
        raise Conflict("该谈心谈话安排已记录为已谈或已取消")
    return plan


@transaction.atomic
def talk_plan_hold(*, actor: Actor, plan_id: int, held_on: date, summary: str, today: date) -> Talk:
    """Record the planned talk as held on ``held_on`` (every check of a talk's record), which
    takes it off the to-dos."""
    plan = _open_plan(actor, plan_id)
    talk = talk_record(
        actor=actor, organization_id=plan.organization_id, kind=plan.kind,
        talker_id=plan.talker_id, listener_id=plan.listener_id, held_on=held_on,
        summary=summary, today=today,
    )  # fmt: skip
    plan.talk = talk
    plan.save(update_fields=["talk"])
    return talk


@transaction.atomic
def talk_plan_cancel(*, actor: Actor, plan_id: int, today: date) -> TalkPlan:
    """Cancel a planned talk (it leaves the to-dos; the plan stays on record)."""
    plan = _open_plan(actor, plan_id)
    plan.cancelled_on = today
    plan.save(update_fields=["cancelled_on"])
    audit(actor=actor, action="meeting.talk_plan_cancel", obj=plan,
          detail=f"取消谈心谈话安排：{plan.planned_on}")  # fmt: skip
    return plan


def _open() -> QuerySet[TalkPlan]:
    return TalkPlan.objects.filter(talk__isnull=True, cancelled_on__isnull=True)


def open_plans(user: Actor) -> QuerySet[TalkPlan]:
    """Open plans of the branches ``user`` looks after, the soonest first."""
    return (
        _open()
        .filter(scope_for(user).org_q("organization__"))
        .select_related("organization", "talker", "listener")
        .order_by("planned_on", "pk")
    )


def own_plans(user: Actor) -> QuerySet[TalkPlan]:
    """Open plans in which the asker (as a member) talks or is talked with, the soonest first."""
    member_id = scope_for(user).own_member_id
    return (
        _open()
        .filter(Q(talker_id=member_id) | Q(listener_id=member_id))
        .select_related("talker", "listener")
        .order_by("planned_on", "pk")
        if member_id is not None
        else TalkPlan.objects.none()
    )


def talk_plan_due_items(user: Actor, today: date) -> list[DueItem]:
    """A member's scheduled talks (their own to-do, the earliest day), and for a manager the
    plans whose day has passed without the talk recorded as held."""
    items = []
    mine = list(own_plans(user).values_list("planned_on", flat=True))
    if mine:
        severity: Severity = "alert" if mine[0] < today else "info"
        items.append(DueItem(f"已安排的谈心谈话：{len(mine)}次", len(mine), reverse("portal:home"),
                             ("MEET-7",), severity, due_on=mine[0], audience="own",
                             key="talks.scheduled"))  # fmt: skip
    if may_manage_some_organization(user):
        late = open_plans(user).filter(planned_on__lt=today)
        count = late.count()
        if count:
            items.append(DueItem("已过计划日期、未记录的谈心谈话", count, reverse("meetings:talks"),
                                 ("MEET-7",), "alert", key="talks.overdue"))  # fmt: skip
    return items


__all__ = [
    "PlanInput",
    "open_plans",
    "own_plans",
    "talk_plan_cancel",
    "talk_plan_create",
    "talk_plan_due_items",
    "talk_plan_hold",
]
