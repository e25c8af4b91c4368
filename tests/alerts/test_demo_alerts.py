"""The demo ends with the first alert scan: the alerts page and the score page have data."""

from __future__ import annotations

from dangjian.alerts.models import Alert, BranchScore
from dangjian.alerts.services import scan_alerts
from dangjian.demo import load_demo
from dangjian.orgs.models import Organization
from dangjian.rules.organization import OrgKind


def test_the_demo_produces_alerts_of_several_kinds_and_a_score_per_branch(db: None) -> None:
    load_demo(members=200, organisations=20, seed=7)
    kinds = set(Alert.objects.values_list("kind", flat=True))
    assert {"structure", "meeting_missing", "arrears"} <= kinds, kinds
    branches = Organization.objects.filter(kind__in=[k.value for k in OrgKind if k.is_branch],
                                           dissolved_on__isnull=True)  # fmt: skip
    assert BranchScore.objects.count() == branches.count() > 0
    day = Alert.objects.values_list("last_seen", flat=True).first()
    assert day is not None and not scan_alerts(on=day).changed
