"""The group robots an administrator keeps: add (with the organisation whose group it is),
list, remove. The webhook address and the signing secret are stored encrypted."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from dangjian.accounts.access import may_set_notification_defaults, require
from dangjian.core.actor import Actor
from dangjian.core.audit import audit
from dangjian.notifications.models import ROBOT_CHANNELS, Delivery, DeliveryStatus, Robot
from dangjian.orgs.models import Organization

ADMIN_ONLY = "仅系统管理员可设置群机器人"


class RobotForm(forms.Form):
    channel = forms.ChoiceField(label="渠道", choices=[(c.value, c.label) for c in ROBOT_CHANNELS])
    name = forms.CharField(label="名称", max_length=60)
    organization = forms.CharField(
        label="所属党组织的组织代码（该群接收本组织及下级的消息）", max_length=40
    )

    def clean_organization(self) -> Organization:
        """The organisation by its code (a list of every organisation would not fit a page)."""
        code = self.cleaned_data["organization"].strip()
        org = Organization.objects.filter(code=code).first()
        if org is None:
            raise forms.ValidationError(f"没有组织代码为“{code}”的党组织")
        return org

    url = forms.URLField(label="Webhook 地址", max_length=500, assume_scheme="https")
    secret = forms.CharField(label="加签密钥（钉钉、飞书）", max_length=200, required=False)


def robot_list(user: Actor) -> QuerySet[Robot]:
    require(may_set_notification_defaults(user), ADMIN_ONLY)
    return Robot.objects.select_related("organization").order_by("organization__path", "channel")


def deliveries_in_trouble(user: Actor, *, limit: int = 50) -> QuerySet[Delivery]:
    """Deliveries retrying or given up, newest first, for the administrator's page."""
    require(may_set_notification_defaults(user), ADMIN_ONLY)
    rows = Delivery.objects.exclude(last_error="").exclude(status=DeliveryStatus.SENT)
    return rows.select_related("notice", "user", "robot").order_by("-created_at", "-pk")[:limit]


def robot_add(*, actor: Actor, data: dict[str, Any]) -> Robot:
    require(may_set_notification_defaults(actor), ADMIN_ONLY)
    with transaction.atomic():
        robot = Robot.objects.create(
            channel=data["channel"], name=data["name"], organization=data["organization"],
            url=data["url"], secret=data.get("secret") or None,
        )  # fmt: skip
        audit(actor=actor, action="notifications.robot_add", obj=robot,
              after={"channel": robot.channel, "organization": robot.organization_id})  # fmt: skip
    return robot


def robot_remove(*, actor: Actor, robot_id: int) -> None:
    require(may_set_notification_defaults(actor), ADMIN_ONLY)
    robot = Robot.objects.filter(pk=robot_id).first()
    if robot is None:
        raise Http404("未找到该群机器人")
    with transaction.atomic():
        audit(actor=actor, action="notifications.robot_remove", obj=robot)
        robot.delete()
