"""Payloads of the member archive endpoints. Codes go in; codes with their labels come out."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from dangjian.api.schemas import InputSchema, partial_schema
from dangjian.api.types import Id, Name, OptionalName, PlausibleDate, RequiredText, Text
from dangjian.members.choices import DuesCategory, Education, Gender, Occupation, Stage, Status
from dangjian.rules.statistics import AGE_BANDS

Flag = Literal["floating", "lost_contact", "difficulty", "cadre"]
if TYPE_CHECKING:
    AgeBand = str
else:
    AgeBand = Literal.__getitem__(AGE_BANDS)  # the bands of STAT-1, as the rules list them


class MemberIn(InputSchema):
    name: Name = Field(..., max_length=40, description="姓名")
    gender: Gender = Field(..., description="性别：M 男，F 女")
    birth_date: PlausibleDate = Field(..., description="出生日期（YYYY-MM-DD）")
    id_number: Name = Field(..., max_length=30, description="公民身份号码（18位）")
    ethnicity: Name = Field("汉族", max_length=20, description="民族，如“汉族”")
    education: Education = Field(..., description="学历代码")
    occupation: Occupation = Field(..., description="工作岗位类别代码")
    stage: Stage = Field(..., description="党员类别：probationary 预备党员，full 正式党员")
    dues_category: DuesCategory = Field(..., description="党费类别代码")
    organization_id: Id = Field(..., description="所在党支部的编号")
    joined_on: PlausibleDate = Field(
        ..., description="入党时间（支部大会通过之日，依据《中国共产党章程》第七条）"
    )
    confirmed_on: PlausibleDate | None = Field(None, description="转正时间（正式党员必填）")
    applied_on: PlausibleDate | None = Field(None, description="申请入党日期")
    phone: OptionalName = Field(
        "",
        max_length=30,
        description="11位手机号码（可带+86），或带区号的固定电话（如0531-88123456，分机写在最后）",
    )
    native_place: Text = Field("", max_length=60, description="籍贯")
    job_title: Text = Field("", max_length=60, description="职务/职称")
    work_unit: Text = Field("", max_length=120, description="工作单位")
    address: Text = Field("", max_length=200, description="家庭住址")
    party_group_id: Id | None = Field(None, description="所在党小组的编号")
    is_floating: bool = Field(False, description="是否流动党员")
    floating_to: Text = Field("", max_length=120, description="流动去向（流动党员必填）")
    lost_contact_since: PlausibleDate | None = Field(None, description="失联起始日期")
    in_difficulty: bool = Field(False, description="是否困难党员")
    is_leading_cadre: bool = Field(False, description="是否领导干部")


MemberPatchIn = partial_schema(
    MemberIn,
    "MemberPatchIn",
    reason=(Text, Field("修改档案", max_length=300, description="修改原因，记入档案变动记录")),
)


class _ChangeFields(InputSchema):
    organization_id: Id = Field(..., description="转入的党支部编号（组织关系变动）")
    party_group_id: Id | None = Field(..., description="所在党小组的编号；null 表示不属于党小组")
    status: Status = Field(..., description="党籍状态代码")
    dues_category: DuesCategory = Field(..., description="党费类别代码")
    is_floating: bool = Field(..., description="是否流动党员")
    floating_to: Text = Field(..., max_length=120, description="流动去向")
    lost_contact_since: PlausibleDate | None = Field(
        ..., description="失联起始日期；null 表示已恢复联系"
    )
    in_difficulty: bool = Field(..., description="是否困难党员")
    is_leading_cadre: bool = Field(..., description="是否领导干部")


# An effective-dated change: only the fields sent are changed (null only where stated).
MemberChangeIn = partial_schema(
    _ChangeFields,
    "MemberChangeIn",
    effective_on=(
        PlausibleDate,
        Field(..., description="生效日期（YYYY-MM-DD），不能晚于今天"),
    ),
    reason=(RequiredText, Field(..., max_length=300, description="变动原因或批准文件")),
)


class MemberFilterQuery(Schema):
    model_config = ConfigDict(use_enum_values=True)

    q: Text = Field(
        "",
        max_length=40,
        description=(
            "姓名（或其一部分）、拼音全拼或首字母（多音字按各常见读音）、完整公民身份号码或其后4位、"
            "后6位、电话号码；数字可为全角，可含空格或连字符"
        ),
    )
    organization_id: Id | None = Field(None, description="党组织编号（含其下级）")
    status: Status | None = Field(None, description="党籍状态代码")
    stage: Stage | None = Field(None, description="党员类别代码")
    dues_category: DuesCategory | None = Field(None, description="党费类别代码")
    gender: Gender | None = Field(None, description="性别代码")
    age_band: AgeBand | None = Field(None, description="年龄段，如“31-35岁”")
    education: Education | None = Field(None, description="学历代码")
    occupation: Occupation | None = Field(None, description="工作岗位类别代码")
    flag: Flag | None = Field(None, description="标记：流动、失联、困难、领导干部")
    include_departed: bool = Field(False, description="包括已转出、出党和去世的党员")


class AsOfQuery(Schema):
    date: PlausibleDate = Field(..., description="查询日期（YYYY-MM-DD），不能晚于今天")


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
