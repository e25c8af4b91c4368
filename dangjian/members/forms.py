"""Forms parse what a person typed into a MemberInput; services do the checking."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from dangjian.core import bounds
from dangjian.core.actor import Actor
from dangjian.core.errors import InvalidInput
from dangjian.core.formfields import MoneyField
from dangjian.core.text import clean_text, kind_for_field
from dangjian.members.choices import (
    DUES_CATEGORY_CHOICES,
    ETHNICITIES,
    Education,
    Gender,
    Occupation,
    Stage,
    Status,
)
from dangjian.members.inputs import FIELD_LABELS, MemberInput, member_input_from
from dangjian.orgs.selectors import org_choices

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CHOICE_FIELDS = {
    "gender": Gender.choices,
    "education": Education.choices,
    "occupation": Occupation.choices,
    "stage": Stage.choices,
    "dues_category": DUES_CATEGORY_CHOICES,
}
REQUIRED_MESSAGE = "{label}不能为空"


def _org_choices(user: Actor, branches_only: bool) -> list[tuple[int, str]]:
    return [
        (o.pk, "　" * (o.depth - 1) + o.name)
        for o in org_choices(user, branches_only=branches_only)
    ]


def set_choices(form: forms.Form, name: str, choices: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def _bounded(name: str, field: forms.Field, value: Any) -> Any:
    """``value`` normalised (text) or checked against its declared range; ValueError if not."""
    if isinstance(value, str) and not isinstance(field, forms.ChoiceField):
        multiline = isinstance(field.widget, forms.Textarea)
        return clean_text(value, kind_for_field(name, multiline=multiline))
    if isinstance(value, dt.date) and isinstance(field, forms.DateField):
        return bounds.check_date(value)
    money = isinstance(field, MoneyField) and isinstance(value, Decimal)
    if money and not field.low <= value <= field.high:  # type: ignore[attr-defined]
        raise ValueError(field.range_text())  # type: ignore[attr-defined]
    return value


def number_messages(field: forms.Field, label: str) -> None:
    """Chinese messages naming the field and the range of a number field."""
    if isinstance(field, MoneyField):
        text = f"{label}{field.range_text()}"
        for key in (
            "max_value",
            "min_value",
            "max_digits",
            "max_decimal_places",
            "max_whole_digits",
        ):
            field.error_messages[key] = text
        field.error_messages["invalid"] = f"{label}应为金额，如1234.50"
    elif isinstance(field, forms.IntegerField):
        low, high = field.min_value, field.max_value
        field.error_messages["invalid"] = f"{label}应为整数"
        field.error_messages["min_value"] = f"{label}不能小于{low}"
        field.error_messages["max_value"] = f"{label}不能大于{high}"
    elif isinstance(field, forms.DateField):
        field.error_messages["invalid"] = f"{label}格式不正确，应为YYYY-MM-DD"


class ChineseForm(forms.Form):
    """Chinese labels and messages that name the field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            label = FIELD_LABELS.get(name, field.label or name)
            field.label = label
            field.error_messages["required"] = REQUIRED_MESSAGE.format(label=label)
            field.error_messages["invalid"] = f"{label}格式不正确"
            field.error_messages["invalid_choice"] = f"{label}不是有效的选项"
            number_messages(field, str(label))

    def clean(self) -> dict[str, Any]:
        """Every text through the one normaliser; every date and number within its range."""
        super().clean()
        data = self.cleaned_data
        for name, field in self.fields.items():
            if name not in data or data[name] is None:
                continue
            try:
                data[name] = _bounded(name, field, data[name])
            except ValueError as exc:
                self.add_error(name, f"{field.label}{exc}")
        return data

    def add_service_errors(self, error: InvalidInput) -> None:
        for field, messages in error.errors.items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)


class MemberForm(ChineseForm):
    name = forms.CharField(max_length=40)
    gender = forms.ChoiceField(choices=Gender.choices)
    ethnicity = forms.ChoiceField(choices=[(e, e) for e in ETHNICITIES], initial="汉族")
    birth_date = forms.DateField(widget=DATE_INPUT)
    # Longer than the number: it may be typed in groups ("110101 19900307 4573"); the service
    # reads it as every door does (rules.idcard.normalize_id_number, rules.numbers).
    id_number = forms.CharField(max_length=30, min_length=1, help_text="18位，末位可为X")
    phone = forms.CharField(
        max_length=30, required=False, help_text="11位手机号码，或带区号的固定电话"
    )
    native_place = forms.CharField(max_length=60, required=False)
    education = forms.ChoiceField(choices=Education.choices)
    occupation = forms.ChoiceField(choices=Occupation.choices)
    job_title = forms.CharField(max_length=60, required=False)
    work_unit = forms.CharField(max_length=120, required=False)
    address = forms.CharField(max_length=200, required=False)
    applied_on = forms.DateField(widget=DATE_INPUT, required=False)
    joined_on = forms.DateField(widget=DATE_INPUT, help_text="支部大会通过之日")
    confirmed_on = forms.DateField(widget=DATE_INPUT, required=False, help_text="预备期满之日")
    stage = forms.ChoiceField(choices=Stage.choices)
    dues_category = forms.ChoiceField(choices=DUES_CATEGORY_CHOICES)
    organization_id = forms.TypedChoiceField(coerce=int)
    party_group_id = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    is_floating = forms.BooleanField(required=False)
    floating_to = forms.CharField(max_length=120, required=False)
    lost_contact_since = forms.DateField(widget=DATE_INPUT, required=False)
    in_difficulty = forms.BooleanField(required=False)
    is_leading_cadre = forms.BooleanField(required=False)

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "organization_id", [("", "请选择党支部"), *_org_choices(user, True)])
        groups = [(o.pk, o.name) for o in org_choices(user).filter(kind="group")]
        set_choices(self, "party_group_id", [("", "（无）"), *groups])

    def to_input(self) -> MemberInput:
        return member_input_from(self.cleaned_data)


class MemberChangeForm(ChineseForm):
    """A dated change: transfer between branches, standing status, category or flags."""

    organization_id = forms.TypedChoiceField(coerce=int)
    status = forms.ChoiceField(choices=Status.choices)
    dues_category = forms.ChoiceField(choices=DUES_CATEGORY_CHOICES)
    is_floating = forms.BooleanField(required=False)
    floating_to = forms.CharField(max_length=120, required=False)
    lost_contact_since = forms.DateField(widget=DATE_INPUT, required=False)
    in_difficulty = forms.BooleanField(required=False)
    is_leading_cadre = forms.BooleanField(required=False)
    effective_on = forms.DateField(widget=DATE_INPUT)
    reason = forms.CharField(max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "organization_id", _org_choices(user, True))

    def changes(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("effective_on")
        data.pop("reason")
        data["floating_to"] = (data.get("floating_to") or "").strip()
        return data


class MemberFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        label="姓名/拼音/身份证号",
        help_text="姓名、拼音或首字母、身份证号（或其后4位、后6位）、电话号码",
    )
    organization_id = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label="所在组织（含下级）"
    )
    status = forms.ChoiceField(
        choices=[("", "在册（正常、停止党籍）"), *Status.choices], required=False, label="党籍状态"
    )
    stage = forms.ChoiceField(
        choices=[("", "全部"), *Stage.choices], required=False, label="党员类别"
    )
    dues_category = forms.ChoiceField(
        choices=[("", "全部"), *DUES_CATEGORY_CHOICES], required=False, label="党费类别"
    )
    gender = forms.ChoiceField(
        choices=[("", "全部"), *Gender.choices], required=False, label="性别"
    )
    age_band = forms.ChoiceField(required=False, label="年龄段")
    education = forms.ChoiceField(
        choices=[("", "全部"), *Education.choices], required=False, label="学历"
    )
    occupation = forms.ChoiceField(
        choices=[("", "全部"), *Occupation.choices], required=False, label="岗位类别"
    )
    flag = forms.ChoiceField(required=False, label="标记")

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        from dangjian.members.selectors import AGE_BAND_LIMITS, MEMBER_FLAGS

        super().__init__(*args, **kwargs)
        set_choices(self, "organization_id", [("", "全部"), *_org_choices(user, False)])
        set_choices(self, "age_band", [("", "全部")] + [(b, b) for b in AGE_BAND_LIMITS])
        set_choices(self, "flag", [("", "全部"), *MEMBER_FLAGS.items()])
