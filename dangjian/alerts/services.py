"""智能研判's one write: ``scan_alerts``, run daily by the job (and by the demo loader)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction

from dangjian.accounts.access import system_reader
from dangjian.alerts.findings import Finding, findings
from dangjian.alerts.models import Alert, BranchScore
from dangjian.core.actor import Actor
from dangjian.core.audit import audit
from dangjian.orgs.models import Organization
from dangjian.rules.alerts import health_score
from dangjian.rules.organization import OrgKind

BRANCH_KINDS = [k.value for k in OrgKind if k.is_branch]


@dataclass(frozen=True)
class ScanCounts:
    """What one scan changed: alerts created, seen again (``updated``), resolved; branches
    scored."""

    created: int
    updated: int
    resolved: int
    scored: int

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.resolved)


def scan_alerts(*, on: date, actor: Actor = None) -> ScanCounts:
    """Run every alert rule over the whole archive as of ``on`` and bring the alert history in
    line, in one transaction: a new cause is a new alert (first and last seen ``on``); a cause
    still there is seen again (``last_seen`` moved to ``on``); an open alert whose cause is gone
    is resolved on ``on``. Then each branch's score of ``on``'s month is stored. Running it
    twice for the same day changes nothing. ``actor`` is recorded (None: the system)."""
    found = findings(system_reader(), on)
    severities: dict[str, str] = settings.ALERT_SEVERITIES
    with transaction.atomic():
        open_alerts = {
            (a.kind, a.organization_id, a.subject_key): a
            for a in Alert.objects.select_for_update().filter(resolved_on__isnull=True)
        }
        created = _create(found, open_alerts, severities, on)
        updated = sum(_see_again(a, found[k], severities, on) for k, a in open_alerts.items()
                      if k in found)  # fmt: skip
        gone = [a.pk for k, a in open_alerts.items() if k not in found and a.last_seen <= on]
        resolved = Alert.objects.filter(pk__in=gone).update(resolved_on=on)
        scored = store_scores(on)
        counts = ScanCounts(created, updated, resolved, scored)
        if counts.changed:
            audit(actor=actor, action="alerts.scan", obj=None,
                  detail=f"智能研判扫描（{on:%Y-%m-%d}）：新发现{created}条，解除{resolved}条")  # fmt: skip
    return counts


def _create(
    found: dict[tuple[str, int, str], Finding],
    open_alerts: dict[tuple[str, int, str], Alert],
    severities: dict[str, str],
    on: date,
) -> int:
    new = [
        Alert(kind=f.kind, severity=severities[f.kind], organization_id=f.organization_id,
              subject_key=f.subject_key, subject_label=f.subject_label[:120], url=f.url[:300],
              rule_ids=",".join(f.rule_ids), detail=f.detail[:300], first_seen=on, last_seen=on)
        for key, f in found.items() if key not in open_alerts
    ]  # fmt: skip
    Alert.objects.bulk_create(new, batch_size=1000)
    return len(new)


def _see_again(alert: Alert, finding: Finding, severities: dict[str, str], on: date) -> bool:
    """Move ``last_seen`` to ``on`` and take the finding's current wording and the kind's
    current severity; write only what changed (False when nothing did)."""
    values = {"last_seen": max(alert.last_seen, on), "severity": severities[finding.kind],
              "subject_label": finding.subject_label[:120], "url": finding.url[:300],
              "rule_ids": ",".join(finding.rule_ids), "detail": finding.detail[:300]}  # fmt: skip
    changed = [name for name, value in values.items() if getattr(alert, name) != value]
    for name in changed:
        setattr(alert, name, values[name])
    if changed:
        alert.save(update_fields=changed)
    return bool(changed)


def store_scores(on: date) -> int:
    """Each active branch's score of ``on``'s month from its open alerts and those of its
    党小组 (``rules.alerts.health_score`` with ``ALERT_WEIGHTS``); a later scan in the month
    replaces the month's figure. Returns how many branches were scored."""
    branches = list(
        Organization.objects.filter(kind__in=BRANCH_KINDS, dissolved_on__isnull=True).order_by(
            "path"
        )
    )
    by_branch = branch_severities(branches)
    month = on.replace(day=1)
    existing = {s.organization_id: s for s in BranchScore.objects.filter(month=month)}
    new, changed = [], []
    for branch in branches:
        result = health_score(by_branch.get(branch.pk, []), settings.ALERT_WEIGHTS)
        row = existing.get(branch.pk)
        if row is None:
            new.append(BranchScore(organization=branch, month=month, score=result.score,
                                   grade=result.grade, open_alerts=result.open_alerts,
                                   computed_on=on))  # fmt: skip
        elif (row.score, row.open_alerts, row.grade) != (
            result.score,
            result.open_alerts,
            result.grade,
        ):
            row.score, row.grade, row.open_alerts, row.computed_on = (
                result.score, result.grade, result.open_alerts, on)  # fmt: skip
            changed.append(row)
    BranchScore.objects.bulk_create(new, batch_size=1000)
    BranchScore.objects.bulk_update(changed, ["score", "grade", "open_alerts", "computed_on"],
                                    batch_size=1000)  # fmt: skip
    return len(branches)


def branch_severities(branches: list[Organization]) -> dict[int, list[str]]:
    """The severities of the open alerts of each branch and its 党小组, by branch id (an alert
    of a 党小组 counts for the branch that holds it: the nearest ancestor path that is a
    branch's, found by the path's prefixes, one step of ``Organization.steplen`` at a time)."""
    by_path = {b.path: b.pk for b in branches}
    step = Organization.steplen
    result: dict[int, list[str]] = defaultdict(list)
    rows = Alert.objects.filter(resolved_on__isnull=True).values_list(
        "organization__path", "severity"
    )
    for path, severity in rows.iterator(chunk_size=5000):
        owner = next(
            (by_path[path[:n]] for n in range(len(path), 0, -step) if path[:n] in by_path), None
        )
        if owner is not None:
            result[owner].append(severity)
    return result
