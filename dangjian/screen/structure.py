"""组织设置预警 on the big screen: the organisations of the subtree with an open structure
warning on the day (ORG-1..ORG-4: too few full members, over 50 members, a committee of the
wrong size, a 党总支 or 党委 of the wrong size), counted per rule, each count opening its list.

The warnings are 智能研判's (``alerts.findings.structure``, from the structure report's one
definition of each rule), read from its alert history (``alerts.selectors.visible_alerts``):
a warning counts on a day when the daily scan had found it by then and not yet seen it gone,
so a past day shows what the platform showed that day.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from dangjian.alerts.models import Alert
from dangjian.alerts.selectors import visible_alerts
from dangjian.screen.frames import Bar, DrillRow, Frame, Panel
from dangjian.screen.panels import organizations_on

# (rule, what the figure counts); the alert's ``subject_key`` is its rule.
STRUCTURE_BARS = (
    ("ORG-1", "正式党员不足3名"),
    ("ORG-2", "党员超过50名"),
    ("ORG-3", "支部委员会设置不符"),
    ("ORG-4", "党委、党总支设置不符"),
)
STRUCTURE_LABELS = dict(STRUCTURE_BARS)


def _open_on(on: date) -> Q:
    """Alerts found by ``on`` and not resolved by then (resolved on a day: gone that day)."""
    return Q(first_seen__lte=on) & (Q(resolved_on__isnull=True) | Q(resolved_on__gt=on))


def _warnings(frame: Frame, rule: str | None = None) -> QuerySet[Alert]:
    alerts = visible_alerts(frame.user).filter(
        _open_on(frame.on), kind="structure", organization__in=organizations_on(frame)
    )
    return alerts.filter(subject_key=rule) if rule else alerts


def structure_panel(frame: Frame) -> Panel:
    """The number of organisations with each warning (one query)."""
    found = dict(
        _warnings(frame).values_list("subject_key")
        .annotate(n=Count("organization", distinct=True)).order_by()
    )  # fmt: skip
    bars = tuple(Bar(rule, label, found.get(rule, 0)) for rule, label in STRUCTURE_BARS)
    # The rules' articles are in each organisation's line of the list (the warning's words).
    note = "按智能研判每日扫描的记录，点击数字查看党组织及依据"
    return Panel("structure", "组织设置预警", "numbers", bars, note)


def structure_rows(frame: Frame, key: str) -> list[DrillRow]:
    """The organisations behind one warning, in tree order, each with the warning's words."""
    if key not in STRUCTURE_LABELS:
        raise KeyError(key)
    alerts = _warnings(frame, key).select_related("organization").order_by("organization__path")
    return [DrillRow(a.organization.name, a.organization.kind_label, a.detail,
                     reverse("orgs:detail", args=[a.organization_id])) for a in alerts]  # fmt: skip
