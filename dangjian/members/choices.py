"""Choice lists of the member archive. Codes are stable; labels are what people read."""

from __future__ import annotations

from django.db import models

from dangjian.rules.dues import DuesCategory as DuesCategory  # the one definition, re-exported


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class Stage(models.TextChoices):
    """预备/正式 (MEM-1, DEV-15)."""

    PROBATIONARY = "probationary", "预备党员"
    FULL = "full", "正式党员"


class Status(models.TextChoices):
    """Standing status. Only NORMAL members count in an organisation's membership."""

    NORMAL = "normal", "正常"
    SUSPENDED = "suspended", "停止党籍"
    TRANSFERRED_OUT = "transferred_out", "已转出"
    LEFT = "left", "已出党"
    DECEASED = "deceased", "已去世"


# Allowed changes of standing status, as data. 已出党 and 已去世 are final.
STATUS_TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.NORMAL: frozenset(
        {Status.SUSPENDED, Status.TRANSFERRED_OUT, Status.LEFT, Status.DECEASED}
    ),
    Status.SUSPENDED: frozenset({Status.NORMAL, Status.LEFT, Status.DECEASED}),
    Status.TRANSFERRED_OUT: frozenset({Status.NORMAL}),
    Status.LEFT: frozenset(),
    Status.DECEASED: frozenset(),
}


class Education(models.TextChoices):
    """STAT-3 education levels."""

    POSTGRADUATE = "postgraduate", "研究生"
    BACHELOR = "bachelor", "大学本科"
    COLLEGE = "college", "大学专科"
    SECONDARY_VOCATIONAL = "secondary_vocational", "中专"
    HIGH_SCHOOL = "high_school", "高中/中技"
    JUNIOR_OR_BELOW = "junior_or_below", "初中及以下"


class Occupation(models.TextChoices):
    """STAT-3 occupation categories."""

    WORKER = "worker", "工人（工勤技能人员）"
    FARMER = "farmer", "农牧渔民"
    PROFESSIONAL = "professional", "专业技术人员"
    MANAGER = "manager", "管理人员"
    CIVIL_SERVANT = "civil_servant", "党政机关工作人员"
    STUDENT = "student", "学生"
    OTHER = "other", "其他职业人员"
    RETIRED = "retired", "离退休人员"


# Which dues rule applies (DUES-1..6): the one ``DuesCategory`` of the rules layer, codes and
# labels alike, so the archive, the ledger and the assistant name a category the same way.
DUES_CATEGORY_CHOICES: list[tuple[str, str]] = [(c.value, c.label) for c in DuesCategory]


class PositionTitle(models.TextChoices):
    SECRETARY = "secretary", "书记"
    DEPUTY_SECRETARY = "deputy_secretary", "副书记"
    ORGANIZATION = "organization", "组织委员"
    PROPAGANDA = "propaganda", "宣传委员"
    DISCIPLINE = "discipline", "纪检委员"
    YOUTH = "youth", "青年委员"
    WOMEN = "women", "妇女委员"
    COMMITTEE = "committee", "委员"
    GROUP_LEADER = "group_leader", "党小组组长"


COMMITTEE_TITLES = frozenset(
    {t.value for t in PositionTitle if t is not PositionTitle.GROUP_LEADER}
)

ETHNICITIES = [
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族",
    "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族",
    "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族",
    "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族",
    "基诺族",
]  # fmt: skip
