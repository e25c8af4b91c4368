"""Checks of a sanction before it is stored: every fault named by field, in Chinese.

The term of a 留党察看 is checked by the pure rule (``rules.discipline.Sanction``), so the
service and the rule can never disagree on what a valid term is.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dangjian.core.bounds import check_date
from dangjian.core.text import TextError, TextKind, clean_text
from dangjian.discipline.inputs import SanctionInput
from dangjian.discipline.models import Kind
from dangjian.members.choices import Stage
from dangjian.members.models import Member
from dangjian.rules.dates import format_cn_date
from dangjian.rules.discipline import Sanction, SanctionKind, rights_restored_on

Errors = dict[str, list[str]]
_TEXT_FIELDS = {  # field -> (label, kind, longest, required)
    "deciding_org": ("作出处分决定的组织", TextKind.NAME, 120, True),
    "reason": ("处分事由", TextKind.TEXT, 500, True),
    "document_number": ("处分决定文号", TextKind.NAME, 80, False),
}
_ARTICLE_12 = "（依据《中国共产党纪律处分条例》第十二条）"
_ARTICLE_34 = "（依据《中国共产党纪律处分条例》第三十四条）"


def cleaned(data: SanctionInput) -> SanctionInput:
    """``data`` with its texts in NFC and trimmed; call after ``sanction_errors`` found none."""
    return replace(
        data,
        deciding_org=clean_text(data.deciding_org, TextKind.NAME),
        reason=clean_text(data.reason, TextKind.TEXT),
        document_number=clean_text(data.document_number, TextKind.NAME),
    )


def sanction_errors(data: SanctionInput, member: Member, today: date) -> Errors:
    """Every fault of ``data`` for ``member`` on ``today``, by field (empty when none)."""
    errors: Errors = {}
    _check_texts(data, errors)
    if data.kind not in Kind.values:
        errors["kind"] = ["请选择处分种类：" + "、".join(Kind.labels)]
    _check_dates(data, member, today, errors)
    if "kind" not in errors and "decided_on" not in errors:
        _check_probationary(data, member, errors)
    if "kind" not in errors and "decided_on" not in errors:
        _check_term(data, errors)
    return errors


def probationary_on(member: Member, day: date) -> bool:
    """Whether ``member`` was a 预备党员 on ``day``: admitted by then and not yet confirmed
    (the confirmation date, DEV-19, is the first day as a full member)."""
    if member.confirmed_on is not None:
        return member.joined_on is not None and member.joined_on <= day < member.confirmed_on
    return member.stage == Stage.PROBATIONARY


def _check_probationary(data: SanctionInput, member: Member, errors: Errors) -> None:
    """A 预备党员 is given no party sanction: one who breaks discipline is criticised or has the
    probation extended, or, when it is serious, loses the probationary membership
    (《中国共产党纪律处分条例》第三十四条), both by the 支部大会 and the 党委 (发展党员)."""
    if probationary_on(member, data.decided_on):
        errors["kind"] = [
            f"{member.name}在{format_cn_date(data.decided_on)}是预备党员，不能给予{Kind(data.kind).label}"
            f"处分：预备党员违犯党纪，情节较轻的应当批评教育或者延长预备期，情节较重的应当取消"
            f"预备党员资格，请在发展党员中办理{_ARTICLE_34}"
        ]


def _check_texts(data: SanctionInput, errors: Errors) -> None:
    for field, (label, kind, longest, required) in _TEXT_FIELDS.items():
        try:
            text = clean_text(getattr(data, field), kind)
        except TextError as error:
            errors[field] = [f"{label}{error}"]
            continue
        if required and not text:
            errors[field] = [f"请填写{label}"]
        elif len(text) > longest:
            errors[field] = [f"{label}最多{longest}个字，实为{len(text)}个字"]


def _check_dates(data: SanctionInput, member: Member, today: date, errors: Errors) -> None:
    for field, label, value in (
        ("decided_on", "处分决定日期", data.decided_on),
        ("restored_on", "恢复党员权利日期", data.restored_on),
    ):
        if value is None:
            continue
        try:
            check_date(value)
        except ValueError as error:
            errors[field] = [f"{label}{error}"]
        else:
            if value > today:
                errors[field] = [f"{label}不能晚于今天"]
    if "decided_on" not in errors and member.joined_on and data.decided_on < member.joined_on:
        errors["decided_on"] = [f"处分决定日期不能早于入党时间{format_cn_date(member.joined_on)}"]


def _check_term(data: SanctionInput, errors: Errors) -> None:
    """The 留党察看 term (one or two years) and the restoration no earlier than its end."""
    kind = SanctionKind(data.kind)
    try:
        sanction = Sanction(kind, data.decided_on, data.deciding_org, data.term_months,
                            data.restored_on)  # fmt: skip
    except ValueError as error:
        errors[_term_field(kind, data)] = [str(error)]
        return
    if kind is not SanctionKind.PROBATION_IN_PARTY or data.restored_on is None:
        return
    term_end = rights_restored_on(replace_restored(sanction))
    if data.restored_on < term_end:
        errors["restored_on"] = [
            f"恢复党员权利日期不能早于留党察看期满之日{format_cn_date(term_end)}{_ARTICLE_12}"
        ]


def _term_field(kind: SanctionKind, data: SanctionInput) -> str:
    """Which field the rule's refusal is about: the term of a 留党察看, else what was filled."""
    if kind is SanctionKind.PROBATION_IN_PARTY or data.term_months is not None:
        return "term_months"
    return "restored_on"


def replace_restored(sanction: Sanction) -> Sanction:
    """The same sanction without a recorded restoration (its rights come back at the term end)."""
    return replace(sanction, restored_on=None)
