"""Forms turn what a person typed into the typed inputs of the dues services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from dangjian.core import bounds
from dangjian.core.formfields import MoneyField
from dangjian.core.workbook import WorkbookField
from dangjian.dues.collection import Payment
from dangjian.dues.models import IncomeKind, Method, PayerKind
from dangjian.members.forms import DATE_INPUT, ChineseForm
from dangjian.rules.citations import cite
from dangjian.rules.dates import YearMonth
from dangjian.rules.dues import ItemCategory, Rounding

MONTH_INPUT = forms.TextInput(attrs={"type": "month"})


class MonthField(forms.CharField):
    def to_python(self, value: Any) -> YearMonth | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return YearMonth(*bounds.parse_month(text))
        except ValueError as exc:
            raise forms.ValidationError(f"{self.label}：{exc}") from None


class PaymentForm(ChineseForm):
    paid_on = forms.DateField(label="交纳日期", widget=DATE_INPUT)
    method = forms.ChoiceField(label="交纳方式", choices=Method.choices)
    payer_kind = forms.ChoiceField(
        label="交纳人", choices=PayerKind.choices, initial=PayerKind.SELF
    )
    payer_name = forms.CharField(label="代缴人姓名", max_length=40, required=False)
    receipt_no = forms.CharField(label="收据号", max_length=40, required=False)
    amount = MoneyField(label="实交金额（留空为应交金额）", required=False, minimum=Decimal("0.01"))
    late_reason = forms.CharField(label="超过6个月补交的理由", max_length=200, required=False)

    def payment(self) -> Payment:
        data = self.cleaned_data
        return Payment(
            paid_on=data["paid_on"],
            method=data["method"],
            payer_kind=data["payer_kind"],
            payer_name=data.get("payer_name") or "",
            receipt_no=data.get("receipt_no") or "",
            amount=data.get("amount"),
            late_reason=data.get("late_reason") or "",
        )


class AdjustForm(PaymentForm):
    reason = forms.CharField(label="调整原因", max_length=300)
    due_delta = MoneyField(label="应交调整（元，可为负）", required=False, allow_negative=True)
    record_payment = forms.BooleanField(label="同时登记补交", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("paid_on", "method"):
            self.fields[name].required = False


class DeclareForm(ChineseForm):
    month = MonthField(label="月份", widget=MONTH_INPUT)
    kind = forms.ChoiceField(label="申报类型", choices=IncomeKind.choices)
    amount = MoneyField(label="金额（元）")
    evidence = forms.CharField(label="依据/凭证", max_length=300)


class UploadForm(ChineseForm):
    file = WorkbookField(label="工资表（.xlsx或.xls）")
    month = MonthField(label="工资月份（表中无“月份”列时必选）", required=False, widget=MONTH_INPUT)
    valid_only = forms.BooleanField(label="只导入校验通过的行", required=False)


class MappingForm(forms.Form):
    """One choice per payroll column not yet mapped; suggestions are pre-selected."""

    def __init__(
        self, *args: Any, headers: list[str], initial_map: dict[str, str], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        choices = [("", "请选择"), *[(c.value, c.label) for c in ItemCategory]]
        for i, header in enumerate(headers):
            self.fields[f"col_{i}"] = forms.ChoiceField(
                label=header, choices=choices, initial=initial_map.get(header, "")
            )
            self.fields[f"col_{i}"].error_messages["required"] = f"请为“{header}”选择类别"
        self.headers = headers

    def mapping(self) -> dict[str, str]:
        return {h: self.cleaned_data[f"col_{i}"] for i, h in enumerate(self.headers)}


class PolicyForm(ChineseForm):
    reading_2017 = forms.BooleanField(
        label="按2017年通知口径：扣除个人缴纳的社保、公积金、年金", required=False
    )
    cap_enabled = forms.BooleanField(label=f"启用每月党费上限{cite('DUES-10')}", required=False)
    monthly_cap = MoneyField(label="每月上限（元）", minimum=Decimal("0.01"))
    rounding = forms.ChoiceField(
        label=f"舍入方式{cite('DUES-15')}", choices=[(r.value, r.label) for r in Rounding]
    )
    fixed_yearly = forms.BooleanField(
        label=f"党费基数每年核定一次{cite('DUES-9', '2017通知')}", required=False
    )
    farmer_amount = MoneyField(label="农民党员每月党费（元，0.20至1.00）")
