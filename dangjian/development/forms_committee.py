"""Forms of the 党委's pages: parse and name each field; the services do the rest."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.development.plan_services import QUOTA_MAX, WIDTH_RANGE, YEARS
from dangjian.members.forms import ChineseForm
from dangjian.orgs.models import Organization


def _committee_select(committees: list[Organization]) -> forms.Select:
    # A select over the committees the user administers; the value is parsed as a number and
    # the service decides (403 for a 党委 outside the user's rights, not "invalid choice").
    return forms.Select(choices=[("", "请选择党委")] + [(c.pk, c.name) for c in committees])


class YearForm(ChineseForm):
    year = forms.IntegerField(label="年度", min_value=YEARS[0], max_value=YEARS[1])


class AnnualPlanForm(ChineseForm):
    organization_id = forms.IntegerField(label="党委")
    year = forms.IntegerField(label="年度", min_value=YEARS[0], max_value=YEARS[1])
    quota = forms.IntegerField(label="计划发展党员数", min_value=0, max_value=QUOTA_MAX)

    def __init__(self, *args: Any, committees: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization_id"].widget = _committee_select(committees)


class NumberRangeForm(ChineseForm):
    organization_id = forms.IntegerField(label="党委")
    first = forms.IntegerField(label="起始号", min_value=0, max_value=10**18 - 1)
    last = forms.IntegerField(label="终止号", min_value=0, max_value=10**18 - 1)
    width = forms.IntegerField(
        label="位数", min_value=WIDTH_RANGE[0], max_value=WIDTH_RANGE[1], initial=10,
        help_text="印制的编号位数，不足位数前补0",
    )  # fmt: skip

    def __init__(self, *args: Any, committees: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization_id"].widget = _committee_select(committees)
