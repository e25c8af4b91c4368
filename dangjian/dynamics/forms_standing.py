"""Forms of lost contact, decisions on standing, exits and 限期改正: parse and name the field;
the services (``dynamics.standing``) decide."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.dynamics.forms import TEXTAREA, DynamicsForm
from dangjian.dynamics.standing import DecisionInput
from dangjian.dynamics.standing_models import DecisionKind, RemovalGround
from dangjian.members.forms import DATE_INPUT

EXIT_CHOICES = [
    (k.value, k.label)
    for k in (DecisionKind.DEATH, DecisionKind.WITHDRAWAL, DecisionKind.REMOVAL,
              DecisionKind.EXPULSION)
]  # fmt: skip


class LostContactForm(DynamicsForm):
    """失联 of one member: since when, in what circumstances."""

    member_id = forms.TypedChoiceField(label="失联党员", coerce=int)
    lost_since = forms.DateField(label="失去联系日期", widget=DATE_INPUT)
    circumstances = forms.CharField(
        label="失联情况", max_length=300, required=False, widget=TEXTAREA
    )

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member_id"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "请选择"), *members]


class SearchForm(DynamicsForm):
    """One search for a lost member."""

    searched_on = forms.DateField(label="查找日期", widget=DATE_INPUT)
    way = forms.CharField(label="查找方式", max_length=40, help_text="如：电话、走访、函询、公告")
    result = forms.CharField(label="查找结果", max_length=300, widget=TEXTAREA)


class FoundForm(DynamicsForm):
    """The member is found again."""

    found_on = forms.DateField(label="恢复联系日期", widget=DATE_INPUT)
    found_note = forms.CharField(label="恢复联系情况", max_length=300, widget=TEXTAREA)


class DecisionForm(DynamicsForm):
    """A decision as the deciding organisation took it (停止党籍, 除名, 恢复党籍, an exit)."""

    decided_on = forms.DateField(label="决定日期", widget=DATE_INPUT)
    deciding_org = forms.CharField(label="作出决定的党组织", max_length=120)
    document_number = forms.CharField(label="决定文号", max_length=80, required=False)
    reason = forms.CharField(label="事由", max_length=500, widget=TEXTAREA)

    def decision(self) -> DecisionInput:
        data = self.cleaned_data
        return DecisionInput(
            decided_on=data["decided_on"], deciding_org=data["deciding_org"],
            reason=data["reason"], document_number=data.get("document_number") or "",
            ground=data.get("ground") or "", branch_meeting_on=data.get("branch_meeting_on"),
        )  # fmt: skip


class RestoreForm(DecisionForm):
    """恢复党籍: the 支部党员大会 first, then the 党委's approval (the decision)."""

    branch_meeting_on = forms.DateField(label="支部党员大会讨论日期", widget=DATE_INPUT)


class ExitForm(DecisionForm):
    """出党: death, 退党, 除名 (with its ground and the 支部党员大会), 开除党籍."""

    kind = forms.ChoiceField(label="出党类型", choices=EXIT_CHOICES)
    ground = forms.ChoiceField(
        label="除名事由", choices=[("", "（除名时选择）"), *RemovalGround.choices], required=False
    )
    branch_meeting_on = forms.DateField(
        label="支部党员大会讨论日期", widget=DATE_INPUT, required=False
    )
    field_order = ["kind", "ground", "decided_on", "branch_meeting_on", "deciding_org",
                   "document_number", "reason"]  # fmt: skip


class CorrectionForm(DynamicsForm):
    """限期改正: from, until (at most one year), who decided, why."""

    starts_on = forms.DateField(label="起始日期", widget=DATE_INPUT)
    ends_on = forms.DateField(label="期满日期", widget=DATE_INPUT)
    deciding_org = forms.CharField(label="作出决定的党组织", max_length=120)
    reason = forms.CharField(label="事由", max_length=500, widget=TEXTAREA)


class CorrectionCloseForm(DynamicsForm):
    """How a 限期改正 came out."""

    outcome = forms.ChoiceField(
        label="结果", choices=[("corrected", "已改正"), ("not_corrected", "期满仍无转变")]
    )
    outcome_on = forms.DateField(label="结果认定日期", widget=DATE_INPUT)
    outcome_note = forms.CharField(label="结果说明", max_length=300, widget=TEXTAREA)
