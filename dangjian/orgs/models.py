"""The organisation tree (组织): 基层党委, 党总支, 党支部 and 党小组, kept as a materialised path."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.db.models import Q, QuerySet
from treebeard.mp_tree import MP_Node

from dangjian.core.ranges import prefix_end, prefix_range
from dangjian.rules.organization import OrgKind


class UnitType(models.TextChoices):
    SOLE_STATE = "sole_state", "国有独资企业"
    STATE_HOLDING = "state_holding", "国有控股企业"
    OTHER_ENTERPRISE = "other_enterprise", "其他企业"
    INSTITUTION = "institution", "事业单位"
    AGENCY = "agency", "机关"


if TYPE_CHECKING:
    # django-treebeard ships no types: the part of its API this project uses, typed here.

    class _NodeManager(models.Manager["Organization"]):
        def add_root(self, *, create_kwargs: dict[str, Any]) -> Organization: ...
        def add_child(
            self, parent: Organization, *, create_kwargs: dict[str, Any]
        ) -> Organization: ...
        def move(self, node: Organization, target: Organization, pos: str) -> None: ...
        def get_ancestors(self, node: Organization) -> QuerySet[Organization]: ...
        def get_parent(self, node: Organization) -> Organization | None: ...

    class _Node(models.Model):
        alphabet: ClassVar[str]
        path = models.CharField(max_length=255, unique=True)
        depth = models.PositiveIntegerField()
        numchild = models.PositiveIntegerField(default=0)

        class Meta:
            abstract = True

        def get_parent(self, update: bool = False) -> Organization | None: ...
        def get_depth(self) -> int: ...
        @classmethod
        def _get_path(cls, path: str | None, depth: int, newstep: int) -> str: ...

else:
    _Node = MP_Node


class Organization(_Node):
    """A Party organisation. Never deleted: dissolved with a date once its members are moved."""

    if TYPE_CHECKING:
        objects: ClassVar[_NodeManager]

    # 4 characters per level: 1.6 million siblings per parent, 63 levels deep. No node_order_by:
    # sorted inserts would renumber siblings' paths; pages order siblings by sort_order instead.
    steplen = 4

    name = models.CharField("名称", max_length=120)
    short_name = models.CharField("简称", max_length=60, blank=True)
    code = models.CharField("组织代码", max_length=40, unique=True)
    kind = models.CharField(
        "组织类别", max_length=20, choices=[(k.value, k.label) for k in OrgKind]
    )
    unit_name = models.CharField("所在单位", max_length=120, blank=True)
    unit_type = models.CharField("单位性质", max_length=20, choices=UnitType.choices, blank=True)
    unit_count = models.PositiveSmallIntegerField("涉及单位数", default=1)
    founded_on = models.DateField("成立日期", null=True, blank=True)
    approval_document = models.CharField("批准文号", max_length=120, blank=True)
    dissolved_on = models.DateField("撤销日期", null=True, blank=True)
    is_retirees_branch = models.BooleanField("离退休党支部", default=False)
    term_started_on = models.DateField("本届任期开始", null=True, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "党组织"
        verbose_name_plural = "党组织"
        indexes = [models.Index(fields=["kind"]), models.Index(fields=["dissolved_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit_count__gte=1), name="org_unit_count_positive"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def org_kind(self) -> OrgKind:
        return OrgKind(self.kind)

    @property
    def kind_label(self) -> str:
        return OrgKind(self.kind).label

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None


def subtree_end(path: str) -> str | None:
    """The least path after every path in the subtree of ``path`` (see ``core.ranges``)."""
    return prefix_end(path, Organization.alphabet)


def in_subtree(path: str, field: str = "path") -> Q:
    """Organisations whose path starts with ``path``, as a range so every database uses the
    path index. ``field`` points at the path, e.g. "organization__path"."""
    return prefix_range(field, path, Organization.alphabet)


class OrganizationPath(models.Model):
    """Where an organisation sat in the tree, and when: its path from ``valid_from`` (None: from
    the start) until the day before ``valid_to`` (None: still). A move of a subtree closes the
    rows of every organisation in it and opens rows with the new paths, so "the subtree as it
    was on a past date" is answered with the paths of that date.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="path_history"
    )
    path = models.CharField(max_length=255)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["path", "valid_to"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(valid_to__isnull=True),
                name="one_current_path",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="path_period_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}@{self.path}"


def valid_on(on: Any, prefix: str = "") -> Q:
    """Rows of a history (``valid_from``/``valid_to``) in force on ``on``."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": on})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": on})
    )
