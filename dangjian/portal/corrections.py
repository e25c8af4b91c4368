"""Which fields of their archive a member may ask to correct, and how a proposed value is read.

Shape: ``parse_proposed(field, text)`` -> the value the member service stores (``str`` or
``date``); ``InvalidInput`` naming the field (``field`` or ``proposed_value``) otherwise. The
whole archive is validated again by ``members.services.member_update`` when the branch approves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import TextChoices

from dangjian.core.errors import InvalidInput
from dangjian.members.choices import Education, Gender
from dangjian.members.inputs import FIELD_LABELS
from dangjian.members.models import Member
from dangjian.rules.idcard import mask_phone

VALUE_MAX = 200


@dataclass(frozen=True)
class Correctable:
    """A field a member may ask to correct: ``kind`` is "text", "date" or "choice"."""

    name: str
    kind: str
    choices: type[TextChoices] | None = None

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.name]


# Facts the member knows best; placement, category and status follow their own processes
# (transfers, confirmation, 党籍 decisions) and are not corrected on request.
CORRECTABLE = {
    c.name: c
    for c in (
        Correctable("name", "text"),
        Correctable("gender", "choice", Gender),
        Correctable("ethnicity", "text"),
        Correctable("birth_date", "date"),
        Correctable("native_place", "text"),
        Correctable("education", "choice", Education),
        Correctable("joined_on", "date"),
        Correctable("phone", "text"),
        Correctable("job_title", "text"),
        Correctable("work_unit", "text"),
        Correctable("address", "text"),
    )
}


def correctable(field: str) -> Correctable:
    """The field by its name; ``InvalidInput`` on "field" for any other name."""
    found = CORRECTABLE.get(field)
    if found is None:
        raise InvalidInput.one("field", "请选择要更正的档案项目（姓名、出生日期、学历等）")
    return found


def parse_proposed(field: str, text: str) -> Any:
    """The proposed value of ``field`` typed as the archive stores it."""
    spec = correctable(field)
    value = text.strip()
    if not value:
        raise InvalidInput.one("proposed_value", f"请填写{spec.label}的正确值")
    if len(value) > VALUE_MAX:
        raise InvalidInput.one("proposed_value", f"{spec.label}的正确值不能超过{VALUE_MAX}个字")
    if spec.kind == "date":
        return _date(spec, value)
    if spec.choices is not None:
        return _choice(spec, spec.choices, value)
    return value


def _date(spec: Correctable, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput.one(
            "proposed_value", f"{spec.label}格式不正确，应为YYYY-MM-DD，如1990-05-01"
        ) from None


def _choice(spec: Correctable, choices: type[TextChoices], value: str) -> str:
    for code, label in choices.choices:
        if value in (code, str(label)):
            return str(code)
    options = "、".join(str(label) for _, label in choices.choices)
    raise InvalidInput.one("proposed_value", f"{spec.label}应为以下之一：{options}")


def shown(field: str, value: Any) -> str:
    """A stored or proposed value as people read it (a choice by its label, a date as
    YYYY-MM-DD, nothing as "（空）")."""
    spec = CORRECTABLE.get(field)
    if value in (None, ""):
        return "（空）"
    if spec is not None and spec.choices is not None:
        return str(dict(spec.choices.choices).get(value, value))
    return value.isoformat() if isinstance(value, date) else str(value)


def shown_to(field: str, value: Any, *, reveal: bool) -> str:
    """``shown``, with a phone number masked for a reader who may not see it in full
    (``accounts.access.may_reveal``): numbers are masked on screen by default."""
    text = shown(field, value)
    if field == "phone" and value not in (None, "") and not reveal:
        return mask_phone(text)
    return text


def recorded_text(member: Member, field: str) -> str:
    """What the archive holds now for ``field``, as text (dates ISO, personal numbers
    decrypted: the row that keeps it is encrypted too)."""
    value = getattr(member, field)
    if value in (None, ""):
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)
