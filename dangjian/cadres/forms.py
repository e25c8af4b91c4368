"""Forms of the cadre database's pages: each turns what was typed into the values one cadre
service takes (``cadre_post_assign``, ``cadre_post_end``, ``cadre_record_add``), naming the field
in Chinese when it cannot. The services check the values (every door the same)."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.cadres.models import AssessmentResult, PostKind, PostLevel
from dangjian.core import bounds
from dangjian.core.errors import InvalidInput
from dangjian.core.text import TextError, clean_text, kind_for_field
from dangjian.members.choices import Education
from dangjian.members.forms import DATE_INPUT, REQUIRED_MESSAGE, number_messages

TITLE_GRADES = [("", "未定级"), ("正高级", "正高级"), ("副高级", "副高级"), ("中级", "中级"),
                ("初级", "初级")]  # fmt: skip


class CadreForm(forms.Form):
    """Labels from each field's ``label``; messages that name the field; texts through the one
    normaliser; dates within the platform's range."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = str(field.label)
            field.error_messages["required"] = REQUIRED_MESSAGE.format(label=label)
            field.error_messages["invalid"] = f"{label}格式不正确"
            field.error_messages["invalid_choice"] = f"{label}不是有效的选项"
            field.error_messages["max_length"] = f"{label}过长"
            number_messages(field, label)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name, field in self.fields.items():
            value = data.get(name)
            try:
                if isinstance(value, str) and not isinstance(field, forms.ChoiceField):
                    data[name] = clean_text(value, kind_for_field(name))
                elif isinstance(field, forms.DateField) and value is not None:
                    bounds.check_date(value)
            except (TextError, ValueError) as exc:
                self.add_error(name, f"{field.label}{exc}")
        return data

    def add_service_errors(self, error: InvalidInput) -> None:
        """Each of the service's messages on its field (or on the form)."""
        for name, messages in error.errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


class PostForm(CadreForm):
    kind = forms.ChoiceField(label="职务类别", choices=PostKind.choices)
    unit = forms.CharField(label="任职单位（部门）", max_length=120)
    title = forms.CharField(label="职务", max_length=60)
    level = forms.ChoiceField(label="职务层级", choices=PostLevel.choices)
    started_on = forms.DateField(label="任职时间", widget=DATE_INPUT)


class PostEndForm(CadreForm):
    ended_on = forms.DateField(label="免职时间", widget=DATE_INPUT)


class EducationForm(CadreForm):
    level = forms.ChoiceField(label="学历", choices=Education.choices)
    degree = forms.CharField(label="学位", max_length=20, required=False)
    school = forms.CharField(label="毕业院校", max_length=80, required=False)
    major = forms.CharField(label="专业", max_length=60, required=False)
    full_time = forms.BooleanField(label="全日制", required=False, initial=True)
    graduated_on = forms.DateField(label="毕业时间", widget=DATE_INPUT)


class TitleForm(CadreForm):
    name = forms.CharField(label="专业技术职称", max_length=60)
    grade = forms.ChoiceField(label="等级", choices=TITLE_GRADES, required=False)
    obtained_on = forms.DateField(label="取得时间", widget=DATE_INPUT)


class TrainingForm(CadreForm):
    name = forms.CharField(label="培训项目", max_length=120)
    organiser = forms.CharField(label="主办单位", max_length=120, required=False)
    started_on = forms.DateField(label="开始日期", widget=DATE_INPUT)
    ended_on = forms.DateField(label="结束日期", widget=DATE_INPUT)
    hours = forms.IntegerField(label="学时", min_value=1, max_value=2000)


class AssessmentForm(CadreForm):
    year = forms.IntegerField(label="考核年度", min_value=1950, max_value=2100)
    result = forms.ChoiceField(label="考核结果", choices=AssessmentResult.choices)


class MatterReportForm(CadreForm):
    year = forms.IntegerField(label="报告年度", min_value=1950, max_value=2100)
    due_on = forms.DateField(label="报告截止日期", widget=DATE_INPUT)
    reported_on = forms.DateField(label="报告日期", widget=DATE_INPUT, required=False)


class ReserveForm(CadreForm):
    unit = forms.CharField(label="拟任单位（部门）", max_length=120)
    title = forms.CharField(label="拟任职务", max_length=60)
    since = forms.DateField(label="列为后备时间", widget=DATE_INPUT)


# The records added through a page: the service's kind -> (form, page title).
RECORD_FORMS: dict[str, tuple[type[CadreForm], str]] = {
    "education": (EducationForm, "学历学位"),
    "title": (TitleForm, "专业技术职称"),
    "training": (TrainingForm, "培训记录"),
    "assessment": (AssessmentForm, "年度考核结果"),
    "matter_report": (MatterReportForm, "个人有关事项报告"),
    "reserve": (ReserveForm, "后备干部"),
}
