"""Lost contact (MEM-4), the decisions on a member's standing (停止党籍, 恢复党籍, and the exits
of MEM-8: death, 退党, 除名, 开除), and 限期改正 (MEM-8).

A ``LostContact`` is opened the day a branch records that contact was lost, collects the
``SearchAttempt``s made, and ends when the member is found. A ``StandingDecision`` is one
decision as taken by a Party organisation: its kind, date, deciding organisation, document
number and reason; the archive's status changes through ``members.services.member_change`` in
the same transaction (one dated event), so a member who left is out of today's counts and
still in every past one. Nothing here is deleted; a member is never deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangjian.members.models import Member
from dangjian.orgs.models import Organization


class LostContact(models.Model):
    """MEM-4: one period of lost contact of one member, from ``lost_since`` until ``found_on``."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="lost_contacts")
    organization = models.ForeignKey(
        Organization, verbose_name="所在党组织", on_delete=models.PROTECT, related_name="+"
    )
    lost_since = models.DateField("失去联系日期")
    circumstances = models.CharField("失联情况", max_length=300, blank=True)
    found_on = models.DateField("恢复联系日期", null=True, blank=True)
    found_note = models.CharField("恢复联系情况", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "失联党员"
        verbose_name_plural = "失联党员"
        indexes = [models.Index(fields=["found_on", "lost_since"])]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(found_on__isnull=True), name="one_open_lost_contact"
            ),
            models.CheckConstraint(
                condition=Q(found_on__isnull=True) | Q(found_on__gte=models.F("lost_since")),
                name="lost_contact_found_after_lost",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} 失联 {self.lost_since}"


class SearchAttempt(models.Model):
    """One search for a lost member: the day, the way (电话, 走访, 函询...), the result."""

    lost_contact = models.ForeignKey(LostContact, on_delete=models.PROTECT, related_name="attempts")
    searched_on = models.DateField("查找日期")
    way = models.CharField("查找方式", max_length=40)
    result = models.CharField("查找结果", max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["searched_on", "id"]

    def __str__(self) -> str:
        return f"{self.searched_on} {self.way}"


class DecisionKind(models.TextChoices):
    """Decisions on a member's standing; the last four are exits from the Party (MEM-8)."""

    SUSPENSION = "suspension", "停止党籍"
    RESTORATION = "restoration", "恢复党籍"
    DEATH = "death", "去世"
    WITHDRAWAL = "withdrawal", "退党"
    REMOVAL = "removal", "除名"
    EXPULSION = "expulsion", "开除党籍"


EXIT_KINDS = (
    DecisionKind.DEATH,
    DecisionKind.WITHDRAWAL,
    DecisionKind.REMOVAL,
    DecisionKind.EXPULSION,
)


class RemovalGround(models.TextChoices):
    """The grounds of a 除名 (党章第九条; 《党员教育管理工作条例》第二十四条、第三十一条)."""

    LEFT_BY_ABSENCE = "left_by_absence", "失去联系，停止党籍满二年仍无法取得联系（自行脱党）"
    INACTIVE = (
        "inactive",
        "无正当理由连续六个月不参加组织生活、不交纳党费或不做党分配的工作（自行脱党）",
    )
    NOT_CORRECTED = "not_corrected", "限期改正期满仍无转变"
    UNQUALIFIED = "unqualified", "缺乏革命意志，不履行党员义务，不符合党员条件，经教育仍无转变"


class StandingDecision(models.Model):
    """One decision on one member's standing, as the deciding organisation took it."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="standing_decisions")
    kind = models.CharField("决定类型", max_length=16, choices=DecisionKind.choices)
    ground = models.CharField("除名事由", max_length=20, choices=RemovalGround.choices, blank=True)
    decided_on = models.DateField("决定日期")
    # 恢复党籍 and 除名 pass the 支部党员大会 first, then the higher 党委 decides.
    branch_meeting_on = models.DateField("支部党员大会讨论日期", null=True, blank=True)
    deciding_org = models.CharField("作出决定的党组织", max_length=120)
    document_number = models.CharField("决定文号", max_length=80, blank=True)
    reason = models.CharField("事由", max_length=500)
    status_before = models.CharField("原党籍状态", max_length=20)
    lost_contact = models.ForeignKey(
        LostContact, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    sanction = models.ForeignKey(
        "discipline.SanctionRecord", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    correction = models.ForeignKey(
        "dynamics.CorrectionTerm", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "党籍处理决定"
        verbose_name_plural = "党籍处理决定"
        ordering = ["decided_on", "id"]
        indexes = [
            models.Index(fields=["kind", "decided_on"]),
            models.Index(fields=["member", "decided_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="removal", ground__gt="") | (~Q(kind="removal") & Q(ground="")),
                name="removal_names_its_ground",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decided_on}"

    @property
    def is_exit(self) -> bool:
        return self.kind in EXIT_KINDS


class CorrectionOutcome(models.TextChoices):
    OPEN = "", "限期改正中"
    CORRECTED = "corrected", "已改正"
    NOT_CORRECTED = "not_corrected", "期满仍无转变"


class CorrectionTerm(models.Model):
    """MEM-8: a 限期改正 of at most one year, with its end date and how it came out."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="correction_terms")
    starts_on = models.DateField("起始日期")
    ends_on = models.DateField("期满日期")
    deciding_org = models.CharField("作出决定的党组织", max_length=120)
    reason = models.CharField("事由", max_length=500)
    outcome = models.CharField(
        "结果", max_length=16, choices=CorrectionOutcome.choices, blank=True, default=""
    )
    outcome_on = models.DateField("结果认定日期", null=True, blank=True)
    outcome_note = models.CharField("结果说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "限期改正"
        verbose_name_plural = "限期改正"
        ordering = ["starts_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(outcome=""), name="one_open_correction_term"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="correction_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(outcome="", outcome_on__isnull=True)
                | (~Q(outcome="") & Q(outcome_on__isnull=False)),
                name="correction_outcome_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} 限期改正 {self.starts_on}~{self.ends_on}"
