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

# Member labels win over organisation labels ("name" is 姓名 for a member, 名称 for an org).
_COMMON = {**_org_labels(), **QUERY_LABELS, **MEETING_LABELS, **MEMBER_LABELS}
ORG_LABELS = {**_COMMON, **_org_labels()}


def field_label(field: str, *, organization: bool = False) -> str:
    """The Chinese name of ``field``; the field name itself when there is none."""
    labels = ORG_LABELS if organization else _COMMON
    return labels.get(field, field)
