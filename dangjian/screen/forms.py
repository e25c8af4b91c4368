"""The form of a new kiosk link (展示链接)."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.accounts.access import may_manage_org
from dangjian.core.actor import Actor
from dangjian.members.forms import ChineseForm
from dangjian.orgs.selectors import org_choices
from dangjian.screen.kiosk import MAX_DAYS, KioskInput


class KioskForm(ChineseForm):
    organization_id = forms.TypedChoiceField(label="党组织", coerce=int)
    label = forms.CharField(label="用途", max_length=60, help_text="例如：三楼会议室大屏")
    days = forms.IntegerField(label="有效天数", min_value=1, max_value=MAX_DAYS, initial=90)

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only organisations the user administers (a link shows their whole subtree).
        orgs = [o for o in org_choices(user).exclude(kind="group")[:500] if may_manage_org(user, o)]
        choices = [(o.pk, o.name) for o in orgs]
        field = self.fields["organization_id"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = choices

    def to_input(self) -> KioskInput:
        data = self.cleaned_data
        return KioskInput(organization_id=data["organization_id"], label=data["label"],
                          days=data["days"])  # fmt: skip
