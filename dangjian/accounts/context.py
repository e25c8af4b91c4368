"""Template context: the scope of the person looking at the page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from dangjian.accounts.access import may_read_cadres, scope_for


def access(request: HttpRequest) -> dict[str, Any]:
    if not request.user.is_authenticated:
        return {}
    return {"scope": scope_for(request.user), "cadre_access": may_read_cadres(request.user)}
