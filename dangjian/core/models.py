"""The audit log: every write, every reveal of personal data and every security event.

Rows are only ever appended. Each row carries its place in one chain (``seq``) and an HMAC-SM3
over its content and the previous row's hash, so an edit or a deletion made in the database is
found by ``dangjian audit_verify``. The database refuses UPDATE and DELETE on the table (triggers
created in a migration); the only deletion it lets through is the archiving of rows past
retention (``dangjian audit_archive``). ``AuditChainHead`` is the single row every writer locks
to append, so two requests writing at once cannot fork the chain.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models

APPEND_ONLY = "审计日志只能追加，不能修改或删除"


class Outcome(models.TextChoices):
    SUCCESS = "success", "成功"
    FAILURE = "failure", "失败"
    DENIED = "denied", "拒绝"


class Category(models.TextChoices):
    DATA = "data", "业务操作"
    SECURITY = "security", "安全事件"


class AuditLogQuerySet(models.QuerySet["AuditLog"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError(APPEND_ONLY)

    def delete(self) -> NoReturn:
        raise PermissionError(APPEND_ONLY)


class AuditLog(models.Model):
    seq = models.BigIntegerField("序号", unique=True)
    # The user may be deleted later; the row keeps the id and the name as they were.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    at = models.DateTimeField("时间", db_index=True)
    category = models.CharField(
        "类别", max_length=10, choices=Category.choices, default=Category.DATA
    )
    action = models.CharField("操作", max_length=40, db_index=True)
    outcome = models.CharField(
        "结果", max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS
    )
    object_type = models.CharField("对象类型", max_length=40)
    object_id = models.CharField("对象编号", max_length=40)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    detail = models.CharField("说明", max_length=300, blank=True)
    source_ip = models.CharField("来源地址", max_length=45, blank=True)
    request = models.CharField("请求", max_length=300, blank=True)
    prev_hash = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError(APPEND_ONLY)


class AuditChainHead(models.Model):
    """The one row (pk 1) that orders the chain: the last row appended and the archive base.

    ``base_seq``/``base_hash`` are the last row moved to an archive file (0 and the genesis hash
    while nothing has been archived): verification of the table starts there.
    """

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
    base_seq = models.BigIntegerField(default=0)
    base_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="audit_chain_single_head"),
            models.CheckConstraint(
                condition=models.Q(base_seq__lte=models.F("last_seq")),
                name="audit_chain_base_not_past_head",
            ),
        ]

    def __str__(self) -> str:
        return f"审计日志（第{self.base_seq + 1}至{self.last_seq}条）"
