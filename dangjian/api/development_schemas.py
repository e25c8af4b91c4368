"""Payloads of the 发展党员 endpoints: codes go in, codes with their Chinese labels come out.

The step body carries every fact any step may need (``development.inputs.StepInput``); each
step reads the fields its checks name and ignores the rest. Parsed here into the service's
dataclasses (``step_input_of``), so the service never sees a pydantic object.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Literal

from ninja import Field, Schema
from pydantic import StringConstraints

from dangjian.api.schemas import InputSchema
from dangjian.api.types import Id, Name, OptionalName, PlausibleDate, Text
from dangjian.development.inputs import NoticeInput, StepInput, TallyInput
from dangjian.development.selectors import OPEN_STAGES
from dangjian.members.choices import Education, Gender, Occupation
from dangjian.rules.development.applicants import Recommendation
from dangjian.rules.development.designation import NoticePlace, Opinion
from dangjian.rules.development.process import TRANSITIONS
from dangjian.rules.development.records import Material

# Ways into the process are their own operations (registering an application); every other
# transition is recorded as a step.
STEP_CODES = tuple(dict.fromkeys(t.code for t in TRANSITIONS if t.source is not None))

if TYPE_CHECKING:
    StepCode = str
    OpenStage = str
    PlaceCode = str
    OpinionCode = str
    MaterialCode = str
    RecommendationCode = str
else:
    StepCode = Literal.__getitem__(STEP_CODES)
    OpenStage = Literal.__getitem__(OPEN_STAGES)
    PlaceCode = Literal.__getitem__(tuple(p.value for p in NoticePlace))
    OpinionCode = Literal.__getitem__(tuple(o.value for o in Opinion))
    MaterialCode = Literal.__getitem__(tuple(m.value for m in Material))
    RecommendationCode = Literal.__getitem__(tuple(r.value for r in Recommendation))

DecidedBy = Literal["branch_committee", "branch_assembly"]
RuleId = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,8}-[0-9]{1,3}$")]
SmallCount = Annotated[int, Field(ge=0, le=10_000)]


# -- input -------------------------------------------------------------------------------


class ApplicantIn(InputSchema):
    name: Name = Field(..., max_length=40, description="姓名")
    gender: Gender = Field(..., description="性别：M 男，F 女")
    birth_date: PlausibleDate = Field(..., description="出生日期（YYYY-MM-DD）")
    id_number: Name = Field(..., max_length=30, description="公民身份号码（18位）")
    ethnicity: Name = Field("汉族", max_length=20, description="民族，如“汉族”")
    education: Education = Field(..., description="学历代码")
    occupation: Occupation = Field(..., description="工作岗位类别代码")
    organization_id: Id = Field(..., description="接收入党申请书的党支部编号")
    applied_on: PlausibleDate = Field(..., description="入党申请书上的日期（YYYY-MM-DD）")
    received_on: PlausibleDate = Field(
        ..., description="党组织收到入党申请书的日期（YYYY-MM-DD），一个月内应派人谈话"
    )
    phone: OptionalName = Field("", max_length=30, description="手机号码或带区号的固定电话")
    work_unit: Text = Field("", max_length=120, description="工作单位")
    is_mobile: bool = Field(False, description="是否流动人员（公示和政治审查须两地进行）")
    expected_leave_on: PlausibleDate | None = Field(
        None, description="预计离开工作、学习单位的日期（3个月内离开的应提醒）"
    )


class NoticeIn(InputSchema):
    place: PlaceCode = Field(
        ..., description="公示地点：work 工作单位，residence 居住地，outflow 流出地，inflow 流入地"
    )
    starts_on: PlausibleDate = Field(..., description="公示开始日期（YYYY-MM-DD）")
    ends_on: PlausibleDate = Field(..., description="公示结束日期（YYYY-MM-DD），至少5个工作日")


class TallyIn(InputSchema):
    present_ids: list[Id] = Field(
        ...,
        max_length=10_000,
        description="到会的有表决权党员的党员编号（应到人员由系统按会议当日名册计算）",
    )
    yes: SmallCount = Field(..., description="到会党员的赞成票数")
    no: SmallCount = Field(0, description="反对票数")
    abstain: SmallCount = Field(0, description="弃权票数")
    written_yes_ids: list[Id] = Field(
        default_factory=list, max_length=10_000,
        description="会前书面表示赞成的未到会有表决权党员的党员编号",
    )  # fmt: skip
    written_other_ids: list[Id] = Field(
        default_factory=list, max_length=10_000,
        description="会前提交书面意见但未表示赞成的未到会党员的党员编号",
    )  # fmt: skip
    performance: Text = Field(
        "", max_length=500, description="对发展对象（预备党员）表现的评价，写入支部大会决议"
    )


class StepIn(InputSchema):
    code: StepCode = Field(
        ..., description="步骤代码，如 talk 谈话、designate_activist 确定为入党积极分子、"
        "designate_candidate 确定为发展对象、admission_meeting 支部大会讨论接收预备党员",
    )  # fmt: skip
    happened_on: PlausibleDate = Field(
        ..., description="步骤发生的日期（会议、谈话、审批之日，YYYY-MM-DD），不能晚于今天"
    )
    note: Text = Field("", max_length=500, description="说明（取消预备党员资格时写明理由）")
    talker: OptionalName = Field("", max_length=40, description="谈话人姓名（谈话步骤）")
    contact_ids: list[Id] = Field(
        default_factory=list, max_length=10, description="培养联系人的党员编号（本支部正式党员）"
    )
    sponsor_ids: list[Id] = Field(
        default_factory=list, max_length=10, description="入党介绍人的党员编号（两名正式党员）"
    )
    recommendation: RecommendationCode | None = Field(
        None, description="推荐方式：members 党员推荐，mass_organisation 群团组织推优"
    )
    decided_by: DecidedBy | None = Field(
        None, description="决定机构：branch_committee 支部委员会，branch_assembly 支部大会"
    )
    opinions: list[OpinionCode] = Field(
        default_factory=list, max_length=8,
        description="已听取意见的对象：party_group 党小组，contact_persons 培养联系人，"
        "members 党员，public 群众",
    )  # fmt: skip
    consented_on: PlausibleDate | None = Field(None, description="上级党委同意的日期")
    notices: list[NoticeIn] = Field(
        default_factory=list, max_length=8, description="公示（确定发展对象前，至少5个工作日）"
    )
    review_passed: bool | None = Field(None, description="政治审查结论是否合格")
    household_opinion_on: PlausibleDate | None = Field(
        None, description="户籍所在地党组织意见的日期（流动人员）"
    )
    residence_opinion_on: PlausibleDate | None = Field(
        None, description="居住地党组织意见的日期（流动人员）"
    )
    training_days: SmallCount | None = Field(None, description="集中培训天数")
    training_hours: SmallCount | None = Field(None, description="集中培训学时")
    expected_leave_on: PlausibleDate | None = Field(
        None, description="预计离开工作、学习单位的日期"
    )
    form_number: OptionalName = Field("", max_length=20, description="入党志愿书编号")
    tally: TallyIn | None = Field(None, description="支部大会表决情况（讨论接收、讨论转正）")
    collective: bool = Field(True, description="党委是否集体讨论、逐个审议（审批接收）")
    collective_oath: bool = Field(False, description="是否参加集体宣誓")
    extension_months: Annotated[int, Field(ge=0, le=60)] | None = Field(
        None, description="延长预备期的月数（6至12个月）"
    )
    materials: list[MaterialCode] = Field(
        default_factory=list, max_length=12, description="移交或归档的材料代码"
    )
    department_approved: bool = Field(False, description="是否经县级以上党委组织部门批准")
    party_group_id: Id | None = Field(None, description="编入的党小组编号")
    overrides: dict[RuleId, Text] = Field(
        default_factory=dict, max_length=10,
        description="破例通过（仅具有审批权限的党委）：检查的规则编号 → 特殊情况说明",
    )  # fmt: skip


def step_input_of(payload: StepIn) -> StepInput:
    """The service's input from a parsed body (lists become tuples, nested parts dataclasses)."""
    tally = payload.tally
    return StepInput(
        happened_on=payload.happened_on, note=payload.note, talker=payload.talker,
        contact_ids=tuple(payload.contact_ids), sponsor_ids=tuple(payload.sponsor_ids),
        recommendation=payload.recommendation or "", decided_by=payload.decided_by or "",
        opinions=tuple(payload.opinions), consented_on=payload.consented_on,
        notices=tuple(NoticeInput(n.place, n.starts_on, n.ends_on) for n in payload.notices),
        review_passed=payload.review_passed,
        household_opinion_on=payload.household_opinion_on,
        residence_opinion_on=payload.residence_opinion_on,
        training_days=payload.training_days, training_hours=payload.training_hours,
        expected_leave_on=payload.expected_leave_on, form_number=payload.form_number,
        tally=None if tally is None else TallyInput(
            present_ids=tuple(tally.present_ids), yes=tally.yes, no=tally.no,
            abstain=tally.abstain, written_yes_ids=tuple(tally.written_yes_ids),
            written_other_ids=tuple(tally.written_other_ids), performance=tally.performance,
        ),
        collective=payload.collective, collective_oath=payload.collective_oath,
        extension_months=payload.extension_months, materials=tuple(payload.materials),
        department_approved=payload.department_approved,
        party_group_id=payload.party_group_id, overrides=dict(payload.overrides),
    )  # fmt: skip


class PipelineQuery(Schema):
    stage: OpenStage | None = Field(
        None,
        description="发展阶段：applicant 入党申请人，activist 入党积极分子，"
        "candidate 发展对象，probationary 预备党员",
    )
    due: Literal["overdue", "soon"] | None = Field(
        None, description="期限：overdue 已超期，soon 30天内到期"
    )
    organization_id: Id | None = Field(None, description="党组织编号（含其下级）")


# -- output ------------------------------------------------------------------------------


class DueOut(Schema):
    deadline: str = Field(..., description="期限代码")
    what: str = Field(..., description="应办的事项，如“考察入党积极分子”")
    due_on: date | None = Field(..., description="最晚应办日期（无则只规定了最早日期）")
    not_before: date | None = Field(..., description="最早可办日期")
    hard_limit: date | None = Field(..., description="绝对期限（超过即不能再办）")
    overdue: bool = Field(..., description="是否已超期")
    citation: str = Field(
        ..., description="依据的法规和条款，如《中国共产党发展党员工作细则》第七条"
    )


class ApplicantSummaryOut(Schema):
    id: int = Field(..., description="发展对象档案编号")
    name: str = Field(..., description="姓名")
    gender: str = Field(..., description="性别代码")
    gender_label: str = Field(..., description="性别")
    organization_id: int = Field(..., description="所在党支部编号")
    organization_name: str = Field(..., description="所在党支部")
    stage: str = Field(..., description="发展阶段代码")
    stage_label: str = Field(..., description="发展阶段")
    stage_since: date = Field(..., description="进入本阶段的日期")
    applied_on: date = Field(..., description="入党申请书日期")
    phone_masked: str = Field(..., description="手机号码（已隐去中间位）")
    next_due_on: date | None = Field(..., description="最近的应办期限")
    overdue: bool = Field(..., description="是否有已超期的步骤")
    dues: list[DueOut] = Field(..., description="尚未办理的期限，最早的在前")


class PersonOut(Schema):
    role: str = Field(..., description="身份代码")
    role_label: str = Field(..., description="身份：谈话人、培养联系人、入党介绍人")
    name: str = Field(..., description="姓名")
    member_id: int | None = Field(..., description="党员编号（本平台的党员时）")


class VerdictOut(Schema):
    rule_id: str = Field(..., description="规则编号（供筛选和核对使用）")
    outcome: str = Field(..., description="结果代码：pass 符合，warn 提醒，block 不符合")
    outcome_label: str = Field(..., description="结果：符合、提醒、不符合")
    message: str = Field(..., description="检查说明")
    text: str = Field(..., description="含法规条款的完整说明")
    overridable: bool = Field(..., description="不符合时是否可由党委破例通过")


class OverrideOut(Schema):
    rule_id: str = Field(..., description="破例通过的检查的规则编号")
    citation: str = Field(..., description="该检查依据的法规和条款")
    reason: str = Field(..., description="特殊情况说明")


class StepOut(Schema):
    id: int = Field(..., description="步骤记录编号")
    code: str = Field(..., description="步骤代码")
    label: str = Field(..., description="步骤名称")
    step_number: int | None = Field(..., description="25个步骤中的序号")
    happened_on: date = Field(..., description="日期")
    body: str = Field(..., description="决定或实施主体代码")
    body_label: str = Field(..., description="决定或实施主体")
    stage_before: str = Field(..., description="此前的发展阶段代码")
    stage_after: str = Field(..., description="此后的发展阶段代码")
    stage_after_label: str = Field(..., description="此后的发展阶段")
    people: list[PersonOut] = Field(..., description="相关人员")
    verdicts: list[VerdictOut] = Field(..., description="记录时的检查结果")
    overrides: list[OverrideOut] = Field(..., description="破例通过的检查")
    note: str = Field(..., description="说明")
    recorded_at: datetime = Field(..., description="记录时间")


class TransitionOut(Schema):
    code: str = Field(..., description="步骤代码（记录步骤时提交）")
    label: str = Field(..., description="步骤名称")
    step_number: int | None = Field(..., description="25个步骤中的序号（终止类操作无）")
    target_stage: str = Field(..., description="此后的发展阶段代码")
    target_stage_label: str = Field(..., description="此后的发展阶段")
    recorded_by: list[str] = Field(..., description="由谁记录：党支部、具有审批权限的党委等")


class NextStepOut(Schema):
    transition: TransitionOut = Field(..., description="下一步")
    dues: list[DueOut] = Field(..., description="下一步的期限")


class ApplicantOut(ApplicantSummaryOut):
    birth_date: date = Field(..., description="出生日期")
    ethnicity: str = Field(..., description="民族")
    id_number: str = Field(..., description="公民身份号码（已隐去中间位）")
    phone: str = Field(..., description="手机号码（已隐去中间位）")
    personal_numbers_masked: bool = Field(..., description="身份证号和手机号是否已隐去")
    education: str = Field(..., description="学历代码")
    education_label: str = Field(..., description="学历")
    occupation: str = Field(..., description="工作岗位类别代码")
    occupation_label: str = Field(..., description="工作岗位类别")
    work_unit: str = Field(..., description="工作单位")
    received_on: date = Field(..., description="党组织收到申请日期")
    is_mobile: bool = Field(..., description="流动人员")
    transferred_in: bool = Field(..., description="转入人员")
    form_number: str | None = Field(..., description="入党志愿书编号")
    member_id: int | None = Field(..., description="接收为预备党员后的党员编号")
    steps: list[StepOut] = Field(..., description="已记录的步骤，按日期先后")
    next_step: NextStepOut | None = Field(..., description="25个步骤中的下一步及其期限")
    next_transitions: list[TransitionOut] = Field(
        ..., description="当前阶段可以记录的全部步骤（含终止类操作）"
    )


class StepResultOut(Schema):
    step: StepOut = Field(..., description="刚记录的步骤")
    applicant: ApplicantOut = Field(..., description="记录后的档案")


class StepCheckOut(Schema):
    blocked: bool = Field(..., description="是否有不符合规定、将被拒绝的检查")
    verdicts: list[VerdictOut] = Field(..., description="检查结果（不记录任何数据）")
