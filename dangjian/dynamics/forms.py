"""Forms of the 党员动态管理 pages: parse and name the field; the services decide."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from dangjian.members.forms import DATE_INPUT, REQUIRED_MESSAGE, ChineseForm
from dangjian.rules.date_text import DateTextError, parse_month_text

TEXTAREA = forms.Textarea(attrs={"rows": 2})


class DuesMonthField(forms.Field):
    """党费交至: the month dues are paid up to ("2024-05", "2024年5月", "2024.5", or any day of
    it), cleaned to the month's first day, as a transfer stores it."""

    widget = forms.TextInput(attrs={"maxlength": 20, "placeholder": "如2024-05"})

    def to_python(self, value: Any) -> date | None:
        text = str(value or "").strip()
        if not text:
            return None
        if len(text) > 20:
            raise forms.ValidationError("请填写年月，如2024-05或2024年5月")
        try:
            month = parse_month_text(text)
        except DateTextError as error:
            raise forms.ValidationError(str(error)) from None
        if not 1900 <= month.year <= 2099:
            raise forms.ValidationError("年份应在1900至2099之间")
        return date(month.year, month.month, 1)


class DynamicsForm(ChineseForm):
    """``ChineseForm`` keeping the labels declared here ("转接原因", not the archive's "原因"):
    a message names the field as this page shows it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            declared = self.base_fields[name].label
            if declared and declared != field.label:
                field.label = declared
                field.error_messages["required"] = REQUIRED_MESSAGE.format(label=declared)
                field.error_messages["invalid"] = f"{declared}格式不正确"
                field.error_messages["invalid_choice"] = f"{declared}不是有效的选项"


class TransferStartForm(DynamicsForm):
    """组织关系转接 of one member: destination branch (any of the deployment), date, reason."""

    to_org_id = forms.IntegerField(label="转入党支部", widget=forms.Select())
    effective_on = forms.DateField(label="转接日期", widget=DATE_INPUT)
    reason = forms.CharField(label="转接原因", max_length=300, widget=TEXTAREA)


class TransferBatchForm(TransferStartForm):
    """Several members of one branch to one destination, all or none."""

    member_ids = forms.TypedMultipleChoiceField(
        label="转接党员", coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member_ids"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = members
        field.error_messages["required"] = "请选择要转接的党员"


class ReasonForm(DynamicsForm):
    """A refusal or a cancellation: the reason is required (MEM-2)."""

    reason = forms.CharField(label="原因", max_length=300, widget=TEXTAREA)

    LABELS = {"refuse": "退回原因", "cancel": "撤销原因", "approve": "审批意见"}

    def __init__(self, *args: Any, label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        label = label or self.LABELS.get(self.prefix or "", "原因")
        field = self.fields["reason"]
        field.label = label
        field.error_messages["required"] = REQUIRED_MESSAGE.format(label=label)
        if self.prefix == "approve":  # an opinion is optional; a refusal's reason is not
            field.required = False


class AcceptForm(DynamicsForm):
    """The receiving branch places the member (党小组 optional)."""

    party_group_id = forms.TypedChoiceField(
        label="编入党小组", coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, groups: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["party_group_id"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "（暂不编入党小组）"), *groups]


class LetterForm(DynamicsForm):
    """介绍信: where to, why."""

    destination = forms.CharField(label="去往单位（党组织）", max_length=120)
    reason = forms.CharField(label="转接原因", max_length=300, widget=TEXTAREA)


class ReceiptForm(DynamicsForm):
    """The 回执 that came back."""

    receipt_on = forms.DateField(label="回执日期", widget=DATE_INPUT)
    receipt_org = forms.CharField(label="回执单位", max_length=120)


class FloatingForm(DynamicsForm):
    """A floating record: 流出 of one of our members, or 流入 of a person from elsewhere."""

    direction = forms.ChoiceField(label="方向", choices=[("out", "流出"), ("in", "流入")])
    member_id = forms.TypedChoiceField(
        label="流出党员", coerce=int, required=False, empty_value=None
    )
    name = forms.CharField(label="姓名（流入）", max_length=40, required=False)
    place = forms.CharField(label="流动去向（流入来源）", max_length=120)
    since = forms.DateField(label="流动起始日期", widget=DATE_INPUT)
    contact = forms.CharField(label="联系方式", max_length=60, required=False)
    certificate_number = forms.CharField(label="流动党员活动证编号", max_length=40, required=False)
    abroad_study = forms.BooleanField(label="出国（境）学习研究", required=False)

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member_id"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "（流入时不选）"), *members]


class ContactForm(DynamicsForm):
    """One contact with a floating member."""

    contacted_on = forms.DateField(label="联系日期", widget=DATE_INPUT)
    way = forms.CharField(label="联系方式", max_length=20)
    summary = forms.CharField(label="情况", max_length=300, required=False, widget=TEXTAREA)


class ReturnForm(DynamicsForm):
    """The floating member came back."""

    returned_on = forms.DateField(label="返回日期", widget=DATE_INPUT)
