"""Forms of the meeting votes, 谈心谈话, 民主评议, 整改 and year-plan pages: they parse what was
typed; the services in votes.py, talks.py, reviews.py and plans.py do the checking, and a
refusal lands on the field it names."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.errors import InvalidInput
from dangjian.meetings.forms import DATE_INPUT, MeetingForm
from dangjian.meetings.models import Rating, TalkKind

MOST = 100000  # no branch counts more votes


class LifeForm(MeetingForm):
    """Chinese messages naming the field; a service's ``x_id`` lands on the field ``x``."""

    aliases: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = field.label or ""
            field.error_messages["min_value"] = f"{label}不能小于%(limit_value)s"
            field.error_messages["max_value"] = f"{label}不能大于%(limit_value)s"

    def add_service_errors(self, error: InvalidInput) -> None:
        for field, messages in error.errors.items():
            name = self.aliases.get(field, field.removesuffix("_id"))
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message)


class VoteForm(LifeForm):
    """A vote at a 支部党员大会 (MEET-1) or a 支部委员会会议 (MEET-2)."""

    aliases = {"present_ids": "present"}
    subject = forms.CharField(label="表决事项", max_length=200)
    kind = forms.ChoiceField(label="表决所在会议")
    present = forms.TypedMultipleChoiceField(
        label="到会人员", coerce=int, widget=forms.CheckboxSelectMultiple, required=False,
        help_text="只列有表决权的应到人员；支部委员会会议只计会议当日在任的支部委员；"
        "会议已记录出席情况的，按记录中的出席、迟到计算，可不勾选",
    )  # fmt: skip
    yes = forms.IntegerField(label="赞成票", min_value=0, max_value=MOST)
    no = forms.IntegerField(label="反对票", initial=0, min_value=0, max_value=MOST)
    abstain = forms.IntegerField(label="弃权票", initial=0, min_value=0, max_value=MOST)

    def __init__(
        self, *args: Any, kinds: list[tuple[str, str]], people: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
        self.fields["present"].choices = people  # type: ignore[attr-defined]


class TalkForm(LifeForm):
    """One 谈心谈话 (MEET-7)."""

    kind = forms.ChoiceField(label="谈话类型", choices=TalkKind.choices)
    talker = forms.TypedChoiceField(label="谈话人", coerce=int)
    listener = forms.TypedChoiceField(label="谈话对象", coerce=int)
    held_on = forms.DateField(label="谈话日期", widget=DATE_INPUT)
    summary = forms.CharField(
        label="谈话要点", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "请选择"), *people]
        self.fields["talker"].choices = choices  # type: ignore[attr-defined]
        self.fields["listener"].choices = choices  # type: ignore[attr-defined]


class TalkPlanForm(LifeForm):
    """A 谈心谈话 scheduled ahead (MEET-7): the two people and the day."""

    kind = forms.ChoiceField(label="谈话类型", choices=TalkKind.choices)
    talker = forms.TypedChoiceField(label="谈话人", coerce=int)
    listener = forms.TypedChoiceField(label="谈话对象", coerce=int)
    planned_on = forms.DateField(label="计划谈话日期", widget=DATE_INPUT)
    topic = forms.CharField(label="谈话主题", max_length=120, required=False)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "请选择"), *people]
        self.fields["talker"].choices = choices  # type: ignore[attr-defined]
        self.fields["listener"].choices = choices  # type: ignore[attr-defined]


class TalkHeldForm(LifeForm):
    """A planned talk recorded as held: the day it took place and its summary."""

    held_on = forms.DateField(label="谈话日期", widget=DATE_INPUT)
    summary = forms.CharField(label="谈话要点", max_length=500, required=False)


class ReviewForm(LifeForm):
    """One member's 民主评议 (MEET-6): the three parts, then the rating."""

    aliases = {"poll": "poll_excellent"}
    self_assessment = forms.CharField(
        label="个人自评", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    peer_assessment = forms.CharField(
        label="党员互评", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    poll_excellent = forms.IntegerField(
        label="民主测评：优秀（票）", required=False, min_value=0, max_value=MOST
    )
    poll_qualified = forms.IntegerField(
        label="民主测评：合格（票）", required=False, min_value=0, max_value=MOST
    )
    poll_basically = forms.IntegerField(
        label="民主测评：基本合格（票）", required=False, min_value=0, max_value=MOST
    )
    poll_unqualified = forms.IntegerField(
        label="民主测评：不合格（票）", required=False, min_value=0, max_value=MOST
    )
    rating = forms.ChoiceField(
        label="评定等次", required=False, choices=[("", "暂不评定"), *Rating.choices],
        help_text="个人自评、党员互评、民主测评完成后，方可提出评定意见",
    )  # fmt: skip
    rated_on = forms.DateField(label="评定日期", required=False, widget=DATE_INPUT)

    POLLS = ("poll_excellent", "poll_qualified", "poll_basically", "poll_unqualified")

    def poll(self) -> tuple[int, int, int, int] | None:
        """The four counts when any was typed (an empty one is 0); ``None`` when none was."""
        values = [self.cleaned_data.get(name) for name in self.POLLS]
        if all(v is None for v in values):
            return None
        a, b, c, d = (v or 0 for v in values)
        return (a, b, c, d)


class RectificationForm(LifeForm):
    """An issue found at a 组织生活会 and its 整改."""

    issue = forms.CharField(label="查摆问题", max_length=300)
    measure = forms.CharField(
        label="整改措施", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.TypedChoiceField(label="责任人", coerce=int)
    due_on = forms.DateField(label="整改时限", widget=DATE_INPUT)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "请选择"), *people]  # type: ignore[attr-defined]


class CloseForm(LifeForm):
    """Close a 整改 item with its result."""

    item = forms.IntegerField(label="整改事项", widget=forms.HiddenInput)
    done_on = forms.DateField(label="完成日期", widget=DATE_INPUT)
    result = forms.CharField(label="整改结果", max_length=500)
