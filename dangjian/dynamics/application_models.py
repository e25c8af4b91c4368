"""A member's own application for a transfer (the phone page): it waits for the sending
branch, whose secretary starts the transfer from it or refuses it with a reason (MEM-2: the
sending branch starts a transfer; a member cannot start their own)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangjian.members.models import Member
from dangjian.orgs.models import Organization


class ApplicationState(models.TextChoices):
    PENDING = "pending", "待党支部办理"
    STARTED = "started", "已发起转接"
    REFUSED = "refused", "党支部未同意"


class TransferApplication(models.Model):
    """One member's request to move to another branch of this deployment."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="transfer_applications"
    )
    from_org = models.ForeignKey(
        Organization, verbose_name="所在党支部", on_delete=models.PROTECT, related_name="+"
    )
    to_org = models.ForeignKey(
        Organization, verbose_name="申请转入党支部", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField("申请原因", max_length=300)
    applied_on = models.DateField("申请日期")
    state = models.CharField(
        max_length=10, choices=ApplicationState.choices, default=ApplicationState.PENDING
    )
    transfer = models.ForeignKey(
        "dynamics.Transfer", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    refused_reason = models.CharField("未同意原因", max_length=300, blank=True)
    decided_on = models.DateField("办理日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "组织关系转接申请"
        verbose_name_plural = "组织关系转接申请"
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(state="pending"), name="one_pending_application"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} 申请转往 {self.to_org_id}"
