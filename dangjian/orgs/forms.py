from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from dangjian.core.actor import Actor
from dangjian.core.formfields import CountField
from dangjian.members.forms import (
    DATE_INPUT,
    ChineseForm,
    _org_choices,
    number_messages,
    set_choices,
)
from dangjian.orgs.models import UnitType
from dangjian.orgs.services import OrgInput
from dangjian.rules.organization import OrgKind

UNIT_COUNT_MAX = 32767  # a PositiveSmallIntegerField

ORG_LABELS = {
    "name": "名称", "short_name": "简称", "code": "组织代码", "kind": "组织类别", "parent_id": "上级党组织",
    "unit_name": "所在单位", "unit_type": "单位性质", "unit_count": "涉及单位数", "founded_on": "成立日期",
    "approval_document": "批准文号", "is_retirees_branch": "离退休党支部", "term_started_on": "本届任期开始",
    "sort_order": "排序",
}  # fmt: skip


class OrgForm(ChineseForm):
    name = forms.CharField(max_length=120)
    short_name = forms.CharField(max_length=60, required=False)
    code = forms.CharField(max_length=40)
    kind = forms.ChoiceField(choices=[(k.value, k.label) for k in OrgKind])
    parent_id = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    unit_name = forms.CharField(max_length=120, required=False)
    unit_type = forms.ChoiceField(choices=[("", "（未填）"), *UnitType.choices], required=False)
    unit_count = CountField(min_value=1, max_value=UNIT_COUNT_MAX, initial=1)
    founded_on = forms.DateField(widget=DATE_INPUT, required=False)
    approval_document = forms.CharField(max_length=120, required=False)
    is_retirees_branch = forms.BooleanField(required=False)
    term_started_on = forms.DateField(widget=DATE_INPUT, required=False)
    sort_order = CountField(initial=0)

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.label = ORG_LABELS[name]
            field.error_messages["required"] = f"{field.label}不能为空"
            number_messages(field, field.label)
        set_choices(self, "parent_id", [("", "（顶层）"), *_org_choices(user, False)])

    def to_input(self) -> OrgInput:
        data = dict(self.cleaned_data)
        for key in ("short_name", "unit_name", "unit_type", "approval_document"):
            data[key] = (data.get(key) or "").strip()
        return OrgInput(**data)


class OrgMoveForm(ChineseForm):
    new_parent_id = forms.TypedChoiceField(coerce=int, label="新的上级党组织")
    effective_on = forms.DateField(
        widget=DATE_INPUT, label="生效日期", help_text="上级党组织批复调整之日；不晚于今天"
    )

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_parent_id"].label = "新的上级党组织"
        set_choices(self, "new_parent_id", _org_choices(user, False))


class OrgDissolveForm(ChineseForm):
    dissolved_on = forms.DateField(widget=DATE_INPUT, label="撤销日期")
    reason = forms.CharField(max_length=300, label="撤销原因及批准文件")


class AsOfForm(ChineseForm):
    """The date of a historical member roll (历史党员名册)."""

    date = forms.DateField(widget=DATE_INPUT, label="查询日期")

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_date(self) -> dt.date:
        on: dt.date = self.cleaned_data["date"]
        if on > self.today:
            raise forms.ValidationError("查询日期不能晚于今天")
        return on
