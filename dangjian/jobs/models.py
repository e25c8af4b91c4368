"""Scheduled jobs: the record of every run, and the lock that keeps one scheduler alive.

A run row is written when a job starts and completed when it ends, so a run killed halfway stays
visible as 运行中 with its start time. The scheduler lock is one row per lock name; the database
holds it, so it works across processes and machines that share the database.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class RunOutcome(models.TextChoices):
    RUNNING = "running", "运行中"
    SUCCEEDED = "succeeded", "成功"
    SKIPPED = "skipped", "已跳过"
    FAILED = "failed", "失败"
    INTERRUPTED = "interrupted", "已中断"


class JobRun(models.Model):
    """One run of one job. ``period`` names the work it covers ("2026-11-30" for a daily job),
    so a second run for the same period can see the first and change nothing."""

    job = models.CharField("任务", max_length=80, db_index=True)
    period = models.CharField("周期", max_length=20, blank=True)
    started_at = models.DateTimeField("开始时间", db_index=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    outcome = models.CharField(
        "结果", max_length=12, choices=RunOutcome.choices, default=RunOutcome.RUNNING
    )
    counts = models.JSONField("计数", default=dict, blank=True)
    detail = models.CharField("说明", max_length=500, blank=True)
    triggered_by = models.CharField("触发方式", max_length=60, blank=True)
    # [{"record": "用户 shuji1", "message": "…"}]: what went wrong, naming the record it concerns.
    errors = models.JSONField("错误", default=list, blank=True)
    # Where the run executes, so a later run can tell a run whose process died (SIGKILL, power
    # cut) from one still at work.
    host = models.CharField("主机", max_length=120, blank=True)
    pid = models.PositiveIntegerField("进程号", null=True, blank=True)

    class Meta:
        verbose_name = "任务运行记录"
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["job", "period"]),
            models.Index(fields=["outcome", "-started_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="running") | Q(finished_at__isnull=False),
                name="jobrun_finished_when_done",
            ),
            # One run of a job at a time, whatever started it (beat, catch-up, a manual run,
            # two workers): the second insert fails and that run stands aside.
            models.UniqueConstraint(
                fields=["job"], condition=Q(outcome="running"), name="jobrun_one_running_per_job"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.period} {self.get_outcome_display()}"


class SchedulerLock(models.Model):
    """Who holds a lock (``token`` empty: nobody) and when they last said they are alive."""

    name = models.CharField(primary_key=True, max_length=40)
    token = models.CharField(max_length=64, blank=True)
    holder = models.CharField("持有者", max_length=200, blank=True)
    acquired_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "调度锁"

    def __str__(self) -> str:
        return f"{self.name}: {self.holder or '空闲'}"
