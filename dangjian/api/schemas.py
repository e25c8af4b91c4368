"""Shared pieces of the API's payloads: error bodies, input base classes, partial schemas."""

from __future__ import annotations

import types
from typing import Any, Union, get_args, get_origin

from ninja import Field, Schema
from pydantic import ConfigDict, create_model, field_validator
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
    """For optional-to-send fields that, once sent, must hold a value."""
    if value is None:
        raise PydanticCustomError("not_null", "不能为空")
    return value


def _nullable(annotation: Any) -> bool:
    return get_origin(annotation) in (Union, types.UnionType) and type(None) in get_args(annotation)


def partial_schema(full: type[Schema], name: str, **extra: Any) -> type[InputSchema]:
    """``full`` with every field optional (for PATCH): only the fields sent are changed."""
    fields: dict[str, Any] = {
        key: (Union[info.annotation, None], Field(None, description=info.description))  # noqa: UP007
        for key, info in full.model_fields.items()
    }
    fields.update(extra)
    required = [k for k, info in full.model_fields.items() if not _nullable(info.annotation)]
    validators = {"refuse_null": field_validator(*required)(refuse_null)}
    model: type[InputSchema] = create_model(
        name, __base__=InputSchema, __validators__=validators, **fields
    )
    return model


ERRORS: dict[int, type[Schema]] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}
