"""Health endpoints for load balancers and service managers. No login, no personal data.

``/health/live``: the process answers. ``/health/ready``: the database answers, the broker
accepts a connection, and the scheduler beat within its lock's time-to-live; 503 otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from dangjian.jobs.lock import lock_state
from dangjian.ops.startup import broker_ready, database_ready


@require_GET
@never_cache
def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    checks = {"database": _check(database_ready), "broker": _check(lambda: broker_ready(2.0))}
    checks["scheduler"] = _scheduler() if checks["database"] == "ok" else "unknown"
    needed = ["database", "broker"] + (["scheduler"] if settings.READY_REQUIRES_SCHEDULER else [])
    healthy = all(checks[name] == "ok" for name in needed)
    body = {"status": "ok" if healthy else "unavailable", "checks": checks}
    return JsonResponse(body, status=200 if healthy else 503)


def _check(probe: Callable[[], None]) -> str:
    try:
        probe()
    except Exception:  # any driver's error means "not ready"; details stay in the server log
        return "error"
    return "ok"


def _scheduler() -> str:
    try:
        state = lock_state()
    except Exception:
        return "error"
    return "ok" if state.alive else "stale"
