"""组织生活: meetings (三会一课, 主题党日, 组织生活会, 民主评议), who attended, leave and excusals.

A ``Meeting`` belongs to one organisation (a 党支部 or a 党小组) and counts for every kind it is
marked with (``MeetingKindMark``: a 主题党日 that is also the quarter's 党员大会 counts for both,
MEET-8). It is planned, notified, held and recorded, then reviewed by the higher organisation,
which may return it with a reason; every change after planning is a ``MeetingEvent`` with the
actor and the reason. ``Attendance`` is one row per person and meeting (signed in by QR code or
marked by the recorder; a second sign-in changes nothing). ``Excusal`` is a recorded reason a
member is left out of "should attend" (MEET-10), never a silent omission.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.rules.meetings.kinds import MeetingKind

KIND_CHOICES = [(k.value, k.label) for k in MeetingKind]


class MeetingState(models.TextChoices):
    PLANNED = "planned", "已计划"
    NOTIFIED = "notified", "已通知"
    RECORDED = "recorded", "已记录"
    REVIEWED = "reviewed", "已审核"
    RETURNED = "returned", "已退回"
    CANCELLED = "cancelled", "已取消"


class Meeting(models.Model):
    organization = models.ForeignKey(  # indexed by (organization, held_on)
        Organization, verbose_name="召开组织", on_delete=models.PROTECT, related_name="meetings",
        db_index=False,
    )  # fmt: skip
    topic = models.CharField("会议主题", max_length=120)
    held_on = models.DateField("会议日期")
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    place = models.CharField("地点", max_length=120, blank=True)
    online_link = models.CharField("线上会议链接", max_length=300, blank=True)
    host = models.ForeignKey(
        Member, verbose_name="主持人", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    recorder = models.ForeignKey(
        Member, verbose_name="记录人", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    agenda = models.TextField("议程", blank=True)
    state = models.CharField(
        "状态", max_length=16, choices=MeetingState.choices, default=MeetingState.PLANNED
    )
    content = models.TextField("会议内容", blank=True)
    decisions = models.TextField("决议事项", blank=True)
    speakers = models.TextField("发言情况", blank=True)
    return_reason = models.CharField("退回原因", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "会议"
        verbose_name_plural = "会议"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["organization", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"

    @property
    def counts(self) -> bool:
        """Whether the meeting counts for compliance: recorded or reviewed (MEET-8); a planned,
        returned or cancelled one does not."""
        return self.state in (MeetingState.RECORDED, MeetingState.REVIEWED)


class MeetingKindMark(models.Model):
    """One kind a meeting counts as (MEET-8: once for each kind it is marked with)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="kinds")
    kind = models.CharField("会议类型", max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind"], name="meeting_kind_once")
        ]
        indexes = [models.Index(fields=["kind", "meeting"])]

    def __str__(self) -> str:
        return self.kind


class MeetingEvent(models.Model):
    """One change of a meeting after planning: notified, recorded, reviewed, returned, edited."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=24)
    reason = models.CharField("原因", max_length=300, blank=True)
    changes = models.JSONField("变动", default=dict)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.at}"


class Mark(models.TextChoices):
    PRESENT = "present", "出席"
    LATE = "late", "迟到"
    LEAVE = "leave", "请假"
    ABSENT = "absent", "缺席"


class Attendance(models.Model):
    """One person at one meeting; unique, so a second sign-in finds the first row."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="attendance")
    mark = models.CharField("出席情况", max_length=12, choices=Mark.choices)
    signed_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    by_qr = models.BooleanField("扫码签到", default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")
        ]
        indexes = [models.Index(fields=["member", "meeting"])]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.mark}"


class LeaveState(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "未批准"


class LeaveRequest(models.Model):
    """A member's 请假 before the meeting, with the reason, decided by the secretary."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="leave_requests")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField("请假事由", max_length=300)
    state = models.CharField(max_length=12, choices=LeaveState.choices, default=LeaveState.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_leave_request")
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.state}"


class Excusal(models.Model):
    """MEET-10: a member excused from attending (old age, long illness, abroad, floating away)
    from ``starts_on`` to ``ends_on`` (open when empty), with the reason; attendance rates
    leave them out only with this record."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="excusals")
    reason = models.CharField("原因", max_length=200)
    starts_on = models.DateField("起始日期")
    ends_on = models.DateField("结束日期", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="excusal_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.reason}"
