"""Forms of the sanction pages: parse what was typed into a ``SanctionInput``, naming the field.

The service checks the rules (DISC-1: the 留党察看 term, the dates); a form only parses. A
留党察看's term is typed in years (1 or 2, 纪律处分条例第十二条) and stored in months.
"""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.errors import InvalidInput
from dangjian.discipline.inputs import SanctionInput
from dangjian.discipline.models import Kind, SanctionRecord
from dangjian.members.forms import DATE_INPUT, REQUIRED_MESSAGE, ChineseForm

TERM_CHOICES = [("", "—（仅留党察看）"), ("1", "一年"), ("2", "二年（一年期延长一年后亦为二年）")]
# The service names the stored field; the form shows it in years.
_FIELD_OF = {"term_months": "term_years"}


class SanctionForm(ChineseForm):
    """One sanction as decided (处分决定书): kind, date, organisation, number, reason, term."""

    LABELS = {
        "kind": "处分种类", "decided_on": "处分决定日期", "deciding_org": "作出处分决定的组织",
        "document_number": "处分决定文号", "reason": "处分事由", "term_years": "留党察看期限",
        "with_exit": "开除党籍的同时登记出党",
    }  # fmt: skip
    kind = forms.ChoiceField(choices=[("", "请选择"), *Kind.choices])
    decided_on = forms.DateField(widget=DATE_INPUT)
    deciding_org = forms.CharField(max_length=120)
    document_number = forms.CharField(max_length=80, required=False)
    reason = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    term_years = forms.ChoiceField(choices=TERM_CHOICES, required=False)
    # Only read for a 开除党籍: the exit (MEM-8) in the same act, linked to the sanction.
    with_exit = forms.BooleanField(required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            label = self.LABELS.get(name, str(field.label))
            field.label = label
            field.error_messages["required"] = REQUIRED_MESSAGE.format(label=label)
            field.error_messages["invalid"] = f"{label}格式不正确"
            field.error_messages["invalid_choice"] = f"{label}不是有效的选项"

    def to_input(self) -> SanctionInput:
        """The cleaned form as the service's input; call after ``is_valid()``."""
        data = self.cleaned_data
        years = data.get("term_years") or ""
        return SanctionInput(
            kind=data["kind"], decided_on=data["decided_on"], deciding_org=data["deciding_org"],
            reason=data["reason"], document_number=data.get("document_number") or "",
            term_months=int(years) * 12 if years else None,
            restored_on=data.get("restored_on"),
        )  # fmt: skip

    def add_service_errors(self, error: InvalidInput) -> None:
        """Put each of the service's messages on its field (or on the form)."""
        for name, messages in error.errors.items():
            field = _FIELD_OF.get(name, name)
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


class SanctionCorrectForm(SanctionForm):
    """A correction: the same fields, the restoration of rights, and the reason (audited)."""

    LABELS = {**SanctionForm.LABELS, "restored_on": "恢复党员权利日期",
              "correction_reason": "更正原因"}  # fmt: skip
    restored_on = forms.DateField(widget=DATE_INPUT, required=False)
    with_exit = None  # type: ignore[assignment]  # the exit is recorded once, on recording
    correction_reason = forms.CharField(max_length=300)

    @classmethod
    def initial_of(cls, record: SanctionRecord) -> dict[str, Any]:
        """The form's starting values: the record as stored."""
        return {
            "kind": record.kind, "decided_on": record.decided_on,
            "deciding_org": record.deciding_org, "document_number": record.document_number,
            "reason": record.reason, "restored_on": record.restored_on,
            "term_years": str(record.term_months // 12) if record.term_months else "",
        }  # fmt: skip
