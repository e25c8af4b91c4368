"""Field types of the API payloads: each parses to its type and declared range at the boundary.

The ranges are those of ``dangjian.core.bounds`` and the texts go through
``dangjian.core.text.clean_text``: the same rules as the forms and the spreadsheet imports. The
OpenAPI schema states them (minimum/maximum, patterns, digits), so what a client reads there is
what the service accepts.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from dangjian.core import bounds
from dangjian.core.text import (
    NAME_PATTERN,
    OPTIONAL_NAME_PATTERN,
    REQUIRED_TEXT_PATTERN,
    TEXT_PATTERN,
    TextError,
    TextKind,
    clean_text,
)


def _text(kind: TextKind, *, required: bool) -> Any:
    def validate(value: str) -> str:
        try:
            cleaned = clean_text(value, kind)
        except TextError as exc:
            raise ValueError(str(exc)) from None
        if required and not cleaned:
            raise PydanticCustomError("not_blank", "不能为空")
        return cleaned

    return AfterValidator(validate)


_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _strict_date(value: Any) -> Any:
    # Only "YYYY-MM-DD" (or a date): lax pydantic would read 0 or "0" as 1970-01-01.
    if isinstance(value, date) or (isinstance(value, str) and _DATE_TEXT.fullmatch(value)):
        return value
    raise PydanticCustomError("date_type", "应为日期")


def _in_range(value: date) -> date:
    return bounds.check_date(value)


def _month(value: str) -> str:
    year, month = bounds.parse_month(value)
    return f"{year:04d}-{month:02d}"


_DUES_MONTH = re.compile(r"(19|20)[0-9]{2}-(0?[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?")


def _dues_month(value: Any) -> Any:
    # A 党费交至 is a month: "2024-05", or any day of it; kept as the month's first day.
    if isinstance(value, date):
        return value.replace(day=1)
    if not (isinstance(value, str) and _DUES_MONTH.fullmatch(value)):
        raise PydanticCustomError("month_type", "应为年月，如2024-05")
    year, month, *day = (int(part) for part in value.split("-"))
    try:
        date(year, month, day[0] if day else 1)
    except ValueError:
        raise PydanticCustomError("date_type", "日期不存在") from None
    return date(year, month, 1)


def _no_float(value: Any) -> Any:
    # A JSON number such as 1e400 arrives as float('inf'); any other float is read through its
    # shortest decimal form (12.3, not 12.300000000000000710542735760100185871124267578125).
    if not isinstance(value, float):
        return value
    if value != value or value in (float("inf"), float("-inf")):
        raise PydanticCustomError("finite_number", "应为有限的数")
    return Decimal(repr(value))


# A primary key: 1 .. 2**63-1 (bigint). Anything else cannot name a record.
Id = Annotated[int, Field(ge=1, le=bounds.ID_MAX)]
Count = Annotated[int, Field(ge=0, le=bounds.COUNT_MAX)]

# A calendar date within 1900-01-01 .. 2099-12-31, written YYYY-MM-DD.
PlausibleDate = Annotated[
    date,
    BeforeValidator(_strict_date),
    AfterValidator(_in_range),
    Field(json_schema_extra={"pattern": bounds.DATE_PATTERN}),
]
# A 党费交至: the month dues are paid up to, "2024-05" (or any day of it, "2024-05-31"), read as
# the month's first day, as a transfer stores it.
DuesMonth = Annotated[
    date,
    BeforeValidator(_dues_month),
    WithJsonSchema({
        "type": "string", "examples": ["2024-05"],
        "pattern": r"^(19|20)[0-9]{2}-(0?[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?$",
    }),
]  # fmt: skip
# A month "2024-07" (or "2024-7") within the same years.
Month = Annotated[
    str,
    AfterValidator(_month),
    Field(json_schema_extra={"pattern": bounds.MONTH_PATTERN}, examples=["2024-07"]),
]


def _money_texts(maximum: Decimal, positive: bool) -> str:
    """The amounts as text: no sign, no exponent, no leading zeros, at most two decimals."""
    more = len(str(int(maximum))) - 1  # digits after the first of the integer part
    whole = f"[1-9][0-9]{{0,{more}}}(\\.[0-9]{{1,2}})?"
    fraction = "0\\.([1-9][0-9]?|0[1-9])"
    if positive:
        return f"^({whole}|{fraction})$"
    return f"^({whole}|0(\\.[0-9]{{1,2}})?)$"


def _money(maximum: Decimal, *, positive: bool = False) -> Any:
    """0 (or 0.01 when ``positive``) .. ``maximum`` with at most two decimals; a JSON number or
    plain digits. The schema says both forms, so a client never guesses."""
    text = _money_texts(maximum, positive)
    plain = re.compile(text)
    low = Decimal("0.01") if positive else Decimal(0)

    def parse(value: Any) -> Any:
        if isinstance(value, str) and not plain.fullmatch(value):
            raise PydanticCustomError(
                "money_text", "应为金额，如1234.50（最多{places}位小数，不超过{maximum}元）",
                {"places": bounds.MONEY_PLACES, "maximum": f"{maximum:,}"},
            )  # fmt: skip
        return _no_float(value)

    number = {
        "type": "number",
        "minimum": float(low),
        "maximum": float(maximum),
        "multipleOf": 0.01,
    }
    return Annotated[
        Decimal,
        BeforeValidator(parse),
        Field(ge=low, le=maximum, decimal_places=bounds.MONEY_PLACES, allow_inf_nan=False),
        WithJsonSchema({"anyOf": [number, {"type": "string", "pattern": text}]}),
    ]


# Money: 0 .. 9,999,999,999.99 yuan with at most 2 decimals (the columns' 12 digits).
Money = _money(bounds.MONEY_MAX)
# An amount actually paid: at least 0.01.
PositiveMoney = _money(bounds.MONEY_MAX, positive=True)
# A 党费基数 typed in: the same, up to 999,999,999,999.99.
BaseAmount = _money(bounds.BASE_MAX)

# Names and codes: one line, no control or direction characters, at least one visible one.
Name = Annotated[
    str, _text(TextKind.NAME, required=True), Field(json_schema_extra={"pattern": NAME_PATTERN})
]
# The same, may be left empty ("").
OptionalName = Annotated[
    str,
    _text(TextKind.NAME, required=False),
    Field(json_schema_extra={"pattern": OPTIONAL_NAME_PATTERN}),
]
# One line of free text (address, reason): no control characters; may be empty.
Text = Annotated[
    str, _text(TextKind.TEXT, required=False), Field(json_schema_extra={"pattern": TEXT_PATTERN})
]
# One line of free text that must say something.
RequiredText = Annotated[
    str,
    _text(TextKind.TEXT, required=True),
    Field(json_schema_extra={"pattern": REQUIRED_TEXT_PATTERN}),
]
