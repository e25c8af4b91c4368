"""Reads of 智能研判, always from the asker's scope: the alert list with its filters, the
branch scores (the latest month, the ten that most need attention, one branch's trend)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from dangjian.accounts.access import access_organization, scope_for
from dangjian.alerts.models import Alert, BranchScore
from dangjian.core.actor import Actor
from dangjian.core.bounds import parse_id
from dangjian.core.errors import InvalidInput
from dangjian.orgs.models import Organization, in_subtree
from dangjian.rules.alerts import ALERT_KINDS, AlertSeverity

STATES = {"open": "未解除", "resolved": "已解除", "all": "全部"}


@dataclass(frozen=True)
class AlertFilters:
    """``kind`` a kind code or ""; ``severity`` high/medium/low or ""; ``state`` open (the
    default), resolved or all; ``organization_id`` a subtree to narrow to, or None."""

    kind: str = ""
    severity: str = ""
    state: str = "open"
    organization_id: int | None = None

    @classmethod
    def parse(cls, data: dict[str, str]) -> AlertFilters:
        """The filters from a query string's values; ``InvalidInput`` naming the field of an
        unknown value."""
        kind, severity = data.get("kind", "").strip(), data.get("severity", "").strip()
        state, org = data.get("state", "").strip() or "open", data.get("org", "").strip()
        errors: dict[str, list[str]] = {}
        if kind and kind not in ALERT_KINDS:
            errors["kind"] = [f"预警类型“{kind[:20]}”无法识别"]
        if severity and severity not in {s.value for s in AlertSeverity}:
            errors["severity"] = [f"严重程度“{severity[:20]}”无法识别，应为高、中或低"]
        if state not in STATES:
            errors["state"] = [f"状态“{state[:20]}”无法识别，应为未解除、已解除或全部"]
        org_id = parse_id(org) if org else None
        if org and org_id is None:
            errors["org"] = [f"党组织编号“{org[:20]}”无法识别"]
        if errors:
            raise InvalidInput(errors)
        return cls(kind, severity, state, org_id)


def visible_alerts(user: Actor) -> QuerySet[Alert]:
    """Every alert (open or resolved) of the organisations ``user`` looks after."""
    return Alert.objects.filter(scope_for(user).org_q("organization__"))


def alert_list(user: Actor, filters: AlertFilters) -> QuerySet[Alert]:
    """The alerts ``user`` sees matching ``filters``: open ones first, then newest first, in
    tree order. An organisation outside the scope answers like a missing one (Http404)."""
    alerts = visible_alerts(user).select_related("organization")
    if filters.organization_id is not None:
        org = access_organization(user, filters.organization_id)
        alerts = alerts.filter(in_subtree(org.path, "organization__path"))
    if filters.kind:
        alerts = alerts.filter(kind=filters.kind)
    if filters.severity:
        alerts = alerts.filter(severity=filters.severity)
    if filters.state == "open":
        alerts = alerts.filter(resolved_on__isnull=True)
    elif filters.state == "resolved":
        alerts = alerts.filter(resolved_on__isnull=False)
    return alerts.order_by("-first_seen", "organization__path", "kind", "pk")


def open_alert_counts(user: Actor) -> dict[str, int]:
    """How many open alerts ``user`` sees, by severity (and "total")."""
    rows = visible_alerts(user).filter(resolved_on__isnull=True).values("severity")
    counts = {r["severity"]: r["n"] for r in rows.annotate(n=Count("pk"))}
    return {**counts, "total": sum(counts.values())}


def latest_scores(user: Actor) -> QuerySet[BranchScore]:
    """The latest month's score of each branch ``user`` sees, lowest (most in need) first."""
    scores = BranchScore.objects.filter(scope_for(user).org_q("organization__"))
    latest = scores.order_by("-month").values_list("month", flat=True).first()
    if latest is None:
        return scores.none()
    return (
        scores.filter(month=latest)
        .select_related("organization")
        .order_by("score", "-open_alerts", "organization__path")
    )


def needing_attention(user: Actor, limit: int = 10) -> list[BranchScore]:
    """The ``limit`` branches with the lowest latest score (those with open alerts only)."""
    return list(latest_scores(user).filter(open_alerts__gt=0)[:limit])


def score_trend(user: Actor, organization_id: int, months: int = 12) -> list[BranchScore]:
    """The branch's stored monthly scores, oldest first, the last ``months`` of them; Http404
    for a branch outside the scope."""
    org = access_organization(user, organization_id)
    rows = BranchScore.objects.filter(organization=org).order_by("-month")[:months]
    return list(reversed(rows))


def scored_branches(user: Actor) -> QuerySet[Organization]:
    """The branches with a stored score that ``user`` sees (the trend's choice)."""
    ids = BranchScore.objects.filter(scope_for(user).org_q("organization__")).values(
        "organization_id"
    )
    return Organization.objects.filter(Q(pk__in=ids)).order_by("path")


def open_since(alert: Alert, on: date) -> int:
    """Days the alert has been (or was) open, counted to ``on`` or its resolution."""
    return ((alert.resolved_on or on) - alert.first_seen).days
