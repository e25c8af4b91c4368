"""Forms of 党员服务: parse at the boundary, Chinese messages naming the field."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.errors import InvalidInput
from dangjian.orgs.models import Organization
from dangjian.portal.corrections import CORRECTABLE
from dangjian.portal.models import BODY_MAX, TITLE_MAX

# A browser's date picker reads only YYYY-MM-DD: the locale's "2026/11/30" would show blank.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _Chinese(forms.Form):
    """Required/too-long/invalid messages that name the field in Chinese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = field.label or ""
            field.error_messages["required"] = f"请填写{label}"
            field.error_messages["invalid"] = f"{label}格式不正确"
            field.error_messages["invalid_choice"] = f"{label}不是有效的选项"
            field.error_messages["max_length"] = f"{label}不能超过%(limit_value)d个字"

    def add_service_errors(self, error: InvalidInput) -> None:
        """Put each of the service's messages on its field (or on the form)."""
        for name, texts in error.errors.items():
            for text in texts:
                self.add_error(name if name in self.fields else None, text)


class BulletinForm(_Chinese):
    organization = forms.ModelChoiceField(label="发布组织", queryset=Organization.objects.none())
    title = forms.CharField(label="标题", max_length=TITLE_MAX)
    body = forms.CharField(
        label="正文", max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 8})
    )
    published_on = forms.DateField(label="发布日期", widget=DATE_INPUT)
    pinned = forms.BooleanField(label="置顶", required=False)

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organizations


class CorrectionForm(_Chinese):
    field = forms.ChoiceField(
        label="更正项目", choices=[(c.name, c.label) for c in CORRECTABLE.values()]
    )
    proposed_value = forms.CharField(
        label="正确值", max_length=200, help_text="日期写作YYYY-MM-DD；性别、学历写中文名称"
    )
    reason = forms.CharField(
        label="申请理由", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class RefuseForm(_Chinese):
    reason = forms.CharField(label="不同意的理由", max_length=500)
