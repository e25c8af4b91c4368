"""党员服务: notices written to a subtree (``Bulletin``), who read them (``BulletinRead``), and
a member's request to correct a field of their own archive (``CorrectionRequest``).

A notice belongs to the organisation that wrote it (a branch or a 党委) and reaches every member
of its subtree; a member reads the notices of their own organisation and the ones above it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangjian.core.fields import EncryptedTextField
from dangjian.members.inputs import FIELD_LABELS
from dangjian.members.models import Member
from dangjian.orgs.models import Organization

TITLE_MAX = 200
BODY_MAX = 20000


class Bulletin(models.Model):
    """One 通知公告: shown to the members of ``organization``'s subtree from ``published_on``;
    ``pinned`` (置顶) ones first."""

    organization = models.ForeignKey(
        Organization, verbose_name="发布组织", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("标题", max_length=TITLE_MAX)
    body = models.TextField("正文")
    published_on = models.DateField("发布日期")
    pinned = models.BooleanField("置顶", default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "通知公告"
        ordering = ["-pinned", "-published_on", "-id"]
        indexes = [models.Index(fields=["organization", "published_on"])]

    def __str__(self) -> str:
        return self.title


class BulletinRead(models.Model):
    """A read receipt: ``member`` opened ``bulletin`` first at ``read_at`` (once per pair)."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="reads")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField("阅读时间")

    class Meta:
        verbose_name = "阅读记录"
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "member"], name="bulletin_read_once")
        ]

    def __str__(self) -> str:
        return f"{self.bulletin_id}:{self.member_id}"


class CorrectionState(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已同意"
    REFUSED = "refused", "未同意"


class CorrectionRequest(models.Model):
    """A member asks that one field of their archive be corrected; the branch decides.

    The proposed and the recorded value are kept encrypted (a phone number may be among them).
    At most one open request per member and field."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    field = models.CharField("更正项目", max_length=40)
    recorded_value = EncryptedTextField("档案原值", null=True, blank=True)
    proposed_value = EncryptedTextField("申请更正为")
    reason = models.CharField("申请理由", max_length=500)
    state = models.CharField(
        "状态", max_length=10, choices=CorrectionState.choices, default=CorrectionState.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decision_reason = models.CharField("审核意见", max_length=500, blank=True)

    class Meta:
        verbose_name = "档案更正申请"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "field"],
                condition=Q(state="pending"),
                name="correction_one_open_per_field",
            ),
            models.CheckConstraint(
                condition=Q(state="pending") | Q(decided_at__isnull=False),
                name="correction_decided_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state="refused") | ~Q(decision_reason=""),
                name="correction_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}:{self.field}"

    @property
    def field_label(self) -> str:
        """The field's Chinese name ("出生日期")."""
        return FIELD_LABELS.get(self.field, self.field)
