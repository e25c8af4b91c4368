"""Every failure of an API call as JSON, in Chinese, naming the field: never a 500 for bad input.

Shape: ``{"detail": "...", "errors": [{"field": "birth_date", "message": "出生日期..."}]}``.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from dangjian.api.auth import NOT_AUTHENTICATED
from dangjian.api.labels import ROUTER_LABELS, field_label
from dangjian.core.errors import Conflict, InvalidInput

INVALID = "提交的数据有误"
_DECIMAL_REPR = re.compile(r"Decimal\('(.*)'\)")
BODY = "body"
_DATE = "{label}格式不正确，应为YYYY-MM-DD"
_INT = "{label}应为整数"
_BOOL = "{label}应为true或false"
_OBJECT = "请求内容应为JSON对象"
# pydantic error types -> Chinese message templates.
_MESSAGES = {
    "missing": "{label}不能为空（必填）",
    "not_null": "{label}不能为空",
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "date_future": "{label}不能晚于今天",
    "int_type": _INT,
    "int_parsing": _INT,
    "int_from_float": _INT,
    "bool_type": _BOOL,
    "bool_parsing": _BOOL,
    "string_type": "{label}应为文本",
    "string_too_long": "{label}不能超过{max_length}个字",
    "string_too_short": "{label}至少需要{min_length}个字",
    "enum": "{label}不是有效的选项，可选值：{expected}",
    "literal_error": "{label}不是有效的选项，可选值：{expected}",
    "greater_than_equal": "{label}不能小于{ge}",
    "less_than": "{label}应小于{lt}",
    "not_blank": "{label}不能为空",
    "money_text": "{label}应为金额，如1234.50（最多{places}位小数，不超过{maximum}元）",
    "finite_number": "{label}应为有限的数",
    "decimal_type": "{label}应为数字",
    "decimal_parsing": "{label}应为数字",
    "decimal_max_places": "{label}最多{decimal_places}位小数",
    "decimal_max_digits": "{label}的位数过多（最多{max_digits}位）",
    "decimal_whole_digits": "{label}的整数部分位数过多",
    "string_pattern_mismatch": "{label}格式不正确",
    "too_long": "{label}最多{max_length}项",
    "too_short": "{label}至少需要{min_length}项",
    "list_type": "{label}应为列表",
    "json_invalid": "请求内容不是有效的JSON",
    "greater_than": "{label}应大于{gt}",
    "less_than_equal": "{label}不能大于{le}",
    "value_error": "{label}不正确，{error}",
    "extra_forbidden": "不支持提交字段“{field}”",
    "model_type": _OBJECT,
    "model_attributes_type": _OBJECT,
    "dict_type": _OBJECT,
}
# ninja's own English messages, for the few HttpErrors it raises itself.
_HTTP_MESSAGES = {
    400: "请求内容不是有效的JSON（Content-Type 应为 application/json）",
    401: NOT_AUTHENTICATED,
    403: "无权访问",
    404: "未找到该记录",
    405: "不支持该请求方法",
    429: "请求过于频繁，请稍后重试",
}


def _is_org_request(request: HttpRequest) -> bool:
    return "/organizations" in request.path


def _is_development_request(request: HttpRequest) -> bool:
    return "/api/development" in request.path


def _is_dynamics_request(request: HttpRequest) -> bool:
    return "/api/dynamics" in request.path


def _router_of(request: HttpRequest) -> str:
    """The router a request went to: "discipline" for /api/discipline/members/1/sanctions."""
    parts = request.path.split("/")
    return parts[2] if len(parts) > 2 and parts[1] == "api" else ""


def _field_of(loc: tuple[Any, ...] | list[Any]) -> str:
    # ("body", "payload", "birth_date") / ("query", "date"): drop the source and the body name.
    parts = list(loc[2:] if loc and loc[0] == "body" else loc[1:])
    return ".".join(str(p) for p in parts) or BODY


def _message(
    error: dict[str, Any],
    field: str,
    organization: bool,
    development: bool = False,
    dynamics: bool = False,
    router: str = "",
) -> str:
    if field == BODY:
        label = "请求内容"
    elif field.split(".")[0] in ROUTER_LABELS.get(router, {}):
        label = field_label(field, router=router)
    elif dynamics:
        label = field_label(field.split(".")[0], dynamics=True)
    elif development:
        label = field_label(field, development=True)
    else:
        label = field_label(field.split(".")[0], organization=organization)
    template = _MESSAGES.get(error.get("type", ""), "{label}的值不正确")
    ctx = {k: _shown(v) for k, v in (error.get("ctx") or {}).items()}
    if "expected" in ctx:
        ctx["expected"] = ctx["expected"].replace(" or ", ", ").replace("'", "")
    try:
        return template.format(label=label, field=field, **ctx)
    except (KeyError, IndexError):
        return f"{label}的值不正确"


def _shown(value: Any) -> str:
    # pydantic writes decimal limits as "Decimal('9999999999.99')": show the number only.
    text = str(value)
    match = _DECIMAL_REPR.fullmatch(text)
    return match[1] if match else text


def _invalid(api: NinjaAPI, request: HttpRequest, errors: list[dict[str, str]]) -> HttpResponse:
    return api.create_response(request, {"detail": INVALID, "errors": errors}, status=422)


def _with_label(
    field: str,
    message: str,
    organization: bool,
    development: bool = False,
    dynamics: bool = False,
    router: str = "",
) -> str:
    label = field_label(
        field, organization=organization, development=development, dynamics=dynamics, router=router
    )
    return message if label in message or label == field else f"{label}：{message}"


def register_error_handlers(api: NinjaAPI) -> None:
    """Install the Chinese JSON answers on ``api`` (replacing ninja's English defaults)."""

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        org, dev = _is_org_request(request), _is_development_request(request)
        errors = []
        for error in exc.errors:
            field = _field_of(error.get("loc", ()))
            message = _message(
                error, field, org, dev, _is_dynamics_request(request), _router_of(request)
            )
            errors.append({"field": field, "message": message})
        return _invalid(api, request, errors)

    @api.exception_handler(InvalidInput)
    def invalid_input(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
        org, dev = _is_org_request(request), _is_development_request(request)
        errors = [
            {
                "field": field,
                "message": _with_label(
                    field, message, org, dev, _is_dynamics_request(request), _router_of(request)
                ),
            }
            for field, messages in exc.errors.items()
            for message in messages
        ]
        return _invalid(api, request, errors)

    _register_status_handlers(api)


def _register_status_handlers(api: NinjaAPI) -> None:
    def detail(request: HttpRequest, message: str, status: int) -> HttpResponse:
        return api.create_response(request, {"detail": message}, status=status)

    @api.exception_handler(Conflict)
    def conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
        return detail(request, str(exc) or "当前状态下不能进行该操作", 409)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return detail(request, str(exc) or _HTTP_MESSAGES[403], 403)

    @api.exception_handler(Http404)
    @api.exception_handler(ObjectDoesNotExist)
    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return detail(request, _HTTP_MESSAGES[404], 404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = exc.message if exc.message != "Unauthorized" else NOT_AUTHENTICATED
        return detail(request, message, 401)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = exc.message
        if message.isascii():  # ninja's own English messages
            message = _HTTP_MESSAGES.get(exc.status_code, "请求有误")
        return detail(request, message, exc.status_code)
