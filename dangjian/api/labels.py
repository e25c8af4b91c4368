"""Chinese names of the fields an API client can send, for error messages."""

from __future__ import annotations

from dangjian.members.inputs import FIELD_LABELS as MEMBER_LABELS
from dangjian.orgs.models import Organization


def _org_labels() -> dict[str, str]:
    labels = {f.name: str(f.verbose_name) for f in Organization._meta.concrete_fields}
    labels["parent_id"] = "上级党组织"
    return labels


QUERY_LABELS = {
    "q": "关键词",
    "date": "查询日期",
    "page": "页码",
    "page_size": "每页条数",
    "age_band": "年龄段",
    "flag": "标记",
    "include_departed": "包括已转出、出党和去世的党员",
    "include_dissolved": "包括已撤销的党组织",
    "member_id": "党员编号",
    "org_id": "党组织编号",
    "entry_id": "台账记录编号",
    "entry_ids": "台账记录",
    "month": "月份",
    "paid_on": "交纳日期",
    "method": "交纳方式",
    "payer_kind": "交纳人",
    "payer_name": "代缴人姓名",
    "receipt_no": "收据号",
    "amount": "金额",
    "late_reason": "超过6个月补交的理由",
    "base": "党费基数",
    "items": "工资项目",
    "category": "类别",
}
# 组织生活 (/api/meetings).
MEETING_LABELS = {
    "topic": "会议主题", "kinds": "会议类型", "kind": "会议类型", "starts_at": "开始时间",
    "ends_at": "结束时间", "place": "地点", "online_link": "线上会议链接", "host_id": "主持人",
    "recorder_id": "记录人", "agenda": "议程", "content": "会议内容", "decisions": "决议事项",
    "speakers": "发言情况", "marks": "出席情况", "reason": "原因", "accept": "审核结论",
    "token": "签到码", "from": "会议日期起", "to": "会议日期止", "year": "年度",
    "organization_id": "党组织",
}  # fmt: skip

# 党员动态 (/api/dynamics): these win there ("effective_on" is the 转接日期, "place" the
# 流动去向); the services' own messages name the field in full.
DYNAMICS_LABELS = {
    "to_org_id": "转入党支部", "member_ids": "党员", "effective_on": "转接日期",
    "party_group_id": "编入党小组", "accepted_on": "接收日期", "transfer_id": "组织关系转接",
    "destination": "去往单位（党组织）", "issued_on": "开具日期", "letter_id": "介绍信",
    "receipt_on": "回执日期", "receipt_org": "回执单位", "direction": "流动方向",
    "since": "流动起始日期", "certificate_number": "流动党员活动证编号",
    "abroad_study": "出国（境）学习研究", "record_id": "流动党员记录", "contacted_on": "联系日期",
    "way": "联系方式", "summary": "情况", "returned_on": "返回日期", "waiting": "待我处理",
    "overdue": "逾期未回执", "include_returned": "包括已返回", "format": "文件格式",
    "note": "审批意见", "state": "状态", "place": "流动去向（流入来源）",
    "organization_id": "党支部", "member_id": "党员", "reason": "原因",
}  # fmt: skip

# 发展党员 (/api/development): a nested field is named by its path without list positions
# ("tally.yes", "notices.starts_on"); these win over the member labels there ("stage" is the
# 发展阶段, not the 党员类别).
DEVELOPMENT_LABELS = {
    "stage": "发展阶段",
    "due": "期限",
    "organization_id": "党支部",
    "applicant_id": "发展对象档案编号",
    "applied_on": "入党申请书日期",
    "received_on": "党组织收到申请日期",
    "is_mobile": "流动人员",
    "expected_leave_on": "预计离开工作、学习单位日期",
    "code": "步骤",
    "happened_on": "步骤日期",
    "note": "说明",
    "talker": "谈话人",
    "contact_ids": "培养联系人",
    "sponsor_ids": "入党介绍人",
    "recommendation": "推荐方式",
    "decided_by": "决定机构",
    "opinions": "听取意见的对象",
    "consented_on": "上级党委同意日期",
    "notices": "公示",
    "notices.place": "公示地点",
    "notices.starts_on": "公示开始日期",
    "notices.ends_on": "公示结束日期",
    "review_passed": "政治审查结论",
    "household_opinion_on": "户籍所在地党组织意见日期",
    "residence_opinion_on": "居住地党组织意见日期",
    "training_days": "培训天数",
    "training_hours": "培训学时",
    "form_number": "入党志愿书编号",
    "tally": "表决情况",
    "tally.present_ids": "到会党员",
    "tally.yes": "赞成票数",
    "tally.no": "反对票数",
    "tally.abstain": "弃权票数",
    "tally.written_yes_ids": "书面赞成的党员",
    "tally.written_other_ids": "提交其他书面意见的党员",
    "tally.performance": "表现评价",
    "present_ids": "到会党员",
    "written_yes_ids": "书面赞成的党员",
    "written_other_ids": "提交其他书面意见的党员",
    "present": "实到人数",
    "yes": "赞成票数",
    "no": "反对票数",
    "abstain": "弃权票数",
    "written_yes": "书面赞成票数",
    "written_other": "其他书面意见数",
    "collective": "集体讨论、逐个审议",
    "collective_oath": "集体宣誓",
    "extension_months": "延长预备期月数",
    "materials": "材料",
    "department_approved": "组织部门批准",
    "overrides": "破例通过",
    "target_stage": "转入后的阶段",
}

# 班子与换届 (/api/elections).
ELECTION_LABELS = {
    "seats": "应选委员人数", "candidate_ids": "候选人", "requested_on": "请示日期",
    "approved_on": "批准日期", "document": "文号", "held_on": "选举大会日期",
    "left_out": "经批准不列入应到人数的党员", "ballots": "计票", "member_id": "党员编号",
    "invalid_ballots": "无效票", "reported_on": "报告日期", "confirmed_on": "批准日期",
    "posts": "委员分工", "title": "职务", "number": "届次", "elected_on": "选举日期",
    "approval_document": "批复文号", "new_due_on": "新的换届日期", "approver": "批准机关",
    "term_id": "届次记录编号", "election_id": "换届选举编号", "sort": "排序",
    "present_ids": "到会党员", "open_only": "只看进行中的换届选举",
    "due_only": "只看6个月内到期或已届满的",
}  # fmt: skip


def _discipline_labels() -> dict[str, str]:
    """党纪处分 (/api/discipline): the sanction's own field names ("kind" is 处分种类 there)."""
    from dangjian.discipline.models import SanctionRecord

    labels = {f.name: str(f.verbose_name) for f in SanctionRecord._meta.concrete_fields}
    labels.update(member_id="党员", sanction_id="处分记录", with_exit="同时登记出党",
                  correction_reason="更正原因", term_months="留党察看期限（月）")  # fmt: skip
    return labels


# One table per router, chosen by the request's path (/api/<router>/...): a field name means
# what its own router means by it ("kind" is 会议类型 in meetings, 处分种类 in discipline;
# "confirmed_on" is the 批准日期 of an election, the 转正时间 of a member), never what another
# router's table says.
# 党员服务 (/api/portal).
PORTAL_LABELS = {
    "organization_id": "发布组织", "title": "标题", "body": "正文", "published_on": "发布日期",
    "pinned": "置顶", "field": "更正项目", "proposed_value": "正确值", "reason": "理由",
    "bulletin_id": "通知编号", "request_id": "申请编号",
}  # fmt: skip

# 智能研判 (/api/alerts): the list's filters.
ALERT_LABELS = {
    "kind": "预警类型",
    "severity": "严重程度",
    "state": "状态",
    "organization_id": "党组织",
}

ROUTER_LABELS: dict[str, dict[str, str]] = {
    "alerts": ALERT_LABELS,
    "meetings": MEETING_LABELS,
    "dynamics": DYNAMICS_LABELS,
    "elections": ELECTION_LABELS,
    "discipline": _discipline_labels(),
    "portal": PORTAL_LABELS,
}

# Member labels win over organisation labels ("name" is 姓名 for a member, 名称 for an org).
_COMMON = {**_org_labels(), **QUERY_LABELS, **MEETING_LABELS, **ELECTION_LABELS, **MEMBER_LABELS}
ORG_LABELS = {**_COMMON, **_org_labels()}


def field_label(
    field: str,
    *,
    organization: bool = False,
    development: bool = False,
    dynamics: bool = False,
    router: str = "",
) -> str:
    """The Chinese name of ``field``; the field name itself when there is none.

    ``router``: the API router the field was sent to ("discipline"); its table
    (``ROUTER_LABELS``) wins. ``development``: a 发展党员 field, whose dotted path
    ("tally.yes", "notices.0.place") is looked up without its list positions before its
    first part."""
    own = ROUTER_LABELS.get(router, {})
    if field.split(".")[0] in own:
        return own[field.split(".")[0]]
    if development:
        path = ".".join(p for p in field.split(".") if not p.isdigit())
        for key in (path, field.split(".")[0]):
            if key in DEVELOPMENT_LABELS:
                return DEVELOPMENT_LABELS[key]
    if dynamics and field in DYNAMICS_LABELS:
        return DYNAMICS_LABELS[field]
    labels = ORG_LABELS if organization else _COMMON
    return labels.get(field.split(".")[0] if development else field, field)
