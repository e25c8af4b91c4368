"""Shared pieces of the API's payloads: error bodies, input base classes, partial schemas."""

from __future__ import annotations

import types
from copy import copy
from typing import Any, Union, get_args, get_origin

from ninja import Field, Schema
from pydantic import ConfigDict, create_model, field_validator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError


class FieldError(Schema):
    field: str = Field(..., description="出错的字段（英文字段名）")
    message: str = Field(..., description="中文错误说明，含字段的中文名称")


class ErrorOut(Schema):
    detail: str = Field(..., description="错误说明")
    errors: list[FieldError] = Field(default_factory=list, description="逐字段的错误")


class InputSchema(Schema):
    """A request body: unknown fields are refused; choices arrive as their plain codes."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True)


def refuse_null(cls: type, value: Any) -> Any:
    """For optional-to-send fields that, once sent, must hold a value (run before parsing)."""
    if value is None:
        raise PydanticCustomError("not_null", "不能为空")
    return value


def drop_null_defaults(schema: dict[str, Any]) -> None:
    """A field that may be left out but not sent as null: its schema shows no ``default: null``.

    The null default only means "not sent" (PATCH-like payloads read ``exclude_unset``); a
    client reading the schema must not take it for an accepted value.
    """
    for prop in schema.get("properties", {}).values():
        if prop.get("default", ...) is None and not _schema_nullable(prop):
            del prop["default"]


class PartialSchema(InputSchema):
    """A PATCH body: fields may be left out; null only where the field itself takes null."""

    model_config = ConfigDict(
        extra="forbid", use_enum_values=True, json_schema_extra=drop_null_defaults
    )


def _schema_nullable(prop: dict[str, Any]) -> bool:
    return any(option.get("type") == "null" for option in prop.get("anyOf", []))


def _nullable(annotation: Any) -> bool:
    return get_origin(annotation) in (Union, types.UnionType) and type(None) in get_args(annotation)


def _optional_field(info: FieldInfo) -> tuple[Any, Any]:
    """The same type and constraints, not required; null only where the full field takes it."""
    field = copy(info)
    field.default = None
    field.default_factory = None
    return (info.annotation, field)


def partial_schema(full: type[Schema], name: str, **extra: Any) -> type[InputSchema]:
    """``full`` with every field optional (for PATCH): only the fields sent are changed."""
    fields: dict[str, Any] = {key: _optional_field(info) for key, info in full.model_fields.items()}
    fields.update(extra)
    required = [k for k, info in full.model_fields.items() if not _nullable(info.annotation)]
    validators = {"refuse_null": field_validator(*required, mode="before")(refuse_null)}
    model: type[InputSchema] = create_model(
        name, __base__=PartialSchema, __validators__=validators, **fields
    )
    return model


# Every answer an operation can give besides its success, documented in the schema.
READ_ERRORS: dict[int, type[Schema]] = {
    401: ErrorOut,  # no or a revoked token
    404: ErrorOut,  # missing, or outside the caller's scope (the same answer)
    422: ErrorOut,  # a query or path parameter outside its type or range
}
ERRORS: dict[int, type[Schema]] = {
    **READ_ERRORS,
    400: ErrorOut,  # the body is not JSON
    403: ErrorOut,  # visible, but the caller may not change it (or the CSRF token is missing)
    409: ErrorOut,  # not allowed in the record's current state
}
