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


class MeetingVote(models.Model):
    """One vote taken at a meeting (MEET-1 at a 支部党员大会, MEET-2 at a 支部委员会会议): the
    counts as computed from the register of the day and the verdicts with their arithmetic."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="votes")
    subject = models.CharField("表决事项", max_length=200)
    entitled = models.PositiveIntegerField("应到有表决权人数")
    present = models.PositiveIntegerField("实到人数")
    yes = models.PositiveIntegerField("赞成")
    no = models.PositiveIntegerField("反对", default=0)
    abstain = models.PositiveIntegerField("弃权", default=0)
    passed = models.BooleanField("是否通过")
    verdicts = models.JSONField("检查结果", default=list)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(present__lte=models.F("entitled")),
                                   name="vote_present_within_entitled"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.subject


class TalkKind(models.TextChoices):
    """MEET-7: who talked with whom."""

    COMMITTEE = "committee", "支委委员之间"
    COMMITTEE_MEMBER = "committee_member", "支委委员与党员之间"
    MEMBERS = "members", "党员之间"


class Talk(models.Model):
    """One 谈心谈话 (MEET-7): the two people, the day, the kind, a short summary."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="talks")
    kind = models.CharField("谈话类型", max_length=20, choices=TalkKind.choices)
    talker = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    listener = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("谈话日期")
    summary = models.CharField("谈话要点", max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "held_on"])]
        constraints = [
            models.CheckConstraint(condition=~Q(talker=models.F("listener")),
                                   name="talk_between_two_people"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.held_on} {self.talker_id}-{self.listener_id}"


class TalkPlan(models.Model):
    """A 谈心谈话 scheduled ahead (MEET-7): the two people and the day it is planned for. It is
    on both people's to-dos and in the daily reminder scan until it is recorded as held
    (``talk`` set, the record of the day it took place) or cancelled."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("谈话类型", max_length=20, choices=TalkKind.choices)
    talker = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    listener = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    planned_on = models.DateField("计划谈话日期")
    topic = models.CharField("谈话主题", max_length=120, blank=True)
    talk = models.OneToOneField(
        Talk, on_delete=models.PROTECT, null=True, blank=True, related_name="plan"
    )
    cancelled_on = models.DateField("取消日期", null=True, blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "谈心谈话安排"
        indexes = [models.Index(fields=["organization", "planned_on"])]
        constraints = [
            models.CheckConstraint(condition=~Q(talker=models.F("listener")),
                                   name="talk_plan_between_two_people"),
            models.CheckConstraint(condition=Q(talk__isnull=True) | Q(cancelled_on__isnull=True),
                                   name="talk_plan_held_or_cancelled"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.planned_on} {self.talker_id}-{self.listener_id}"


class Rating(models.TextChoices):
    """MEET-6 [setting]: the grades of 民主评议党员 (common practice; the article names none)."""

    EXCELLENT = "excellent", "优秀"
    QUALIFIED = "qualified", "合格"
    BASICALLY_QUALIFIED = "basically_qualified", "基本合格"
    UNQUALIFIED = "unqualified", "不合格"


class DemocraticReview(models.Model):
    """One member's 民主评议 of one year (MEET-6): self-assessment, peer assessment and 民主测评
    results entered in that order, then the rating the committee (or the 党员大会) proposed."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="reviews")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews"
    )
    self_assessment = models.TextField("个人自评", blank=True)
    peer_assessment = models.TextField("党员互评", blank=True)
    poll_excellent = models.PositiveIntegerField("民主测评：优秀", default=0)
    poll_qualified = models.PositiveIntegerField("民主测评：合格", default=0)
    poll_basically = models.PositiveIntegerField("民主测评：基本合格", default=0)
    poll_unqualified = models.PositiveIntegerField("民主测评：不合格", default=0)
    rating = models.CharField("评定等次", max_length=24, choices=Rating.choices, blank=True)
    rated_on = models.DateField("评定日期", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="one_review_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.member_id} {self.rating}"


class RectificationState(models.TextChoices):
    OPEN = "open", "整改中"
    DONE = "done", "已完成"


class Rectification(models.Model):
    """An issue found at a 组织生活会 (MEET-6) and its 整改: owner, due date, state."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rectifications")
    issue = models.CharField("查摆问题", max_length=300)
    measure = models.CharField("整改措施", max_length=500)
    owner = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("整改时限")
    state = models.CharField(
        max_length=8, choices=RectificationState.choices, default=RectificationState.OPEN
    )
    done_on = models.DateField("完成日期", null=True, blank=True)
    result = models.CharField("整改结果", max_length=500, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self) -> str:
        return self.issue
