"""Parsed, typed input of the member archive: what forms, the API and imports hand to services."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date


@dataclass(frozen=True)
class MemberInput:
    name: str
    gender: str
    birth_date: date
    id_number: str
    ethnicity: str
    education: str
    occupation: str
    stage: str
    dues_category: str
    organization_id: int
    joined_on: date | None = None
    confirmed_on: date | None = None
    applied_on: date | None = None
    phone: str = ""
    native_place: str = ""
    job_title: str = ""
    work_unit: str = ""
    address: str = ""
    party_group_id: int | None = None
    is_floating: bool = False
    floating_to: str = ""
    lost_contact_since: date | None = None
    in_difficulty: bool = False
    is_leading_cadre: bool = False


ARCHIVE_FIELDS = tuple(
    f.name
    for f in fields(MemberInput)
    if f.name not in {"organization_id", "party_group_id", "stage", "dues_category"}
)

FIELD_LABELS = {
    "name": "姓名",
    "gender": "性别",
    "birth_date": "出生日期",
    "id_number": "公民身份号码",
    "ethnicity": "民族",
    "education": "学历",
    "occupation": "工作岗位类别",
    "stage": "党员类别",
    "dues_category": "党费类别",
    "organization_id": "所在党组织",
    "joined_on": "入党时间",
    "confirmed_on": "转正时间",
    "applied_on": "申请入党日期",
    "phone": "手机号码",
    "native_place": "籍贯",
    "job_title": "职务/职称",
    "work_unit": "工作单位",
    "address": "家庭住址",
    "party_group_id": "所在党小组",
    "is_floating": "流动党员",
    "floating_to": "流动去向",
    "lost_contact_since": "失联起始日期",
    "in_difficulty": "困难党员",
    "is_leading_cadre": "领导干部",
    "status": "党籍状态",
    "effective_on": "生效日期",
    "reason": "原因",
}
