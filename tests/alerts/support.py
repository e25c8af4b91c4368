"""Helpers of the alert tests: scan a day and read what is open."""

from __future__ import annotations

from datetime import date

from dangjian.alerts.models import Alert
from dangjian.alerts.services import scan_alerts


def open_after_scan(kind: str, on: date) -> set[tuple[str, str]]:
    """Scan ``on``; the (organisation name, subject key) of each open alert of ``kind``."""
    scan_alerts(on=on)
    rows = Alert.objects.filter(kind=kind, resolved_on__isnull=True)
    return set(rows.values_list("organization__name", "subject_key"))
