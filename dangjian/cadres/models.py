"""The leading-cadre database (干部信息库): each cadre's posts, education, titles, training,
annual assessments, rewards and sanctions and 个人有关事项 reports, each row dated, and every
change as a ``CadreChange`` row (who, when, by which door, the fields before and after).

A cadre who is a Party member is linked to the member record, matched by the ID number, which
is stored as the archive stores it: SM4-GCM encrypted, with an HMAC-SM3 lookup hash.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangjian.accounts.models import RoleGrant
from dangjian.core.fields import EncryptedTextField
from dangjian.members.choices import Education, Gender
from dangjian.members.models import Member
from dangjian.orgs.models import Organization


class PostLevel(models.TextChoices):
    LEADERSHIP = "leadership", "班子成员"
    MIDDLE_CHIEF = "middle_chief", "中层正职"
    MIDDLE_DEPUTY = "middle_deputy", "中层副职"
    JUNIOR = "junior", "基层管理人员"


class PostKind(models.TextChoices):
    ADMINISTRATIVE = "administrative", "行政职务"
    PARTY = "party", "党内职务"


# The order of education levels, highest first (rank 1): the analysis keeps the highest.
EDUCATION_RANK: dict[str, int] = {code: n for n, code in enumerate(Education.values, start=1)}


class Cadre(models.Model):
    name = models.CharField("姓名", max_length=40)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    birth_date = models.DateField("出生日期")
    id_number = EncryptedTextField("公民身份号码")
    id_number_hash = models.CharField(max_length=64, editable=False)
    organization = models.ForeignKey(
        Organization, verbose_name="所在单位党组织", on_delete=models.PROTECT, related_name="+"
    )
    member = models.OneToOneField(
        Member, verbose_name="党员档案", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="cadre",
    )  # fmt: skip
    work_started_on = models.DateField("参加工作时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "干部"
        verbose_name_plural = "干部"
        indexes = [
            models.Index(fields=["organization", "birth_date"]),
            models.Index(fields=["birth_date"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["id_number_hash"], name="cadre_id_number_hash_unique")
        ]

    def __str__(self) -> str:
        return self.name


class CadrePost(models.Model):
    """A post held (任职) from ``started_on`` to ``ended_on`` (免职; None: still held)."""

    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="posts")
    kind = models.CharField("职务类别", max_length=16, choices=PostKind.choices)
    unit = models.CharField("任职单位（部门）", max_length=120)
    title = models.CharField("职务", max_length=60)
    level = models.CharField("职务层级", max_length=16, choices=PostLevel.choices)
    started_on = models.DateField("任职时间")
    ended_on = models.DateField("免职时间", null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "id"]
        indexes = [models.Index(fields=["started_on", "ended_on", "cadre"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="cadre_post_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["cadre", "kind", "unit", "title"],
                condition=Q(ended_on__isnull=True),
                name="cadre_one_open_post_per_title",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit}{self.title}"


class EducationRecord(models.Model):
    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="educations")
    level = models.CharField("学历", max_length=24, choices=Education.choices)
    rank = models.PositiveSmallIntegerField(editable=False)  # EDUCATION_RANK, 1 highest
    degree = models.CharField("学位", max_length=20, blank=True)
    school = models.CharField("毕业院校", max_length=80, blank=True)
    major = models.CharField("专业", max_length=60, blank=True)
    full_time = models.BooleanField("全日制", default=True)
    graduated_on = models.DateField("毕业时间")

    class Meta:
        ordering = ["graduated_on", "id"]
        indexes = [models.Index(fields=["cadre", "graduated_on", "rank"])]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "level", "graduated_on"], name="cadre_edu_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.school}"


class ProfessionalTitle(models.Model):
    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="titles")
    name = models.CharField("专业技术职称", max_length=60)
    grade = models.CharField("等级", max_length=10, blank=True)  # 正高级、副高级、中级、初级
    obtained_on = models.DateField("取得时间")

    class Meta:
        ordering = ["obtained_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "name", "obtained_on"], name="cadre_title_once"
            )
        ]

    def __str__(self) -> str:
        return self.name


class TrainingRecord(models.Model):
    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="trainings")
    name = models.CharField("培训项目", max_length=120)
    organiser = models.CharField("主办单位", max_length=120, blank=True)
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期")
    hours = models.PositiveIntegerField("学时")

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return self.name


class AssessmentResult(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    COMPETENT = "competent", "称职"
    BASIC = "basic", "基本称职"
    INCOMPETENT = "incompetent", "不称职"
    NOT_RATED = "not_rated", "不定等次"


class AnnualAssessment(models.Model):
    """年度考核: one result per cadre and year."""

    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="assessments")
    year = models.PositiveSmallIntegerField("考核年度")
    result = models.CharField("考核结果", max_length=16, choices=AssessmentResult.choices)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["cadre", "year"], name="cadre_one_assessment_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_result_display()}"


class RewardKind(models.TextChoices):
    REWARD = "reward", "奖励"
    SANCTION = "sanction", "处分"


class RewardSanction(models.Model):
    """A reward or an administrative sanction; a Party sanction of a member is read from
    ``discipline`` (DISC-1) and shown beside these, never copied."""

    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="rewards")
    kind = models.CharField("类别", max_length=10, choices=RewardKind.choices)
    name = models.CharField("名称", max_length=120)
    decided_on = models.DateField("决定日期")
    issuer = models.CharField("决定机关", max_length=120, blank=True)

    class Meta:
        ordering = ["-decided_on", "id"]

    def __str__(self) -> str:
        return self.name


class PersonalMatterReport(models.Model):
    """个人有关事项报告: due each year by ``due_on``; ``reported_on`` when filed."""

    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="matter_reports")
    year = models.PositiveSmallIntegerField("报告年度")
    due_on = models.DateField("报告截止日期")
    reported_on = models.DateField("报告日期", null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["cadre", "year"], name="cadre_one_matter_report_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}年度个人有关事项报告"


class ReserveCadre(models.Model):
    """后备干部: ``cadre`` kept in reserve for the post ``unit`` + ``title`` over a period."""

    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="reserve_for")
    unit = models.CharField("拟任单位（部门）", max_length=120)
    title = models.CharField("拟任职务", max_length=60)
    since = models.DateField("列为后备时间")
    until = models.DateField("调整出后备时间", null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["unit", "title"])]

    def __str__(self) -> str:
        return f"{self.unit}{self.title}后备"


class ChangeSource(models.TextChoices):
    PAGE = "page", "页面"
    IMPORT = "import", "人事系统导入"
    API = "api", "接口"
    SYSTEM = "system", "系统"


class CadreChange(models.Model):
    """One change of a cadre's file: what it was and what it became, who and by which door."""

    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField("时间", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    source = models.CharField("来源", max_length=10, choices=ChangeSource.choices)
    what = models.CharField("变动", max_length=200)
    before = models.JSONField("变动前", null=True)
    after = models.JSONField("变动后", null=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.what


class CadreAccess(models.Model):
    """The cadre permission (查看干部信息), granted to one role grant: a system administrator's
    (the whole enterprise) or an organisation administrator's (that subtree). Revoking the role
    revokes it."""

    grant = models.OneToOneField(RoleGrant, on_delete=models.CASCADE, related_name="cadre_access")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"干部信息查看权限（{self.grant}）"
