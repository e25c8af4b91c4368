"""学习教育: study items, what members studied, offline sessions, exemptions, quizzes, points.

Class hours are stored as integers of tenths of an hour (``hours`` 15 = 1.5 学时), as the
rules layer (``dangjian.rules.study``) computes them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.rules.study import QuestionKind


class ItemKind(models.TextChoices):
    DOCUMENT = "document", "知识库文档"
    VIDEO = "video", "视频"
    LINK = "link", "内网链接"


class StudyItem(models.Model):
    """Something to study, assigned by ``organization`` to everyone in its subtree."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    title = models.CharField("学习内容", max_length=120)
    kind = models.CharField("类型", max_length=12, choices=ItemKind.choices)
    document = models.ForeignKey(
        "assistant.Document", verbose_name="知识库文档", on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    url = models.CharField("链接", max_length=300, blank=True)
    # An uploaded video: a name nobody chose, under the storage's study/ folder.
    video = models.CharField("视频文件", max_length=120, blank=True)
    hours = models.PositiveIntegerField("学时（0.1学时）")
    due_on = models.DateField("完成期限")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # 撤回: gone from members' to-dos; the hours already credited for it stay.
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)

    class Meta:
        verbose_name = "学习任务"
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="study_item_hours_positive"),
            models.CheckConstraint(
                condition=Q(kind="document", document__isnull=False)
                | (Q(kind="link") & ~Q(url=""))
                | (Q(kind="video") & (~Q(url="") | ~Q(video=""))),
                name="study_item_has_content",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ItemEventKind(models.TextChoices):
    CHANGED = "changed", "修改"
    WITHDRAWN = "withdrawn", "撤回"


class StudyItemEvent(models.Model):
    """A change to a published item: its due date or hours (``changes``: field -> [before,
    after], dates as ISO text, hours in tenths), or its withdrawal, with who, when and why."""

    item = models.ForeignKey(StudyItem, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=10, choices=ItemEventKind.choices)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    reason = models.CharField("原因", max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "学习任务变更记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_id}:{self.kind}"


class StudyRecord(models.Model):
    """A member marked ``item`` studied: its online hours, credited once."""

    item = models.ForeignKey(StudyItem, on_delete=models.PROTECT, related_name="records")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    hours = models.PositiveIntegerField("学时（0.1学时）")
    studied_at = models.DateTimeField("学习时间")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="study_once_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}:{self.item_id}"


class StudySession(models.Model):
    """An offline 集中学习 session of a branch, recorded by its secretary."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    topic = models.CharField("学习主题", max_length=120)
    held_on = models.DateField("学习日期")
    hours = models.PositiveIntegerField("学时（0.1学时）")
    attendees = models.ManyToManyField(Member, related_name="+", verbose_name="参加人员")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "集中学习"
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="study_session_hours_positive"),
        ]

    def __str__(self) -> str:
        return self.topic


class StudyExemption(models.Model):
    """A member excused from the year's class hours, with the reason (年老体弱, 长期病假...)."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    reason = models.CharField("免于考核原因", max_length=200)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="one_study_exemption_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}:{self.year}"


class Question(models.Model):
    """One question of an organisation's bank. ``options`` are the texts of A, B, C...;
    ``answer`` the sorted letters ("A", "BD"); true/false is A (对) or B (错)."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(
        "题型", max_length=12, choices=[(k.value, k.label) for k in QuestionKind]
    )
    stem = models.CharField("题干", max_length=500)
    options = models.JSONField("选项", default=list)
    answer = models.CharField("答案", max_length=6)
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "fingerprint"], name="one_copy_of_a_question"
            ),
        ]

    def __str__(self) -> str:
        return self.stem[:40]


class Quiz(models.Model):
    """A quiz of ``organization`` for its subtree: papers of ``question_count`` questions drawn
    from its bank, answered within ``minutes``."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    title = models.CharField("测试名称", max_length=120)
    question_count = models.PositiveSmallIntegerField("每卷题数")
    minutes = models.PositiveSmallIntegerField("答题时限（分钟）")
    pass_score = models.PositiveSmallIntegerField("及格分", default=60)
    due_on = models.DateField("截止日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(question_count__gt=0), name="quiz_has_questions"),
            models.CheckConstraint(condition=Q(minutes__gt=0), name="quiz_has_time"),
        ]

    def __str__(self) -> str:
        return self.title


class QuizAttempt(models.Model):
    """One member's paper: drawn by ``seed``, due by ``deadline``, scored on submission."""

    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField("第几次")
    seed = models.BigIntegerField()
    question_ids = models.JSONField(default=list)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(default=dict)
    correct = models.PositiveSmallIntegerField(default=0)
    score = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["quiz", "member", "number"], name="attempt_numbered"),
            models.UniqueConstraint(
                fields=["quiz", "member"], condition=Q(submitted_at__isnull=True),
                name="one_open_attempt",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.quiz_id}:{self.member_id}:{self.number}"


class PointSource(models.TextChoices):
    ITEM = "item", "完成一项学习任务"
    SESSION = "session", "参加一次集中学习"
    QUIZ = "quiz", "通过一次知识测试"


class PointItem(models.Model):
    """One item of a 党委's points scheme (积分制, EDU-3): what earns points, how many per
    event, and the cap per year (0: none). Configuration only."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    source = models.CharField("积分项目", max_length=12, choices=PointSource.choices)
    points = models.PositiveSmallIntegerField("每次积分")
    yearly_cap = models.PositiveIntegerField("年度上限", default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "source"], name="one_point_item"),
        ]

    def __str__(self) -> str:
        return self.get_source_display()
