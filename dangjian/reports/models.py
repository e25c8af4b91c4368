"""Frozen figures (snapshots) and saved report definitions."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from dangjian.orgs.models import Organization
from dangjian.rules.organization import OrgKind

# The report builder's choices: what a column counts by, and the levels a row can be.
ATTRIBUTES: dict[str, str] = {
    "stage": "党员类别",
    "gender": "性别",
    "age_band": "年龄段",
    "education": "学历",
    "occupation": "职业",
    "joining_period": "入党时间段",
    "status": "党籍状态",
}
ROW_KINDS: dict[str, str] = {
    OrgKind.COMMITTEE.value: "基层党委",
    OrgKind.GENERAL_BRANCH.value: "党总支",
    "branch": "党支部（含联合、临时党支部）",
}


class ReportSnapshot(models.Model):
    """The annual tables of one subtree as of one day, frozen (the figures and the ids behind
    each cell, as ``snapshots.report_to_json`` writes them). Served instead of a recomputation;
    a recomputation from history gives the same figures (tests prove it)."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    on = models.DateField("统计日期")
    figures = models.JSONField("数据")
    frozen_at = models.DateTimeField("冻结时间", auto_now_add=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "统计快照"
        verbose_name_plural = "统计快照"
        constraints = [
            models.UniqueConstraint(fields=["organization", "on"], name="one_snapshot_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.on}"


class SavedReport(models.Model):
    """A report builder definition a user keeps: rows (organisations of a kind under a root),
    columns (an attribute), and a date (None: the day it is opened)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_reports"
    )
    name = models.CharField("报表名称", max_length=60)
    root = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    row_kind = models.CharField("行：党组织层级", max_length=20)
    attribute = models.CharField("列：统计项", max_length=20)
    on = models.DateField("统计日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "自定义报表"
        verbose_name_plural = "自定义报表"
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="one_report_name_per_owner")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def row_label(self) -> str:
        return ROW_KINDS.get(self.row_kind, self.row_kind)

    @property
    def attribute_label(self) -> str:
        return ATTRIBUTES.get(self.attribute, self.attribute)
