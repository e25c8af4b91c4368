"""The forms of the 学习教育 pages: they parse the input; the services check and write."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from dangjian.assistant.selectors import visible_documents
from dangjian.core.actor import Actor
from dangjian.core.workbook import WorkbookField
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.study.models import ItemKind, PointSource

# A date input shows only an ISO value (YYYY-MM-DD), whatever the locale's format.
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_ERRORS = {"required": "请填写此项", "invalid": "格式不正确"}


class OrgChoiceForm(forms.Form):
    """A form whose first field picks one of ``organizations`` (those the user looks after)."""

    organization = forms.TypedChoiceField(label="党组织", coerce=int, error_messages=_ERRORS)

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(o.pk, o.name) for o in organizations]


class ItemForm(OrgChoiceForm):
    title = forms.CharField(label="学习内容", max_length=120, error_messages=_ERRORS)
    kind = forms.ChoiceField(label="类型", choices=ItemKind.choices, error_messages=_ERRORS)
    document = forms.TypedChoiceField(
        label="知识库文档", coerce=int, required=False, empty_value=None,
        help_text="类型为知识库文档时选择（含党内法规）",
    )  # fmt: skip
    url = forms.CharField(
        label="链接", max_length=300, required=False,
        help_text="视频或内网链接的地址，以http://、https://或/开头",
    )  # fmt: skip
    video = forms.FileField(label="视频文件", required=False,
                            help_text="类型为视频时可上传MP4或WebM文件，代替链接")  # fmt: skip
    hours = forms.CharField(label="学时", max_length=8, help_text="精确到0.1学时，如1.5",
                            error_messages=_ERRORS)  # fmt: skip
    due_on = forms.DateField(label="完成期限", widget=_DATE, error_messages=_ERRORS)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["document"]
        assert isinstance(field, forms.ChoiceField)
        documents = visible_documents(actor).order_by("title")[:500]
        field.choices = [("", "—"), *((d.pk, d.title) for d in documents)]


class ItemChangeForm(forms.Form):
    """The due date and hours of a published item, and why they change."""

    due_on = forms.DateField(label="完成期限", widget=_DATE, error_messages=_ERRORS)
    hours = forms.CharField(label="学时", max_length=8, help_text="精确到0.1学时，如1.5",
                            error_messages=_ERRORS)  # fmt: skip
    reason = forms.CharField(label="修改原因", max_length=200, error_messages=_ERRORS)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回原因", max_length=200, error_messages=_ERRORS)


class SessionForm(OrgChoiceForm):
    topic = forms.CharField(label="学习主题", max_length=120, error_messages=_ERRORS)
    held_on = forms.DateField(label="学习日期", widget=_DATE, error_messages=_ERRORS)
    hours = forms.CharField(label="学时", max_length=8, help_text="精确到0.1学时，如2.5",
                            error_messages=_ERRORS)  # fmt: skip
    members = forms.TypedMultipleChoiceField(
        label="参加人员", coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请选择参加学习的党员"},
    )  # fmt: skip

    def __init__(self, *args: Any, members: list[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(m.pk, f"{m.name}（{m.organization.name}）") for m in members]


class ExemptionForm(forms.Form):
    member = forms.TypedChoiceField(label="党员", coerce=int, error_messages=_ERRORS)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, error_messages=_ERRORS)
    reason = forms.CharField(label="免于考核原因", max_length=200, error_messages=_ERRORS,
                             help_text="如年老体弱、长期患病、出国（境）等")  # fmt: skip

    def __init__(self, *args: Any, members: list[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(m.pk, f"{m.name}（{m.organization.name}）") for m in members]


class QuestionImportForm(OrgChoiceForm):
    file = WorkbookField(label="题库文件", error_messages={"required": "请选择要导入的文件"})


class QuizForm(OrgChoiceForm):
    title = forms.CharField(label="测试名称", max_length=120, error_messages=_ERRORS)
    question_count = forms.IntegerField(label="每卷题数", min_value=1, max_value=200,
                                        error_messages=_ERRORS)  # fmt: skip
    minutes = forms.IntegerField(label="答题时限（分钟）", min_value=1, max_value=240,
                                 error_messages=_ERRORS)  # fmt: skip
    pass_score = forms.IntegerField(label="及格分", min_value=0, max_value=100, initial=60,
                                    error_messages=_ERRORS)  # fmt: skip
    due_on = forms.DateField(label="截止日期", widget=_DATE, error_messages=_ERRORS)


class PointItemForm(OrgChoiceForm):
    source = forms.ChoiceField(label="积分项目", choices=PointSource.choices)
    points = forms.IntegerField(
        label="每次积分", min_value=0, max_value=100, error_messages=_ERRORS
    )
    yearly_cap = forms.IntegerField(label="年度上限", min_value=0, max_value=10000, initial=0,
                                    help_text="0表示不设上限", error_messages=_ERRORS)  # fmt: skip


def year_of(value: str | None, today: date) -> int:
    """The year asked for in a query string; this year for anything else."""
    try:
        year = int(value or "")
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year + 1 else today.year
