"""The member archive (党员档案) with its effective-dated history.

``Member`` holds the current facts. Every change of organisation, status, stage, category, flag
or position is a ``MemberEvent`` (effective date, actor, reason, before and after), so the member
as of any past date is the current row with later events undone. ``MemberPeriod`` keeps the same
history as intervals of (organisation, status, stage) so that "the members of this subtree as of
date D" is one indexed query. Age and 党龄 are derived, never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangjian.core.fields import EncryptedTextField
from dangjian.members.choices import (
    DUES_CATEGORY_CHOICES,
    Education,
    Gender,
    Occupation,
    PositionTitle,
    Stage,
    Status,
)
from dangjian.orgs.models import Organization


class Member(models.Model):
    name = models.CharField("姓名", max_length=40)
    # Text columns are indexed in Meta: a field-level db_index/unique would add a LIKE index on
    # PostgreSQL, written on every insert and never read (prefixes are searched as ranges,
    # core.ranges; the hashes are compared for equality).
    name_pinyin = models.CharField("姓名全拼", max_length=160, editable=False)
    name_initials = models.CharField("姓名首字母", max_length=40, editable=False)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    ethnicity = models.CharField("民族", max_length=20, default="汉族")
    birth_date = models.DateField("出生日期")
    id_number = EncryptedTextField("公民身份号码", null=True)
    # NULL (not "") so that many records without a number do not collide on the unique index.
    id_number_hash = models.CharField(max_length=64, null=True, editable=False)  # noqa: DJ001
    # Keyed hashes (HMAC-SM3) of the number's last 4 and last 6 characters, for the partial
    # search by which secretaries look people up (core.crypto.id_tail_hash); never the digits.
    id_tail4_hash = models.CharField(max_length=64, null=True, editable=False)  # noqa: DJ001
    id_tail6_hash = models.CharField(max_length=64, null=True, editable=False)  # noqa: DJ001
    phone = EncryptedTextField("手机号码", null=True, blank=True)
    phone_hash = models.CharField(  # noqa: DJ001 (NULL: no phone, like id_number_hash)
        max_length=64, null=True, blank=True, editable=False
    )
    native_place = models.CharField("籍贯", max_length=60, blank=True)
    education = models.CharField("学历", max_length=24, choices=Education.choices)
    occupation = models.CharField("工作岗位类别", max_length=24, choices=Occupation.choices)
    job_title = models.CharField("职务/职称", max_length=60, blank=True)
    work_unit = models.CharField("工作单位", max_length=120, blank=True)
    address = models.CharField("家庭住址", max_length=200, blank=True)

    applied_on = models.DateField("申请入党日期", null=True, blank=True)
    joined_on = models.DateField("入党时间", null=True, blank=True)
    confirmed_on = models.DateField("转正时间", null=True, blank=True)
    stage = models.CharField("党员类别", max_length=16, choices=Stage.choices)
    status = models.CharField(
        "党籍状态", max_length=20, choices=Status.choices, default=Status.NORMAL
    )
    dues_category = models.CharField("党费类别", max_length=20, choices=DUES_CATEGORY_CHOICES)
    # Indexed by Meta.indexes (organization, status), which serves the foreign key too.
    organization = models.ForeignKey(
        Organization,
        verbose_name="所在党组织",
        on_delete=models.PROTECT,
        related_name="members",
        db_index=False,
    )
    party_group = models.ForeignKey(
        Organization,
        verbose_name="所在党小组",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_members",
    )
    is_floating = models.BooleanField("流动党员", default=False)
    floating_to = models.CharField("流动去向", max_length=120, blank=True)
    lost_contact_since = models.DateField("失联起始日期", null=True, blank=True)
    in_difficulty = models.BooleanField("困难党员", default=False)
    is_leading_cadre = models.BooleanField("领导干部", default=False)

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "党员"
        verbose_name_plural = "党员"
        indexes = [
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["status", "stage"]),
            models.Index(fields=["birth_date"]),
            models.Index(fields=["education"]),
            models.Index(fields=["dues_category"]),
            models.Index(fields=["phone_hash"], name="member_phone_hash"),
            models.Index(fields=["name_pinyin"], name="member_name_pinyin"),
            models.Index(fields=["name_initials"], name="member_name_initials"),
            models.Index(fields=["id_tail4_hash"], name="member_id_tail4_hash"),
            models.Index(fields=["id_tail6_hash"], name="member_id_tail6_hash"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["id_number_hash"], name="member_id_number_hash_unique"),
            models.CheckConstraint(
                condition=Q(confirmed_on__isnull=True) | Q(joined_on__isnull=False),
                name="member_confirmed_after_joined_exists",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_on__isnull=True) | Q(confirmed_on__gte=models.F("joined_on")),
                name="member_confirmed_not_before_joined",
            ),
            models.CheckConstraint(
                condition=~Q(stage="full") | Q(confirmed_on__isnull=False),
                name="member_full_has_confirmed_on",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MemberNameKey(models.Model):
    """One pinyin key a member's name is found by (full or initials, of each common reading;
    ``members.pinyin.name_search_keys``). Searched by prefix ranges over ``key``: the unique
    index (key, member) answers them without reading the table."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=160)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "member"], name="member_name_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member_id}:{self.key}"


class EventKind(models.TextChoices):
    CREATED = "created", "建档"
    UPDATED = "updated", "信息修改"
    TRANSFERRED = "transferred", "组织关系变动"
    STATUS = "status", "党籍状态变动"
    STAGE = "stage", "转为正式党员"
    CATEGORY = "category", "党费类别变动"
    FLAG = "flag", "标记变动"
    POSITION = "position", "职务变动"


class MemberEvent(models.Model):
    """One effective-dated change of a member, with who recorded it and why."""

    member = models.ForeignKey(  # indexed by (member, effective_on)
        Member, on_delete=models.CASCADE, related_name="events", db_index=False
    )
    kind = models.CharField("类型", max_length=16, choices=EventKind.choices)
    effective_on = models.DateField("生效日期")
    changes = models.JSONField("变动", default=dict)  # field -> [before, after]
    reason = models.CharField("原因", max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        ordering = ["effective_on", "id"]
        indexes = [models.Index(fields=["member", "effective_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on}"


class MemberPeriod(models.Model):
    """An interval [valid_from, valid_to) during which organisation, status and stage held."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="periods")
    organization = models.ForeignKey(  # indexed by (organization, valid_from, valid_to)
        Organization, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    stage = models.CharField(max_length=16, choices=Stage.choices)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "valid_from", "valid_to"])]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(valid_to__isnull=True), name="one_open_period"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="period_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}@{self.organization_id} {self.valid_from}~{self.valid_to or ''}"


class Position(models.Model):
    """A party post (书记, 组织委员...) held in an organisation over a term."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="positions")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="positions"
    )
    title = models.CharField("职务", max_length=24, choices=PositionTitle.choices)
    started_on = models.DateField("任职日期")
    ended_on = models.DateField("免职日期", null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "ended_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "organization", "title"],
                condition=Q(ended_on__isnull=True),
                name="one_open_position_per_title",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_title_display()} {self.member_id}"


class ImportMapping(models.Model):
    """How an organisation's rosters map to the archive: headers to fields, whole-file values and
    the meaning of ambiguous values (see ``members.excel.mapping.ColumnMapping``). Chosen on the
    import's mapping screen, offered again with the next file."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="import_mapping"
    )
    headers = models.JSONField("列对应关系", default=dict)
    fixed = models.JSONField("整个文件统一的值", default=dict)
    meanings = models.JSONField("取值的含义", default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "党员导入列对应关系"

    def __str__(self) -> str:
        return f"党员导入列对应关系：{self.organization_id}"
