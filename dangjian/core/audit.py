"""Writing the audit log. Called by services inside their transaction, and for security events.

Every row is masked (``core.masking``: no clear ID or phone number in a detail, a before/after
value or a request line), carries the source address and the request of the request being
served (bound by ``bind_request`` in the security middleware) and is appended to the hash chain
(``core.audit_chain``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.utils import timezone

from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit_chain import append, append_many
from dangjian.core.logfilters import forget_refusal, log_refusal
from dangjian.core.masking import mask_data, mask_text
from dangjian.core.models import AuditLog, Category, Outcome
from dangjian.core.request_line import RequestInfo, request_info

_current: ContextVar[RequestInfo | None] = ContextVar("audit_request", default=None)


@contextmanager
def bind_request(request: HttpRequest) -> Iterator[None]:
    """Rows written while serving ``request`` record its address and request line."""
    token = _current.set(request_info(request))
    forget_refusal()
    try:
        yield
    finally:
        _current.reset(token)


def audit(
    *,
    actor: Actor,
    action: str,
    obj: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: str = "",
    outcome: str = Outcome.SUCCESS,
    category: str = Category.DATA,
    actor_name: str = "",
    request: RequestInfo | None = None,
) -> AuditLog:
    """Append one row. ``obj`` is any object with a ``pk`` (its class name is the type)."""
    log = _row(actor, action, obj, before, after, detail, outcome, category, actor_name, request)
    return append(log, timezone.now())


def audit_many(
    *, actor: Actor, action: str, rows: list[tuple[Any, dict[str, Any] | None, str]]
) -> list[AuditLog]:
    """One row per (obj, after, detail) of one act on many records, appended together: the
    same rows ``audit`` would write one by one, at a fraction of the cost."""
    logs = [
        _row(actor, action, obj, None, after, detail, Outcome.SUCCESS, Category.DATA, "", None)
        for obj, after, detail in rows
    ]
    return append_many(logs, timezone.now())


def _row(
    actor: Actor,
    action: str,
    obj: Any,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    detail: str,
    outcome: str,
    category: str,
    actor_name: str,
    request: RequestInfo | None,
) -> AuditLog:
    user = acting_user(actor)
    where = request or _current.get() or RequestInfo("", "")
    return AuditLog(
        actor_id=user.pk if user is not None else None,
        # A failed login's "user name" is whatever was typed, an ID number as often as not.
        actor_name=mask_text(actor_name or (user.get_username() if user is not None else ""))[:150],
        category=category,
        action=action,
        outcome=outcome,
        object_type=_type_name(obj)[:40],
        object_id=str(getattr(obj, "pk", "") or "")[:40],
        object_repr=mask_text(str(obj))[:200],
        before=_stored(before),
        after=_stored(after),
        detail=mask_text(detail)[:300],
        source_ip=where.source_ip,
        request=where.asked,
    )


def security_event(
    *,
    action: str,
    request: HttpRequest | None,
    user: Actor = None,
    username: str = "",
    outcome: str = Outcome.SUCCESS,
    detail: str = "",
) -> AuditLog:
    """A login, logout, lockout, unlock, token use or refusal: who, from where, asking what."""
    subject = user if user is not None and getattr(user, "pk", None) else Account(username)
    if action == "access.denied":
        where = request_info(request) if request is not None else _current.get()
        name = user.get_username() if user is not None and getattr(user, "pk", None) else username
        log_refusal(where.asked if where else "", mask_text(name), detail)
    return audit(
        actor=user,
        action=action,
        obj=subject,
        detail=detail,
        outcome=outcome,
        category=Category.SECURITY,
        actor_name=username,
        request=request_info(request) if request is not None else None,
    )


@dataclass(frozen=True)
class Account:
    """The account a security event is about when no user matches (a mistyped user name)."""

    username: str
    pk: str = ""

    def __str__(self) -> str:
        return self.username


def _type_name(obj: Any) -> str:
    """The model's name ("User"), also through a lazy wrapper such as ``request.user``."""
    meta = getattr(obj, "_meta", None)
    return str(getattr(meta, "object_name", "") or type(obj).__name__)


def _stored(value: dict[str, Any] | None) -> Any:
    """The value as the JSON column will give it back (so the hash covers what is read), masked."""
    if value is None:
        return None
    return mask_data(json.loads(json.dumps(value, cls=DjangoJSONEncoder)))
