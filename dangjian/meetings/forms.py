"""Forms of 组织生活: they parse what a person typed into the inputs the services take; the
services do the checking (and name the field when they refuse)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.utils import timezone

from dangjian.core import bounds
from dangjian.core.errors import InvalidInput
from dangjian.meetings.inputs import MeetingInput, MinutesInput
from dangjian.meetings.models import Mark
from dangjian.members.register import RegisterEntry
from dangjian.orgs.models import Organization

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MeetingForm(forms.Form):
    """Chinese messages that name the field; a service's refusal lands on its field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = field.label or ""
            field.error_messages["required"] = f"{label}不能为空"
            field.error_messages["invalid"] = f"{label}格式不正确"
            field.error_messages["invalid_choice"] = f"{label}不是有效的选项"
            field.error_messages["invalid_list"] = f"{label}不是有效的选项"
            field.error_messages["max_length"] = f"{label}过长"
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = f"{label}格式不正确，应为YYYY-MM-DD"
            if isinstance(field, forms.TimeField):
                field.error_messages["invalid"] = f"{label}格式不正确，应为HH:MM"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, field in self.fields.items():
            value = data.get(name)
            if isinstance(value, date) and isinstance(field, forms.DateField):
                try:
                    data[name] = bounds.check_date(value)
                except ValueError as exc:
                    self.add_error(name, f"{field.label}{exc}")
        return data

    def add_service_errors(self, error: InvalidInput) -> None:
        """Put each of the service's messages on the field it names (the form's top otherwise)."""
        aliases = {"starts_at": "held_on", "ends_at": "ends", "organization_id": "organization",
                   "host_id": "host", "recorder_id": "recorder"}  # fmt: skip
        for field, messages in error.errors.items():
            name = aliases.get(field, field)
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message)


class PlanForm(MeetingForm):
    """Plan a meeting: kinds (several allowed), day and times, place or link, people, agenda."""

    organization = forms.TypedChoiceField(label="召开组织", coerce=int)
    topic = forms.CharField(label="会议主题", max_length=120)
    kinds = forms.MultipleChoiceField(
        label="会议类型", widget=forms.CheckboxSelectMultiple,
        help_text="一次会议可同时计为多种类型（如主题党日同时为本季度支部党员大会和党课）",
    )  # fmt: skip
    held_on = forms.DateField(label="会议日期", widget=DATE_INPUT)
    starts = forms.TimeField(label="开始时间", widget=TIME_INPUT, initial=time(14, 30))
    ends = forms.TimeField(label="结束时间", widget=TIME_INPUT, initial=time(16, 30))
    place = forms.CharField(label="地点", max_length=120, required=False)
    online_link = forms.CharField(label="线上会议链接", max_length=300, required=False)
    host = forms.TypedChoiceField(label="主持人", coerce=int, required=False, empty_value=None)
    recorder = forms.TypedChoiceField(label="记录人", coerce=int, required=False, empty_value=None)
    agenda = forms.CharField(label="议程", widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(
        self,
        *args: Any,
        holders: list[Organization],
        people: list[tuple[int, str]],
        kinds: dict[str, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._set("organization", [(o.pk, o.name) for o in holders])
        self._set("kinds", list(kinds.items()))
        self._set("host", [("", "（未指定）"), *people])
        self._set("recorder", [("", "（未指定）"), *people])

    def _set(self, name: str, choices: list[Any]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", "结束时间应晚于开始时间")
        return data

    def to_input(self) -> MeetingInput:
        d = self.cleaned_data
        zone = timezone.get_current_timezone()
        day: date = d["held_on"]
        return MeetingInput(
            organization_id=d["organization"],
            topic=d["topic"],
            kinds=tuple(d["kinds"]),
            starts_at=datetime.combine(day, d["starts"], tzinfo=zone),
            ends_at=datetime.combine(day, d["ends"], tzinfo=zone),
            place=d["place"],
            online_link=d["online_link"],
            host_id=d["host"],
            recorder_id=d["recorder"],
            agenda=d["agenda"],
        )


MARK_CHOICES = [("", "（未标记）"), *Mark.choices]


class MinutesForm(MeetingForm):
    """The minutes, and one mark per person who should attend (``mark_<member id>``)."""

    content = forms.CharField(label="会议内容", widget=forms.Textarea(attrs={"rows": 6}))
    decisions = forms.CharField(
        label="决议事项", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    speakers = forms.CharField(
        label="发言情况", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    reason = forms.CharField(
        label="修改原因",
        max_length=300,
        required=False,
        help_text="修改已记录或已审核的会议记录时必填",
    )

    def __init__(self, *args: Any, people: list[RegisterEntry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = people
        for entry in people:
            self.fields[f"mark_{entry.member_id}"] = forms.ChoiceField(
                label=entry.name, choices=MARK_CHOICES, required=False
            )
            self.fields[f"mark_{entry.member_id}"].error_messages["invalid_choice"] = (
                f"{entry.name}的出席情况不是有效的选项"
            )

    def text_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("content", "decisions", "speakers", "reason")]

    def mark_rows(self) -> list[tuple[RegisterEntry, forms.BoundField]]:
        return [(e, self[f"mark_{e.member_id}"]) for e in self.people]

    def to_input(self) -> MinutesInput:
        d = self.cleaned_data
        marks = tuple(
            (e.member_id, d[f"mark_{e.member_id}"]) for e in self.people if d[f"mark_{e.member_id}"]
        )
        return MinutesInput(
            content=d["content"], decisions=d["decisions"], speakers=d["speakers"], marks=marks
        )


class ReasonForm(MeetingForm):
    """A reason (leave, cancellation, return of a record)."""

    reason = forms.CharField(label="原因", max_length=300, required=False)


class LeaveForm(MeetingForm):
    reason = forms.CharField(label="请假事由", max_length=300)


class ExcusalForm(MeetingForm):
    """MEET-10: a member excused from attending for a span, with the reason."""

    member = forms.TypedChoiceField(label="党员", coerce=int)
    reason = forms.CharField(label="原因", max_length=200,
                             help_text="如年老体弱、长期患病、出国（境）学习工作、流动外出等")  # fmt: skip
    starts_on = forms.DateField(label="起始日期", widget=DATE_INPUT)
    ends_on = forms.DateField(label="结束日期", widget=DATE_INPUT, required=False,
                              help_text="不填表示长期")  # fmt: skip

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = people
        self.fields["member"].error_messages["invalid_choice"] = "所选党员不在本支部"


class MatrixForm(MeetingForm):
    """Which subtree, year and grain (months or quarters) the compliance matrix shows."""

    org = forms.TypedChoiceField(label="党组织", coerce=int, required=False, empty_value=None)
    year = forms.IntegerField(
        label="年度", min_value=2000, max_value=bounds.YEAR_MAX, required=False
    )
    grain = forms.ChoiceField(
        label="按", choices=[("quarter", "季度"), ("month", "月份")], required=False
    )

    def __init__(self, *args: Any, orgs: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["org"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "（全部）")] + [(o.pk, "　" * (o.depth - 1) + o.name) for o in orgs]
        years = f"年度应在2000至{bounds.YEAR_MAX}之间"
        self.fields["year"].error_messages["min_value"] = years
        self.fields["year"].error_messages["max_value"] = years


class ScopeYearForm(MatrixForm):
    """Which subtree and year a 党委's yearly list shows (the matrix's form without the grain)."""

    def __init__(self, *args: Any, orgs: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, orgs=orgs, **kwargs)
        del self.fields["grain"]
