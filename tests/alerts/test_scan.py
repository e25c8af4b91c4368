"""The scan keeps a history: it creates, sees again and resolves alerts, and running it twice
for a day changes nothing; each branch's score is stored per month."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from dangjian.alerts.models import Alert, BranchScore
from dangjian.alerts.services import scan_alerts
from dangjian.alerts.tasks import scan_daily
from dangjian.core.models import AuditLog
from dangjian.jobs.catalogue import find_job
from dangjian.jobs.models import JobRun
from dangjian.members.models import Member
from tests.factories import make_member

ON = date(2026, 11, 2)


def _state() -> tuple[list[Any], list[Any], int]:
    alerts = list(Alert.objects.order_by("pk").values())
    scores = list(BranchScore.objects.order_by("pk").values())
    return alerts, scores, AuditLog.objects.filter(action="alerts.scan").count()


def test_scanning_twice_changes_nothing(enterprise: SimpleNamespace, member_a: Member) -> None:
    first = scan_alerts(on=ON)
    assert first.created > 0 and first.scored == 3
    before = _state()
    second = scan_alerts(on=ON)
    assert not second.changed and second.created == second.resolved == 0
    assert _state() == before


def test_a_cause_still_there_is_seen_again_and_a_gone_one_resolved(
    enterprise: SimpleNamespace,
) -> None:
    m = make_member(enterprise.branch_a)
    Member.objects.filter(pk=m.pk).update(id_number=None, id_number_hash=None)
    scan_alerts(on=ON)
    alert = Alert.objects.get(kind="missing_id_number")
    scan_alerts(on=date(2026, 11, 5))
    alert.refresh_from_db()
    assert (alert.first_seen, alert.last_seen, alert.resolved_on) == (ON, date(2026, 11, 5), None)
    Member.objects.filter(pk=m.pk).update(id_number_hash="restored")
    scan_alerts(on=date(2026, 11, 6))
    alert.refresh_from_db()
    assert alert.resolved_on == date(2026, 11, 6) and not alert.is_open


def test_a_cause_that_returns_is_a_new_alert_and_the_old_one_stays_in_the_history(
    enterprise: SimpleNamespace,
) -> None:
    m = make_member(enterprise.branch_a)
    for day, hash_ in ((1, None), (2, "x"), (3, None)):
        Member.objects.filter(pk=m.pk).update(id_number_hash=hash_)
        scan_alerts(on=date(2026, 11, day))
    rows = list(Alert.objects.filter(kind="missing_id_number").order_by("first_seen"))
    assert [(a.first_seen.day, a.resolved_on) for a in rows] == [
        (1, date(2026, 11, 2)), (3, None)
    ]  # fmt: skip


def test_scores_are_stored_per_month_and_follow_the_open_alerts(
    enterprise: SimpleNamespace,
) -> None:
    scan_alerts(on=date(2026, 10, 20))
    scan_alerts(on=date(2026, 11, 20))
    months = set(BranchScore.objects.values_list("month", flat=True))
    assert months == {date(2026, 10, 1), date(2026, 11, 1)}
    november = BranchScore.objects.get(organization=enterprise.branch_b, month=date(2026, 11, 1))
    open_ = Alert.objects.filter(organization=enterprise.branch_b, resolved_on__isnull=True)
    weights = {"high": 10, "medium": 5, "low": 2}
    assert november.open_alerts == open_.count()
    assert november.score == max(0, 100 - sum(weights[a.severity] for a in open_))


def test_an_alert_of_a_group_counts_for_its_branch(enterprise: SimpleNamespace) -> None:
    """The 党小组's missed 党小组会 lowers the branch's score."""
    scan_alerts(on=ON)
    group_alerts = Alert.objects.filter(organization=enterprise.group_a, resolved_on__isnull=True)
    assert group_alerts.exists()
    score = BranchScore.objects.get(organization=enterprise.branch_a)
    own = Alert.objects.filter(organization=enterprise.branch_a, resolved_on__isnull=True)
    assert score.open_alerts == own.count() + group_alerts.count()


def test_the_daily_job_is_in_the_catalogue_and_a_second_run_is_skipped(
    enterprise: SimpleNamespace,
) -> None:
    job = find_job("alerts.scan_daily")
    assert job is not None and job.label == "智能研判预警扫描"
    scan_daily(triggered_by="test", period="2026-11-30")
    created = Alert.objects.count()
    scan_daily(triggered_by="test", period="2026-11-30")
    assert Alert.objects.count() == created > 0
    assert JobRun.objects.filter(job="alerts.scan_daily").count() >= 1


def test_the_system_reader_sees_the_whole_archive_and_is_never_stored(
    enterprise: SimpleNamespace,
) -> None:
    from django.contrib.auth.models import User

    from dangjian.accounts.access import system_reader, visible_organizations
    from dangjian.orgs.models import Organization

    reader = system_reader()
    assert reader.pk is None and not User.objects.filter(username=reader.username).exists()
    assert visible_organizations(reader).count() == Organization.objects.count() == 6
