"""Notifications: one message, its deliveries (one per recipient and channel), the group robots,
and the choices of who is told on which channel.

A delivery's ``dedupe_key`` names the reminder and its deadline ("development.overdue:2026-12-01");
the database refuses a second delivery with the same key on the same channel to the same target,
so however often the daily scan runs, a reminder goes out once per channel.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangjian.core.fields import EncryptedTextField
from dangjian.orgs.models import Organization


class Channel(models.TextChoices):
    INBOX = "inbox", "站内消息"
    EMAIL = "email", "电子邮件"
    SMS = "sms", "短信"
    WECOM = "wecom", "企业微信群"
    DINGTALK = "dingtalk", "钉钉群"
    FEISHU = "feishu", "飞书群"


ROBOT_CHANNELS = (Channel.WECOM, Channel.DINGTALK, Channel.FEISHU)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class Notice(models.Model):
    """One message: what, where to look, the rule it serves and its deadline.

    ``kind`` is the reminder's stable name (a due item's key, "notice" for a written notice);
    ``category`` the group a person chooses channels for (the capability's name);
    ``organization`` whose data the message names, when one organisation's (None: the
    recipients' own scope, as for the daily scan's personal reminders)."""

    kind = models.CharField("类型", max_length=80)
    category = models.CharField("分类", max_length=40)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=500, blank=True)
    rules = models.CharField("依据规则", max_length=200, blank=True)
    citation = models.CharField("依据", max_length=500, blank=True)
    due_on = models.DateField("截止日期", null=True, blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "消息"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Robot(models.Model):
    """A group robot (企业微信/钉钉/飞书) of one organisation's group: it receives messages about
    that organisation and the ones below it, never about another branch."""

    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    name = models.CharField("名称", max_length=60)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    url = EncryptedTextField("Webhook 地址")
    secret = EncryptedTextField("加签密钥", null=True, blank=True)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "群机器人"
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=[c.value for c in ROBOT_CHANNELS]),
                name="robot_channel_is_a_group_robot",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.name}"


class Delivery(models.Model):
    """One message to one target (a user, or a group robot) on one channel.

    ``target`` is "user:<id>" or "robot:<id>"; with ``channel`` and ``dedupe_key`` it is unique
    (the key first, so the sender's look-up of what already went out reads the same index).
    Inbox rows are sent when written (``read_at`` marks them read); the others wait in
    ``pending`` until ``next_attempt_at`` (quiet hours, back-off) and record every attempt."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notification_deliveries",
    )
    robot = models.ForeignKey(Robot, on_delete=models.CASCADE, null=True, blank=True)
    target = models.CharField("接收方", max_length=40)
    dedupe_key = models.CharField("去重键", max_length=200)
    status = models.CharField(
        "状态", max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.CharField("最近错误", max_length=500, blank=True)
    next_attempt_at = models.DateTimeField("下次发送时间", null=True, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间")

    class Meta:
        verbose_name = "消息投递"
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key", "channel", "target"], name="delivery_once_per_channel"
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(robot__isnull=False),
                name="delivery_has_a_recipient",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "channel", "read_at"], name="delivery_inbox"),
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.target}: {self.get_status_display()}"


class Preference(models.Model):
    """A user's own choice: reminders of ``category`` on ``channel``, or not."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs"
    )
    category = models.CharField("分类", max_length=40)
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    enabled = models.BooleanField("接收", default=True)

    class Meta:
        verbose_name = "提醒偏好"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "category", "channel"], name="one_preference_per_choice"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.category} {self.channel} {self.enabled}"


class RoleDefault(models.Model):
    """The administrator's default for everyone holding ``role`` ("member" for members),
    used until a user makes their own choice."""

    role = models.CharField("角色", max_length=20)
    category = models.CharField("分类", max_length=40)
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    enabled = models.BooleanField("接收", default=True)

    class Meta:
        verbose_name = "角色默认提醒"
        constraints = [
            models.UniqueConstraint(
                fields=["role", "category", "channel"], name="one_default_per_role_choice"
            )
        ]

    def __str__(self) -> str:
        return f"{self.role} {self.category} {self.channel} {self.enabled}"
