"""Payloads of the organisation endpoints."""

from __future__ import annotations

import datetime as dt
from datetime import date

from ninja import Field, Schema
from pydantic import ConfigDict

from dangjian.api.schemas import InputSchema, partial_schema
from dangjian.api.types import Count, Id, Name, OptionalName, PlausibleDate, Text
from dangjian.orgs.models import UnitType
from dangjian.rules.organization import OrgKind

# The column is a PositiveSmallIntegerField.
UNIT_COUNT_MAX = 32767


class OrgFields(InputSchema):
    name: Name = Field(..., max_length=120, description="名称")
    code: Name = Field(..., max_length=40, description="组织代码（全系统唯一）")
    kind: OrgKind = Field(..., description="组织类别代码：committee 基层党委，branch 党支部……")
    short_name: OptionalName = Field("", max_length=60, description="简称")
    unit_name: OptionalName = Field("", max_length=120, description="所在单位")
    unit_type: UnitType | None = Field(None, description="单位性质代码")
    unit_count: int = Field(
        1, ge=1, le=UNIT_COUNT_MAX, description="涉及单位数（联合党支部不超过5个）"
    )
    founded_on: PlausibleDate | None = Field(None, description="成立日期（YYYY-MM-DD）")
    approval_document: Text = Field("", max_length=120, description="批准文号")
    is_retirees_branch: bool = Field(False, description="是否离退休党支部")
    term_started_on: PlausibleDate | None = Field(None, description="本届任期开始日期")
    sort_order: Count = Field(0, description="同级排序")


class OrgIn(OrgFields):
    parent_id: Id | None = Field(None, description="上级党组织编号；不填为顶层党委")


# The parent is not changed here: moving a subtree is its own operation.
OrgPatchIn = partial_schema(OrgFields, "OrgPatchIn")


class OrgFilterQuery(Schema):
    model_config = ConfigDict(use_enum_values=True)

    parent_id: Id | None = Field(None, description="只列出该党组织的直接下级")
    kind: OrgKind | None = Field(None, description="组织类别代码")
    include_dissolved: bool = Field(False, description="包括已撤销的党组织")


class OrgSummaryOut(Schema):
    id: int = Field(..., description="党组织编号")
    name: str = Field(..., description="名称")
    short_name: str = Field(..., description="简称")
    code: str = Field(..., description="组织代码")
    kind: str = Field(..., description="组织类别代码")
    kind_label: str = Field(..., description="组织类别")
    parent_id: int | None = Field(..., description="上级党组织编号")
    depth: int = Field(..., description="层级（顶层为1）")
    has_children: bool = Field(..., description="是否有下级组织")
    unit_name: str = Field(..., description="所在单位")
    unit_type: str = Field(..., description="单位性质代码")
    unit_type_label: str = Field(..., description="单位性质")
    founded_on: date | None = Field(..., description="成立日期")
    dissolved_on: date | None = Field(..., description="撤销日期")
    is_retirees_branch: bool = Field(..., description="离退休党支部")


class OrgFactsOut(Schema):
    all_members: int = Field(..., description="党员人数（含预备党员，正常党籍，含下级）")
    full_members: int = Field(..., description="正式党员人数")
    probationary_members: int = Field(..., description="预备党员人数")
    committee_size: int = Field(..., description="委员会委员人数")
    units: int = Field(..., description="涉及单位数")


class StructureWarningOut(Schema):
    rule_id: str = Field(..., description="依据的规则编号，如 ORG-1")
    message: str = Field(..., description="说明（含条文出处）")
    severity: str = Field(..., description="error 不符合规定，warning 需要关注")
    severity_label: str = Field(..., description="严重程度")


class OrgOut(OrgSummaryOut):
    parent_name: str = Field(..., description="上级党组织名称")
    unit_count: int = Field(..., description="涉及单位数")
    approval_document: str = Field(..., description="批准文号")
    term_started_on: date | None = Field(..., description="本届任期开始")
    sort_order: int = Field(..., description="排序")
    facts: OrgFactsOut = Field(..., description="人数统计")
    warnings: list[StructureWarningOut] = Field(..., description="组织设置与规定不符之处")


class MembersOnOut(Schema):
    organization_id: int = Field(..., description="党组织编号")
    date: dt.date = Field(..., description="查询日期")
    count: int = Field(
        ..., description="当日在本组织及下级组织（按当日隶属关系）的正常党籍党员人数"
    )
