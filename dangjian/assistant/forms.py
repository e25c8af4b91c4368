from __future__ import annotations

from typing import Any

from django import forms

from dangjian.assistant.models import Visibility
from dangjian.core.actor import Actor
from dangjian.members.forms import set_choices
from dangjian.orgs.selectors import org_choices


class AskForm(forms.Form):
    question = forms.CharField(
        max_length=500, strip=True,
        error_messages={"required": "请输入问题", "max_length": "问题不能超过500字"},
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "例如：预备期从什么时候算起？我们支部有多少预备党员？"}),
    )  # fmt: skip


class RetrievalTestForm(forms.Form):
    query = forms.CharField(max_length=200, label="测试问题")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f] or [
            super().clean(None, initial)
        ]


class UploadForm(forms.Form):
    files = MultipleFileField(  # type: ignore[assignment]
        label="文档（.docx .pdf .md .txt，可多选）",
        widget=MultipleFileInput,
        error_messages={"required": "请选择文件"},
    )
    owner_id = forms.TypedChoiceField(coerce=int, label="所属组织")
    visibility = forms.ChoiceField(choices=Visibility.choices, label="可见范围")

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (o.pk, "　" * (o.depth - 1) + o.name)
            for o in org_choices(user).exclude(kind__in=["group"])[:2000]
        ]
        set_choices(self, "owner_id", choices)
