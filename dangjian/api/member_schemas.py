"""Payloads of the member archive endpoints. Codes go in; codes with their labels come out."""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict, field_validator

from dangjian.api.schemas import InputSchema, partial_schema, refuse_null
from dangjian.members.choices import DuesCategory, Education, Gender, Occupation, Stage, Status
from dangjian.rules.statistics import AGE_BANDS

Flag = Literal["floating", "lost_contact", "difficulty", "cadre"]


class MemberIn(InputSchema):
    name: str = Field(..., max_length=40, description="姓名")
    gender: Gender = Field(..., description="性别：M 男，F 女")
    birth_date: date = Field(..., description="出生日期（YYYY-MM-DD）")
    id_number: str = Field(..., description="公民身份号码（18位）")
    ethnicity: str = Field("汉族", description="民族，如“汉族”")
    education: Education = Field(..., description="学历代码")
    occupation: Occupation = Field(..., description="工作岗位类别代码")
    stage: Stage = Field(..., description="党员类别：probationary 预备党员，full 正式党员")
    dues_category: DuesCategory = Field(..., description="党费类别代码")
    organization_id: int = Field(..., description="所在党支部的编号")
    joined_on: date | None = Field(None, description="入党时间（支部大会通过之日）")
    confirmed_on: date | None = Field(None, description="转正时间（正式党员必填）")
    applied_on: date | None = Field(None, description="申请入党日期")
    phone: str = Field("", description="手机号码或带区号的固定电话")
    native_place: str = Field("", description="籍贯")
    job_title: str = Field("", description="职务/职称")
    work_unit: str = Field("", description="工作单位")
    address: str = Field("", description="家庭住址")
    party_group_id: int | None = Field(None, description="所在党小组的编号")
    is_floating: bool = Field(False, description="是否流动党员")
    floating_to: str = Field("", description="流动去向（流动党员必填）")
    lost_contact_since: date | None = Field(None, description="失联起始日期")
    in_difficulty: bool = Field(False, description="是否困难党员")
    is_leading_cadre: bool = Field(False, description="是否领导干部")


MemberPatchIn = partial_schema(
    MemberIn,
    "MemberPatchIn",
    reason=(str, Field("修改档案", max_length=300, description="修改原因，记入档案变动记录")),
)


class MemberChangeIn(InputSchema):
    """An effective-dated change: only the fields sent are changed."""

    organization_id: int | None = Field(None, description="转入的党支部编号（组织关系变动）")
    party_group_id: int | None = Field(None, description="所在党小组的编号")
    status: Status | None = Field(None, description="党籍状态代码")
    dues_category: DuesCategory | None = Field(None, description="党费类别代码")
    is_floating: bool | None = Field(None, description="是否流动党员")
    floating_to: str | None = Field(None, description="流动去向")
    lost_contact_since: date | None = Field(None, description="失联起始日期；null 表示已恢复联系")
    in_difficulty: bool | None = Field(None, description="是否困难党员")
    is_leading_cadre: bool | None = Field(None, description="是否领导干部")
    effective_on: date = Field(..., description="生效日期（YYYY-MM-DD），不能晚于今天")
    reason: str = Field(..., min_length=1, max_length=300, description="变动原因或批准文件")

    _refuse_null = field_validator(
        "organization_id", "status", "dues_category", "is_floating", "floating_to",
        "in_difficulty", "is_leading_cadre",
    )(refuse_null)  # fmt: skip


class MemberFilterQuery(Schema):
    model_config = ConfigDict(use_enum_values=True)

    q: str = Field("", description="姓名、拼音首字母或完整公民身份号码")
    organization_id: int | None = Field(None, description="党组织编号（含其下级）")
    status: Status | None = Field(None, description="党籍状态代码")
    stage: Stage | None = Field(None, description="党员类别代码")
    dues_category: DuesCategory | None = Field(None, description="党费类别代码")
    gender: Gender | None = Field(None, description="性别代码")
    age_band: str = Field("", description="年龄段，如“31-35岁”")
    education: Education | None = Field(None, description="学历代码")
    occupation: Occupation | None = Field(None, description="工作岗位类别代码")
    flag: Flag | None = Field(None, description="标记：流动、失联、困难、领导干部")
    include_departed: bool = Field(False, description="包括已转出、出党和去世的党员")

    @field_validator("age_band")
    @classmethod
    def _known_band(cls, value: str) -> str:
        if value and value not in AGE_BANDS:
            raise ValueError(f"可选值为{'、'.join(AGE_BANDS)}")
        return value


class AsOfQuery(Schema):
    date: dt.date = Field(..., description="查询日期（YYYY-MM-DD）")


class MemberSummaryOut(Schema):
    id: int = Field(..., description="党员编号")
    name: str = Field(..., description="姓名")
    gender: str = Field(..., description="性别代码")
    gender_label: str = Field(..., description="性别")
    age: int = Field(..., description="年龄（周岁，按今天计算）")
    organization_id: int = Field(..., description="所在党支部编号")
    organization_name: str = Field(..., description="所在党支部")
    stage: str = Field(..., description="党员类别代码")
    stage_label: str = Field(..., description="党员类别")
    status: str = Field(..., description="党籍状态代码")
    status_label: str = Field(..., description="党籍状态")
    dues_category: str = Field(..., description="党费类别代码")
    dues_category_label: str = Field(..., description="党费类别")
    education: str = Field(..., description="学历代码")
    education_label: str = Field(..., description="学历")
    phone_masked: str = Field(..., description="手机号码（已隐去中间位）")
    flags: list[str] = Field(..., description="标记：流动党员、失联党员、困难党员、领导干部")


class MemberOut(MemberSummaryOut):
    birth_date: date = Field(..., description="出生日期")
    ethnicity: str = Field(..., description="民族")
    id_number: str = Field(..., description="公民身份号码（无查看权限时隐去中间位）")
    phone: str = Field(..., description="手机号码（无查看权限时隐去中间位）")
    personal_numbers_masked: bool = Field(..., description="身份证号和手机号是否已隐去")
    native_place: str = Field(..., description="籍贯")
    occupation: str = Field(..., description="工作岗位类别代码")
    occupation_label: str = Field(..., description="工作岗位类别")
    job_title: str = Field(..., description="职务/职称")
    work_unit: str = Field(..., description="工作单位")
    address: str = Field(..., description="家庭住址")
    applied_on: date | None = Field(..., description="申请入党日期")
    joined_on: date | None = Field(..., description="入党时间")
    confirmed_on: date | None = Field(..., description="转正时间")
    party_years: int | None = Field(..., description="党龄（自转正之日起的整年数）")
    party_group_id: int | None = Field(..., description="所在党小组编号")
    party_group_name: str = Field(..., description="所在党小组")
    is_floating: bool = Field(..., description="流动党员")
    floating_to: str = Field(..., description="流动去向")
    lost_contact_since: date | None = Field(..., description="失联起始日期")
    in_difficulty: bool = Field(..., description="困难党员")
    is_leading_cadre: bool = Field(..., description="领导干部")


class MemberAsOfOut(Schema):
    as_of: date = Field(..., description="查询日期")
    id: int = Field(..., description="党员编号")
    name: str = Field(..., description="姓名")
    age: int = Field(..., description="当日年龄")
    party_years: int | None = Field(..., description="当日党龄")
    organization_id: int = Field(..., description="当日所在党支部编号")
    organization_name: str = Field(..., description="当日所在党支部")
    party_group_id: int | None = Field(..., description="当日所在党小组编号")
    stage: str = Field(..., description="当日党员类别代码")
    stage_label: str = Field(..., description="当日党员类别")
    status: str = Field(..., description="当日党籍状态代码")
    status_label: str = Field(..., description="当日党籍状态")
    dues_category: str = Field(..., description="当日党费类别代码")
    dues_category_label: str = Field(..., description="当日党费类别")
    joined_on: date | None = Field(..., description="入党时间")
    confirmed_on: date | None = Field(..., description="转正时间")
    flags: list[str] = Field(..., description="当日标记")


class ChangeOut(Schema):
    field: str = Field(..., description="字段")
    label: str = Field(..., description="字段名称")
    before: Any = Field(None, description="变动前")
    after: Any = Field(None, description="变动后")


class EventOut(Schema):
    id: int = Field(..., description="记录编号")
    kind: str = Field(..., description="变动类型代码")
    kind_label: str = Field(..., description="变动类型")
    effective_on: date = Field(..., description="生效日期")
    recorded_at: datetime = Field(..., description="记录时间")
    reason: str = Field(..., description="原因")
    actor: str = Field(..., description="经办人用户名")
    changes: list[ChangeOut] = Field(..., description="变动的字段（身份证号、手机号不显示）")
    lines: list[str] = Field(..., description="中文摘要，如“所在党组织：一支部 → 二支部”")


class HistoryOut(Schema):
    member_id: int = Field(..., description="党员编号")
    events: list[EventOut] = Field(..., description="档案变动记录，最新在前")
