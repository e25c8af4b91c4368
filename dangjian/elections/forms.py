"""Forms of 班子与换届: turn what was typed into typed values, naming the field when they cannot.

The services check the rules (ELEC-1..ELEC-4, ORG-5); a form only parses. The meeting's form
is built from the register of the meeting day (one tick and one reason per voting member, three
counts per candidate), so it is parsed by ``parse_meeting`` rather than a fixed ``Form``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms

from dangjian.core.errors import InvalidInput
from dangjian.elections.services import Ballot, WriteIn
from dangjian.members.forms import DATE_INPUT, REQUIRED_MESSAGE, ChineseForm, number_messages


class _Labelled(ChineseForm):
    """Labels from ``LABELS`` and messages that name them."""

    LABELS: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            label = self.LABELS.get(name)
            if label is None:
                continue
            field.label = label
            field.error_messages["required"] = REQUIRED_MESSAGE.format(label=label)
            field.error_messages["invalid"] = f"{label}格式不正确"
            field.error_messages["invalid_choice"] = f"{label}不是有效的选项"
            field.error_messages["invalid_list"] = f"{label}不是有效的选项"
            number_messages(field, label)

    def add_service_errors(self, error: InvalidInput) -> None:
        """Put each of the service's messages on its field (or on the form)."""
        for name, messages in error.errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


class TermForm(_Labelled):
    LABELS = {"number": "届次", "elected_on": "选举日期", "approval_document": "批复文号",
              "seats": "委员职数"}  # fmt: skip
    number = forms.IntegerField(min_value=1, max_value=999)
    elected_on = forms.DateField(widget=DATE_INPUT)
    approval_document = forms.CharField(max_length=80, required=False)
    # The committee's size as elected: what a 补选 fills up to.
    seats = forms.IntegerField(min_value=1, max_value=99, required=False)


class RequestForm(_Labelled):
    LABELS = {"seats": "应选委员人数", "candidate_ids": "候选人", "requested_on": "请示日期"}
    seats = forms.IntegerField(min_value=1, max_value=99)
    candidate_ids = forms.TypedMultipleChoiceField(coerce=int, widget=forms.CheckboxSelectMultiple)
    requested_on = forms.DateField(widget=DATE_INPUT)

    def __init__(self, *args: Any, voters: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidate_ids"].choices = list(voters)  # type: ignore[attr-defined]


class ApproveForm(_Labelled):
    LABELS = {"approved_on": "批复日期", "approver": "批复机关", "document": "批复文号"}
    approved_on = forms.DateField(widget=DATE_INPUT)
    approver = forms.CharField(max_length=80, required=False)
    document = forms.CharField(max_length=80)


class ShortfallForm(_Labelled):
    LABELS = {"reason": "不再另行选举的原因"}
    reason = forms.CharField(max_length=200, widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(_Labelled):
    LABELS = {"reported_on": "报告日期"}
    reported_on = forms.DateField(widget=DATE_INPUT)


class SecretariesForm(_Labelled):
    LABELS = {"approved_on": "批准日期", "approver": "批准机关", "document": "批复文号"}
    approved_on = forms.DateField(widget=DATE_INPUT)
    approver = forms.CharField(max_length=80)
    document = forms.CharField(max_length=80)


class ConfirmForm(_Labelled):
    LABELS = {"confirmed_on": "批准日期", "document": "批复文号", "approver": "批准机关"}
    confirmed_on = forms.DateField(widget=DATE_INPUT)
    # The approval of the result's own number: it becomes the new term's 批复文号.
    document = forms.CharField(max_length=80)
    approver = forms.CharField(max_length=80, required=False)


@dataclass(frozen=True)
class MeetingInput:
    """The meeting as typed: day, present, left out with reasons, one ballot per candidate."""

    held_on: date
    present_ids: tuple[int, ...]
    left_out: tuple[tuple[int, str], ...]
    ballots: tuple[Ballot, ...]
    invalid_ballots: int
    write_ins: tuple[WriteIn, ...] = ()
    ballots_issued: int | None = None
    ballots_returned: int | None = None


# Rows the meeting form offers for 另选他人 (a person written in who is not a candidate).
WRITE_IN_ROWS = 3


@dataclass(frozen=True)
class Sheets:
    """A vote's papers as typed; None where left blank (one per member present)."""

    issued: int | None
    returned: int | None
    invalid: int


def _count(data: Mapping[str, Any], key: str, label: str) -> int:
    raw = str(data.get(key, "") or "0").strip()
    if not raw.isdigit() or len(raw) > 6:
        raise InvalidInput.one(key, f"{label}应为不小于0的整数")
    return int(raw)


def _optional_count(data: Mapping[str, Any], key: str, label: str) -> int | None:
    """A count that may be left blank (None)."""
    if not str(data.get(key, "") or "").strip():
        return None
    return _count(data, key, label)


def parse_sheets(data: Mapping[str, Any]) -> Sheets:
    """``ballots_issued``, ``ballots_returned`` (blank: one per member present) and
    ``invalid_ballots`` (blank: 0) of one vote."""
    return Sheets(_optional_count(data, "ballots_issued", "发出选票"),
                  _optional_count(data, "ballots_returned", "收回选票"),
                  _count(data, "invalid_ballots", "无效票"))  # fmt: skip


def _ballot(data: Mapping[str, Any], member_id: int, name: str) -> Ballot:
    """One candidate's 赞成/反对/弃权 as typed. A row left wholly blank is refused on its 赞成
    field: a tally is typed, never assumed (0 is typed as 0)."""
    keys = (f"yes_{member_id}", f"no_{member_id}", f"abstain_{member_id}")
    if not any(str(data.get(key, "") or "").strip() for key in keys):
        raise InvalidInput.one(keys[0], f"请填写{name}的得票（赞成、反对、弃权，没有的填0）")
    return Ballot(member_id, _count(data, keys[0], f"{name}的赞成票"),
                  _count(data, keys[1], f"{name}的反对票"),
                  _count(data, keys[2], f"{name}的弃权票"))  # fmt: skip


def parse_write_ins(data: Mapping[str, Any]) -> tuple[WriteIn, ...]:
    """另选他人 rows: ``write_in_<n>`` (a member id, blank for an unused row) and
    ``write_in_yes_<n>``; a count without a person, or a person not a number, names its field."""
    rows = []
    for n in range(1, WRITE_IN_ROWS + 1):
        who = str(data.get(f"write_in_{n}", "") or "").strip()
        yes = _count(data, f"write_in_yes_{n}", f"另选他人第{n}行的赞成票")
        if not who:
            if yes:
                raise InvalidInput.one(
                    f"write_in_{n}", f"另选他人第{n}行填写了赞成票，请选择被选人"
                )
            continue
        if not who.isdigit() or len(who) > 12:
            raise InvalidInput.one(f"write_in_{n}", f"另选他人第{n}行的被选人不是有效的选项")
        rows.append(WriteIn(int(who), yes))
    return tuple(rows)


def parse_held_on(raw: str | None) -> date:
    """The meeting day typed as YYYY-MM-DD; ``InvalidInput`` on ``held_on`` otherwise."""
    try:
        return date.fromisoformat((raw or "").strip())
    except ValueError:
        raise InvalidInput.one("held_on", "选举大会日期格式不正确，应为年-月-日") from None


def parse_meeting(
    data: Mapping[str, Any], voter_ids: Sequence[int], candidates: Sequence[Mapping[str, Any]]
) -> MeetingInput:
    """Read the meeting form: ``present_<id>`` ticks and ``reason_<id>`` texts for each voting
    member of the day, ``yes_/no_/abstain_<id>`` for each candidate, the 另选他人 rows
    (``parse_write_ins``), the papers (``parse_sheets``).

    Raises ``InvalidInput`` naming the field (e.g. ``yes_12``) whose text is not a count."""
    held_on = parse_held_on(data.get("held_on"))
    present, left_out = [], []
    for member_id in voter_ids:
        reason = str(data.get(f"reason_{member_id}", "")).strip()[:100]
        if reason:
            left_out.append((member_id, reason))
        elif data.get(f"present_{member_id}"):
            present.append(member_id)
    ballots = [_ballot(data, int(c["member_id"]), str(c["name"])) for c in candidates]
    sheets = parse_sheets(data)
    return MeetingInput(
        held_on=held_on,
        present_ids=tuple(present),
        left_out=tuple(left_out),
        ballots=tuple(ballots),
        invalid_ballots=sheets.invalid,
        write_ins=parse_write_ins(data),
        ballots_issued=sheets.issued,
        ballots_returned=sheets.returned,
    )


def parse_runoff(
    data: Mapping[str, Any], candidates: Sequence[Mapping[str, Any]]
) -> tuple[Ballot, ...]:
    """Read the run-off form: ``yes_/no_/abstain_<id>`` for each tied candidate."""
    return tuple(_ballot(data, int(c["member_id"]), str(c["name"])) for c in candidates)


def parse_posts(data: Mapping[str, Any], member_ids: Sequence[int]) -> tuple[tuple[int, str], ...]:
    """Read the division of posts: ``title_<id>`` for each elected member (a post title's
    value, e.g. "secretary"); an empty choice names its field."""
    posts = []
    for member_id in member_ids:
        title = str(data.get(f"title_{member_id}", "")).strip()
        if not title:
            raise InvalidInput.one(f"title_{member_id}", "请为每位当选委员选择职务")
        posts.append((member_id, title))
    return tuple(posts)


class AdjustForm(_Labelled):
    """The higher organisation's approval of a postponed or advanced election (ORG-5)."""

    LABELS = {"new_due_on": "新的换届日期", "approved_on": "批准日期", "approver": "批准机关",
              "document": "批准文号", "reason": "延期或提前换届的原因"}  # fmt: skip
    new_due_on = forms.DateField(widget=DATE_INPUT)
    approved_on = forms.DateField(widget=DATE_INPUT)
    approver = forms.CharField(max_length=80)
    document = forms.CharField(max_length=80)
    reason = forms.CharField(max_length=200)
