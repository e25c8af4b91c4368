"""党员动态管理: every change of a member's relation to the Party as a dated, approved process.

组织关系转接 (MEM-2, MEM-7): a member's relation moving between organisations.

A ``Transfer`` inside the platform is started by the sending branch, approved at the levels
the deployment requires (``settings.TRANSFER_APPROVAL_LEVELS``, in order), then accepted by the
receiving branch, which places the member; only then does the member's archive move (one dated
event). Until then the sending organisation stays responsible (MEM-2): the member counts there,
shown as 转出中, never twice. A ``TransferLetter`` is the 介绍信 for a move out of the platform:
numbered per organisation and year, valid for the setting's days (at most 3 months), with its
回执 recorded when it comes back (MEM-7).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangjian.members.models import Member
from dangjian.orgs.models import Organization


class TransferState(models.TextChoices):
    APPROVING = "approving", "审批中"
    AWAITING = "awaiting", "待接收"
    ACCEPTED = "accepted", "已接收"
    REFUSED = "refused", "已退回"
    CANCELLED = "cancelled", "已撤销"


OPEN_STATES = (TransferState.APPROVING, TransferState.AWAITING)


class Transfer(models.Model):
    """One move of one member between two organisations of this deployment."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="transfers")
    from_org = models.ForeignKey(
        Organization, verbose_name="转出组织", on_delete=models.PROTECT, related_name="+"
    )
    to_org = models.ForeignKey(
        Organization, verbose_name="转入组织", on_delete=models.PROTECT, related_name="+"
    )
    party_group = models.ForeignKey(
        Organization, verbose_name="编入党小组", on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    effective_on = models.DateField("转接日期")
    reason = models.CharField("转接原因", max_length=300)
    dues_paid_to = models.DateField("党费交至（月）", null=True, blank=True)
    state = models.CharField(max_length=12, choices=TransferState.choices)
    levels = models.JSONField("需审批层级", default=list)  # in order, e.g. ["sending", "receiving"]
    approvals = models.JSONField("审批记录", default=list)  # [{level, user_id, on, note}]
    refused_reason = models.CharField("退回原因", max_length=300, blank=True)
    batch = models.CharField("批量转接编号", max_length=40, blank=True)
    accepted_on = models.DateField("接收日期", null=True, blank=True)
    historic = models.BooleanField("历史补录", default=False)  # recorded after the fact
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "组织关系转接"
        verbose_name_plural = "组织关系转接"
        indexes = [
            models.Index(fields=["state", "to_org"]),
            models.Index(fields=["state", "from_org"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(state__in=["approving", "awaiting"]),
                name="one_open_transfer_per_member",
            ),
            models.CheckConstraint(condition=~Q(from_org=models.F("to_org")), name="transfer_moves"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.member_id}: {self.from_org_id} -> {self.to_org_id}"

    @property
    def next_level(self) -> str | None:
        """The approval level still awaited, or ``None`` when all have approved."""
        done = len(self.approvals)
        return self.levels[done] if done < len(self.levels) else None


class LetterState(models.TextChoices):
    ISSUED = "issued", "已开具"
    RECEIPTED = "receipted", "已回执"
    CANCELLED = "cancelled", "已作废"


class TransferLetter(models.Model):
    """A 介绍信 out of the platform (MEM-7): 存根, letter and 回执 print from this one row."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="letters")
    organization = models.ForeignKey(
        Organization, verbose_name="开具组织", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    sequence = models.PositiveIntegerField("序号")
    destination = models.CharField("去往单位（党组织）", max_length=120)
    issued_on = models.DateField("开具日期")
    valid_until = models.DateField("有效期至")
    dues_paid_to = models.DateField("党费交至（月）", null=True, blank=True)
    reason = models.CharField("转接原因", max_length=300)
    state = models.CharField(max_length=12, choices=LetterState.choices, default=LetterState.ISSUED)
    receipt_on = models.DateField("回执日期", null=True, blank=True)
    receipt_org = models.CharField("回执单位", max_length=120, blank=True)
    cancel_reason = models.CharField("作废原因", max_length=300, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "介绍信"
        verbose_name_plural = "介绍信"
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "sequence"], name="letter_number_once"),
            models.CheckConstraint(condition=Q(valid_until__gte=models.F("issued_on")),
                                   name="letter_valid_after_issue"),
        ]  # fmt: skip
        indexes = [models.Index(fields=["state", "valid_until"])]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        from dangjian.rules.membership import letter_number

        return letter_number(self.year, self.sequence)

    @property
    def valid_days(self) -> int:
        """The validity the letter was issued with, in days (the issue day is day 1, MEM-7)."""
        from dangjian.rules.membership import letter_validity_days

        return letter_validity_days(self.issued_on, self.valid_until)


class FloatingDirection(models.TextChoices):
    OUT = "out", "流出"
    IN = "in", "流入"


class FloatingRecord(models.Model):
    """A floating member (MEM-3): 流出 from one of our branches (``member`` set), or 流入 into one
    of our branches from elsewhere (``member`` empty: a person we do not own, named here, who
    takes part in organisational life without voting). Ends with ``returned_on``."""

    direction = models.CharField("方向", max_length=4, choices=FloatingDirection.choices)
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="floating_records"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="所在（流入）党支部", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("姓名", max_length=40)
    place = models.CharField("流动去向（流入来源）", max_length=120)
    since = models.DateField("流动起始日期")
    contact = models.CharField("联系方式", max_length=60, blank=True)
    certificate_number = models.CharField("流动党员活动证编号", max_length=40, blank=True)
    abroad_study = models.BooleanField("出国（境）学习研究", default=False)
    returned_on = models.DateField("返回日期", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "流动党员"
        verbose_name_plural = "流动党员"
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(returned_on__isnull=True, member__isnull=False),
                name="one_open_floating_record",
            ),
            models.CheckConstraint(
                condition=Q(direction="in") | Q(member__isnull=False), name="outflow_names_member"
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.name}"


class ContactRecord(models.Model):
    """One contact with a floating member (MEM-3, MEM-9): the day, the way, a summary."""

    floating = models.ForeignKey(FloatingRecord, on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField("联系日期")
    way = models.CharField("联系方式", max_length=20)
    summary = models.CharField("情况", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["contacted_on", "id"]

    def __str__(self) -> str:
        return f"{self.contacted_on} {self.way}"


# Models kept in their own modules, imported here so Django registers them: lost contact,
# standing decisions and exits, 限期改正; the incoming 介绍信.
from dangjian.dynamics.application_models import TransferApplication  # noqa: E402, F401
from dangjian.dynamics.incoming_models import IncomingLetter  # noqa: E402, F401
from dangjian.dynamics.standing_models import (  # noqa: E402, F401
    CorrectionTerm,
    LostContact,
    SearchAttempt,
    StandingDecision,
)
