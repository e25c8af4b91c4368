"""发展党员: the people in the process, each step they went through, and their open deadlines.

``Applicant`` is one person from the application on (入党申请人, 积极分子, 发展对象, 预备党员),
one identity for life: at admission (step 17) the same person gets a probationary ``Member``
(``Applicant.member``), and the dossier shows every step before and after. ``DevelopmentStep``
is one dated record of one transition of ``rules.development.process`` (the 25 steps and the
ends), with the deciding body, the people named, the details the checks read and the verdicts
they gave at that moment. ``DevelopmentDue`` holds the deadlines still open for each person,
recomputed by the service after each step (``rules.development.deadlines.open_dues``), so the
pipeline, the overdue list and the home page read one indexed table. ``FormNumberRange`` is an
organisation's range of 入党志愿书 numbers (DEV-30).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangjian.core.fields import EncryptedTextField
from dangjian.members.choices import Education, Gender, Occupation
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.rules.development.process import Body, Deadline, Stage

STAGE_CHOICES = [(s.value, s.label) for s in Stage]
BODY_CHOICES = [(b.value, b.label) for b in Body]
DEADLINE_CHOICES = [(d.value, d.value) for d in Deadline]


class Applicant(models.Model):
    """One person in the development process (``stage``), in the branch that develops them."""

    name = models.CharField("姓名", max_length=40)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    ethnicity = models.CharField("民族", max_length=20, default="汉族")
    birth_date = models.DateField("出生日期")
    id_number = EncryptedTextField("公民身份号码")
    id_number_hash = models.CharField(max_length=64, editable=False)
    phone = EncryptedTextField("手机号码", null=True, blank=True)
    education = models.CharField("学历", max_length=24, choices=Education.choices)
    occupation = models.CharField("工作岗位类别", max_length=24, choices=Occupation.choices)
    work_unit = models.CharField("工作单位", max_length=120, blank=True)
    # The branch that received the application and develops the person; indexed in Meta.
    organization = models.ForeignKey(
        Organization, verbose_name="所在党支部", on_delete=models.PROTECT,
        related_name="applicants", db_index=False,
    )  # fmt: skip
    applied_on = models.DateField("入党申请书日期")
    received_on = models.DateField("党组织收到申请日期")
    stage = models.CharField("发展阶段", max_length=24, choices=STAGE_CHOICES)
    stage_since = models.DateField("进入本阶段日期")
    is_mobile = models.BooleanField("流动人员", default=False)
    expected_leave_on = models.DateField("预计离开工作、学习单位日期", null=True, blank=True)
    transferred_in = models.BooleanField("转入人员", default=False)
    form_number = models.CharField(  # noqa: DJ001 (NULL: no form yet; unique when issued)
        "入党志愿书编号", max_length=20, null=True, blank=True
    )
    # The applicant's own login, for their page on the phone (before they have a member record).
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="applicant",
    )  # fmt: skip
    member = models.OneToOneField(
        Member, verbose_name="党员档案", on_delete=models.PROTECT, null=True, blank=True,
        related_name="development",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "发展对象档案"
        verbose_name_plural = "发展对象档案"
        indexes = [
            models.Index(fields=["organization", "stage"]),
            models.Index(fields=["stage"]),
        ]
        constraints = [
            # One person is in one branch's process at a time; a person who left (withdrawn,
            # transferred out) may apply again, so the ends are outside the constraint.
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=Q(stage__in=["applicant", "activist", "candidate", "probationary"]),
                name="applicant_one_open_process",
            ),
            models.UniqueConstraint(fields=["form_number"], name="applicant_form_number_once"),
            models.CheckConstraint(
                condition=Q(received_on__gte=models.F("applied_on")),
                name="applicant_received_after_applied",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label


class DevelopmentStep(models.Model):
    """One transition a person went through, as recorded (never edited; corrected by a note).

    ``details`` holds the facts the checks read (a tally, notice dates, training hours...);
    ``verdicts`` the checks' results at that moment ([{rule_id, outcome, message, text}]);
    ``overrides`` the blocks let through, rule ID -> the recorded reason.
    """

    applicant = models.ForeignKey(  # indexed by (applicant, happened_on)
        Applicant, on_delete=models.CASCADE, related_name="steps", db_index=False
    )
    code = models.CharField("操作", max_length=40)
    label = models.CharField("步骤名称", max_length=60)
    step_number = models.PositiveSmallIntegerField("步骤序号", null=True, blank=True)
    stage_before = models.CharField(max_length=24, choices=STAGE_CHOICES, blank=True)
    stage_after = models.CharField(max_length=24, choices=STAGE_CHOICES)
    happened_on = models.DateField("日期")
    body = models.CharField("决定或实施主体", max_length=24, choices=BODY_CHOICES)
    details = models.JSONField("记录内容", default=dict)
    verdicts = models.JSONField("检查结果", default=list)
    overrides = models.JSONField("破例通过", default=dict)
    note = models.CharField("说明", max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "发展党员步骤"
        verbose_name_plural = "发展党员步骤"
        ordering = ["happened_on", "id"]
        indexes = [models.Index(fields=["applicant", "happened_on"])]

    def __str__(self) -> str:
        return f"{self.label} {self.happened_on}"


class PersonRole(models.TextChoices):
    TALKER = "talker", "谈话人"
    CONTACT = "contact", "培养联系人"
    SPONSOR = "sponsor", "入党介绍人"


class StepPerson(models.Model):
    """A person named at a step: the talker, a contact person, a sponsor."""

    step = models.ForeignKey(DevelopmentStep, on_delete=models.CASCADE, related_name="people")
    role = models.CharField("身份", max_length=16, choices=PersonRole.choices)
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField("姓名", max_length=40)

    class Meta:
        verbose_name = "步骤人员"
        verbose_name_plural = "步骤人员"

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"


class DevelopmentDue(models.Model):
    """One deadline still open for a person (``rules.development.deadlines.Due``).

    Rewritten by the service after each step; ``organization`` repeats the person's branch so
    that a scope's overdue list is one indexed query.
    """

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="dues")
    organization = models.ForeignKey(  # indexed by (organization, due_on)
        Organization, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    deadline = models.CharField(max_length=32, choices=DEADLINE_CHOICES)
    rule_id = models.CharField(max_length=16)
    what = models.CharField(max_length=60)
    due_on = models.DateField(null=True, blank=True)
    not_before = models.DateField(null=True, blank=True)
    hard_limit = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["organization", "due_on"]),
            models.Index(fields=["due_on"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["applicant", "deadline"], name="one_due_per_deadline")
        ]

    def __str__(self) -> str:
        return f"{self.what} {self.due_on}"


class FormNumberRange(models.Model):
    """An organisation's range of 入党志愿书 numbers (DEV-30), as the department issued it."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="form_number_ranges"
    )
    first = models.PositiveBigIntegerField("起始号")
    last = models.PositiveBigIntegerField("终止号")
    width = models.PositiveSmallIntegerField("位数", default=10)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "入党志愿书编号段"
        verbose_name_plural = "入党志愿书编号段"
        constraints = [
            models.CheckConstraint(condition=Q(last__gte=models.F("first")), name="range_ordered")
        ]

    def __str__(self) -> str:
        return f"{self.first}-{self.last}"


class AnnualPlan(models.Model):
    """A 党委's plan of admissions for one year (DEV-28, 控制总量), set by its administrators."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="development_plans"
    )
    year = models.PositiveSmallIntegerField("年度")
    quota = models.PositiveIntegerField("计划发展党员数")

    class Meta:
        verbose_name = "发展党员年度计划"
        verbose_name_plural = "发展党员年度计划"
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_plan_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.quota}"
