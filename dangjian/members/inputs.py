"""Parsed, typed input of the member archive: what forms, the API and imports hand to services."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dangjian.members.models import Member


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


# Optional texts: a blank form field or cell gives None or "", the archive keeps "".
OPTIONAL_TEXT_FIELDS = ("phone", "native_place", "job_title", "work_unit", "address", "floating_to")


def member_input_from(values: Mapping[str, Any]) -> MemberInput:
    """The one builder of a member row: a form's cleaned data, a file's row (over the member's
    current values), a demo person, each becomes a ``MemberInput`` here.

    Shape: field name -> value, keys among ``MemberInput``'s fields (another key is a
    programming error: TypeError). Optional texts: None -> "", outer spaces dropped; the ID
    number trimmed. Numbers are kept as typed, so a refusal quotes them; the service stores
    their canonical form (``rules.idcard.normalize_id_number``, ``rules.numbers``).
    """
    row = dict(values)
    for key in OPTIONAL_TEXT_FIELDS:
        row[key] = str(row.get(key) or "").strip()
    row["id_number"] = str(row.get("id_number") or "").strip()
    return MemberInput(**row)


def member_input_of(member: Member) -> MemberInput:
    """A member's archive as the input that would write it again unchanged.

    Personal numbers come decrypted; one not on file is "" (as a form or a file gives it), so
    comparing the result with a new input finds only real changes.
    """
    values = {f.name: getattr(member, f.name) for f in fields(MemberInput)}
    values["id_number"] = member.id_number or ""
    values["phone"] = member.phone or ""
    return MemberInput(**values)


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
