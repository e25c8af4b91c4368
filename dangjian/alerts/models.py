"""智能研判's records: each alert with its history, and each branch's monthly health score."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from dangjian.orgs.models import Organization
from dangjian.rules.alerts import ALERT_KINDS, AlertSeverity
from dangjian.rules.sources import rule_citations

KIND_CHOICES = [(k.code, k.label) for k in ALERT_KINDS.values()]
# Kinds whose rules name no article: what the alert rests on instead.
BASIS_WITHOUT_ARTICLE = {
    "missing_id_number": "档案数据质量检查",
    "letter_no_receipt": "党员组织关系介绍信回执联（中组部统一格式）",
}
SEVERITY_CHOICES = [(s.value, s.label) for s in AlertSeverity]


class Alert(models.Model):
    """One cause found by the daily scan, from the day it was first seen to the day it was
    gone (``resolved_on``). A cause that comes back after being resolved is a new row, so the
    table is the history of alerts, not only today's list.

    ``subject_key`` tells apart several alerts of one kind in one organisation ("member:12",
    "ORG-2", "branch_committee:2026-10"); ``subject_label`` and ``url`` name and link the
    record behind it; ``rule_ids`` the rules (comma-separated IDs: for code, the page shows
    their citations)."""

    kind = models.CharField("类型", max_length=32, choices=KIND_CHOICES)
    severity = models.CharField("严重程度", max_length=8, choices=SEVERITY_CHOICES)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name="党组织"
    )
    subject_key = models.CharField(max_length=64, default="", blank=True)
    subject_label = models.CharField("对象", max_length=120, default="", blank=True)
    url = models.CharField("链接", max_length=300, default="", blank=True)
    rule_ids = models.CharField(max_length=80, default="", blank=True)
    detail = models.CharField("说明", max_length=300, default="", blank=True)
    first_seen = models.DateField("首次发现")
    last_seen = models.DateField("最近发现")
    resolved_on = models.DateField("解除日期", null=True, blank=True)

    class Meta:
        constraints = [
            # Only one open alert per cause: the scan updates it instead of adding another.
            models.UniqueConstraint(
                fields=["kind", "organization", "subject_key"],
                condition=Q(resolved_on__isnull=True),
                name="alert_one_open_per_cause",
            ),
            models.CheckConstraint(
                condition=Q(last_seen__gte=models.F("first_seen")), name="alert_seen_in_order"
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=models.F("last_seen")),
                name="alert_resolved_after_seen",
            ),
        ]
        indexes = [models.Index(fields=["resolved_on", "organization"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.organization.name}{self.subject_label}"

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(r for r in self.rule_ids.split(",") if r)

    @property
    def citation(self) -> str:
        """ "《…》第X条" of the alert's rules ("" for a data-quality check without one)."""
        return "、".join(rule_citations(self.rules))

    @property
    def basis(self) -> str:
        """What the page and the export show as the alert's ground: the citation, or for a
        kind without an article (data quality, the letter's 回执 practice) what it rests on."""
        return self.citation or BASIS_WITHOUT_ARTICLE.get(self.kind, "")

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None


class BranchScore(models.Model):
    """A branch's health score for one month (``month`` its first day), as the month's last
    scan computed it: the trend of the score page."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name="党支部"
    )
    month = models.DateField("月份")
    score = models.PositiveSmallIntegerField("健康分")
    grade = models.CharField("等级", max_length=8)
    open_alerts = models.PositiveIntegerField("未解除预警")
    computed_on = models.DateField("计算日期")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "month"], name="branch_score_month"),
            models.CheckConstraint(condition=Q(score__lte=100), name="branch_score_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.organization.name} {self.month:%Y-%m}：{self.score}分"
