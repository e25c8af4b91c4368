"""The knowledge base (documents and their chunks) and the log of every exchange."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangjian.orgs.models import Organization


class Visibility(models.TextChoices):
    ENTERPRISE = "enterprise", "全单位可见"
    SUBTREE = "subtree", "仅本组织及下级可见"


class IndexStatus(models.TextChoices):
    PENDING = "pending", "等待索引"
    INDEXING = "indexing", "正在索引"
    READY = "ready", "已索引"
    FAILED = "failed", "索引失败"


class Document(models.Model):
    title = models.CharField("标题", max_length=200)
    filename = models.CharField("文件名", max_length=200)
    format = models.CharField("格式", max_length=8)
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField("原文件")
    owner = models.ForeignKey(
        Organization, verbose_name="所属组织", on_delete=models.PROTECT, related_name="+"
    )
    visibility = models.CharField(
        "可见范围", max_length=12, choices=Visibility.choices, default=Visibility.ENTERPRISE
    )
    status = models.CharField(
        "索引状态", max_length=10, choices=IndexStatus.choices, default=IndexStatus.PENDING
    )
    error = models.CharField("错误", max_length=300, blank=True)
    text = models.TextField("全文", blank=True)
    chunk_count = models.PositiveIntegerField("分块数", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    indexed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "知识库文档"
        constraints = [
            models.UniqueConstraint(fields=["owner", "sha256"], name="one_copy_per_owner"),
        ]

    def __str__(self) -> str:
        return self.title


class Chunk(models.Model):
    """One article (or a bounded part of a long one) with where it sits in the document."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="chunks")
    ordinal = models.PositiveIntegerField()
    text = models.TextField()
    chapter = models.CharField(max_length=200, blank=True)
    article_no = models.PositiveIntegerField(null=True, blank=True)
    article_label = models.CharField(max_length=40, blank=True)
    part = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(max_length=200, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    tokens = models.JSONField(default=list)  # lexical tokens, so the index rebuilds without jieba
    vector = models.BinaryField(null=True)  # float32 e5 embedding when dense retrieval is on

    class Meta:
        ordering = ["document_id", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["document", "ordinal"], name="chunk_ordinal_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document_id}#{self.ordinal} {self.article_label}"

    @property
    def citation(self) -> str:
        return f"《{self.document.title}》{self.article_label or self.chapter or self.heading}"


class Exchange(models.Model):
    """One question and its answer: who, when, passages used, tools called."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    asked_at = models.DateTimeField(auto_now_add=True, db_index=True)
    question = models.TextField("问题")
    answer = models.TextField("回答", blank=True)
    kind = models.CharField("类型", max_length=12)  # regulation / data / computed / refused / llm
    passages = models.JSONField("引用条文", default=list)
    tools = models.JSONField("调用工具", default=list)
    refused = models.BooleanField("已拒绝", default=False)
    rating = models.SmallIntegerField("评价", null=True, blank=True)
    rating_note = models.CharField("评价说明", max_length=300, blank=True)

    class Meta:
        ordering = ["-asked_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__in=[-1, 1]), name="rating_is_vote"
            )
        ]

    def __str__(self) -> str:
        return self.question[:40]
