"""The incoming 介绍信 (MEM-7): a member arriving from outside the platform.

The receiving branch registers the member from the letter; the letter's particulars are kept
here beside the archive entry, with the 回执 the branch sends back to the issuing organisation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangjian.members.models import Member
from dangjian.orgs.models import Organization


class IncomingLetter(models.Model):
    """One 介绍信 received from another system or region, and its 回执."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="incoming_letters")
    organization = models.ForeignKey(
        Organization, verbose_name="接收党支部", on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField("介绍信编号", max_length=40)
    issuing_org = models.CharField("开具介绍信的党组织", max_length=120)
    from_unit = models.CharField("原工作单位", max_length=120, blank=True)
    issued_on = models.DateField("开具日期")
    valid_until = models.DateField("有效期至")
    received_on = models.DateField("转入日期")
    dues_paid_to = models.DateField("党费交至（月）", null=True, blank=True)
    # DEV-26: a probationary member's 预备党员教育考察材料 came with the letter and were checked.
    records_received = models.BooleanField("已收到并核实入党材料", default=False)
    receipt_sent_on = models.DateField("回执寄出日期", null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "转入介绍信"
        verbose_name_plural = "转入介绍信"
        constraints = [
            # One letter is registered once, whichever branch tries again.
            models.UniqueConstraint(fields=["issuing_org", "number"], name="incoming_letter_once"),
            models.CheckConstraint(condition=Q(valid_until__gte=models.F("issued_on")),
                                   name="incoming_letter_valid_after_issue"),
            models.CheckConstraint(condition=Q(received_on__gte=models.F("issued_on")),
                                   name="incoming_letter_received_after_issue"),
        ]  # fmt: skip
        indexes = [models.Index(fields=["organization", "received_on"])]

    def __str__(self) -> str:
        return f"{self.issuing_org}{self.number}"
