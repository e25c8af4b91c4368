"""Writing the audit log. Called by services inside their transaction."""

from __future__ import annotations

from typing import Any

from dangjian.core.models import AuditLog


def audit(
    *,
    actor: Any,
    action: str,
    obj: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: str = "",
) -> AuditLog:
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditLog.objects.create(
        actor=user,
        action=action,
        object_type=type(obj).__name__,
        object_id=str(getattr(obj, "pk", "")),
        object_repr=str(obj)[:200],
        before=before,
        after=after,
        detail=detail[:300],
    )
