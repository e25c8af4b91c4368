"""Attachments: files kept through Django's storage API, each owned by one record.

The owner is named by kind and id (``owners.py`` says, for each kind, who may see and who may
attach), so every workflow's records (a development step, a meeting, a transfer letter) can
hold files without this app knowing them. The stored file's name is generated; the uploaded
name, cleaned, is only offered back on download.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangjian.documents.files import KINDS


class Attachment(models.Model):
    owner_kind = models.CharField("所属记录类型", max_length=40)
    owner_id = models.BigIntegerField("所属记录")
    file = models.FileField("文件", max_length=200)
    name = models.CharField("文件名", max_length=110)
    kind = models.CharField(
        "文件类型", max_length=8, choices=[(k.code, k.label) for k in KINDS.values()]
    )
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        indexes = [models.Index(fields=["owner_kind", "owner_id"])]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="attachment_not_empty"),
            models.CheckConstraint(condition=Q(kind__in=list(KINDS)), name="attachment_kind_known"),
        ]

    def __str__(self) -> str:
        return self.name
