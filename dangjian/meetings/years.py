"""The ``?year=`` of the 组织生活 pages and exports: absent means this year; anything else must
be a year in ``core.bounds`` (2000–2100 style), or the request is answered 400 in Chinese,
never silently replaced by this year."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

from dangjian.core import bounds


class YearError(Exception):
    """A ``?year=`` that is not a plausible year; the message is Chinese and names it."""


def year_param(raw: str, today: date) -> int:
    """``raw`` as a year; ``today.year`` when empty. Raises ``YearError``."""
    text = raw.strip()
    if not text:
        return today.year
    if text.isascii() and text.isdigit() and bounds.YEAR_MIN <= int(text) <= bounds.YEAR_MAX:
        return int(text)
    raise YearError(
        f"年度（year）应为{bounds.YEAR_MIN}至{bounds.YEAR_MAX}之间的年份，实为“{text[:20]}”"
    )


def answers_bad_year(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view whose ``YearError`` becomes a 400 saying which year was wrong."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except YearError as error:
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")

    return wrapped
