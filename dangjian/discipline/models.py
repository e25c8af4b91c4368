"""Party sanctions (党纪处分) recorded per member (DISC-1).

A sanction is a fact with its own decision date, kept beside the member's archive: it never
changes the member's stage or status itself (an expulsion also ends the membership, which is a
status change of the archive). The impact periods are computed by ``dangjian.rules.discipline``
from these rows, never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangjian.members.models import Member
from dangjian.rules.discipline import PROBATION_IN_PARTY_MAX_MONTHS, SanctionKind


class Kind(models.TextChoices):
    """The five sanctions; codes are those of ``rules.discipline.SanctionKind``."""

    WARNING = SanctionKind.WARNING.value, SanctionKind.WARNING.label
    SERIOUS_WARNING = SanctionKind.SERIOUS_WARNING.value, SanctionKind.SERIOUS_WARNING.label
    REMOVAL_FROM_POST = SanctionKind.REMOVAL_FROM_POST.value, SanctionKind.REMOVAL_FROM_POST.label
    PROBATION_IN_PARTY = (
        SanctionKind.PROBATION_IN_PARTY.value,
        SanctionKind.PROBATION_IN_PARTY.label,
    )
    EXPULSION = SanctionKind.EXPULSION.value, SanctionKind.EXPULSION.label


class SanctionRecord(models.Model):
    """One sanction of one member, as decided; corrected only through the service (audited)."""

    member = models.ForeignKey(  # indexed by (member, decided_on)
        Member, on_delete=models.PROTECT, related_name="sanctions", db_index=False
    )
    kind = models.CharField("处分种类", max_length=24, choices=Kind.choices)
    decided_on = models.DateField("处分决定日期")
    deciding_org = models.CharField("作出处分决定的组织", max_length=120)
    term_months = models.PositiveSmallIntegerField("留党察看期限（月）", null=True, blank=True)
    restored_on = models.DateField("恢复党员权利日期", null=True, blank=True)
    reason = models.CharField("处分事由", max_length=500)
    document_number = models.CharField("处分决定文号", max_length=80, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "党纪处分"
        verbose_name_plural = "党纪处分"
        ordering = ["decided_on", "id"]
        indexes = [models.Index(fields=["member", "decided_on"])]
        constraints = [
            # 第十二条: a 留党察看 lasts one or two years; no other sanction has a term.
            models.CheckConstraint(
                condition=(
                    Q(
                        kind=Kind.PROBATION_IN_PARTY,
                        term_months__in=[12, PROBATION_IN_PARTY_MAX_MONTHS],
                    )
                    | (~Q(kind=Kind.PROBATION_IN_PARTY) & Q(term_months__isnull=True))
                ),
                name="sanction_term_only_for_probation",
            ),
            models.CheckConstraint(
                condition=Q(restored_on__isnull=True)
                | Q(kind=Kind.PROBATION_IN_PARTY, restored_on__gt=models.F("decided_on")),
                name="sanction_restored_after_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decided_on}"
