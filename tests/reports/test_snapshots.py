"""Snapshots: the figures of a day frozen, served from then on, equal to the recomputation from
history; the command and the job; safe to run twice."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from dangjian.core.errors import InvalidInput
from dangjian.members.models import Member
from dangjian.members.services import member_change
from dangjian.reports.models import ReportSnapshot
from dangjian.reports.selectors import annual_report
from dangjian.reports.snapshots import month_end_before, snapshot_freeze
from dangjian.reports.tables import report_of
from tests.factories import Role, make_user
from tests.reports.support import YEAR, history

DAY = date(YEAR, 12, 31)
TODAY = date(2026, 1, 15)


@pytest.fixture
def people(enterprise: SimpleNamespace) -> dict[str, Member]:
    return history(enterprise)


def test_a_snapshot_equals_the_recomputation_from_history(
    enterprise: SimpleNamespace, people: dict[str, Member], sysadmin: User
) -> None:
    snapshot_freeze(actor=sysadmin, organization_id=enterprise.root.pk, on=DAY, today=TODAY)
    served = annual_report(sysadmin, enterprise.root.pk, YEAR)
    recomputed = report_of(enterprise.root, DAY)
    assert served.frozen_at and not recomputed.frozen_at
    assert served.tables == recomputed.tables
    assert served.reconciliation == recomputed.reconciliation


def test_the_snapshot_is_served_after_a_late_correction(
    enterprise: SimpleNamespace, people: dict[str, Member], sysadmin: User
) -> None:
    """A back-dated change after the freeze alters the recomputation, not the figures served."""
    snapshot_freeze(actor=None, organization_id=enterprise.root.pk, on=DAY, today=TODAY)
    member_change(actor=None, member_id=people["李四"].pk, changes={"status": "deceased"},
                  effective_on=date(YEAR, 11, 1), reason="病故（补录）")  # fmt: skip
    served = annual_report(sysadmin, enterprise.root.pk, YEAR).table("2")
    recomputed = report_of(enterprise.root, DAY).table("2")
    assert served is not None and recomputed is not None
    assert served.rows[0].cells[0].value == 5 and recomputed.rows[0].cells[0].value == 4


def test_freezing_twice_changes_nothing(
    enterprise: SimpleNamespace, people: dict[str, Member]
) -> None:
    first = snapshot_freeze(actor=None, organization_id=enterprise.root.pk, on=DAY, today=TODAY)
    again = snapshot_freeze(actor=None, organization_id=enterprise.root.pk, on=DAY, today=TODAY)
    assert first.pk == again.pk and ReportSnapshot.objects.count() == 1


def test_a_future_day_or_a_secretary_is_refused(
    enterprise: SimpleNamespace, secretary_a: User
) -> None:
    with pytest.raises(InvalidInput) as refused:
        snapshot_freeze(actor=None, organization_id=enterprise.root.pk, on=date(2026, 2, 1),
                        today=TODAY)  # fmt: skip
    assert "统计日期" in refused.value.errors["on"][0]
    with pytest.raises(PermissionDenied):
        snapshot_freeze(actor=secretary_a, organization_id=enterprise.branch_a.pk, on=DAY,
                        today=TODAY)  # fmt: skip


def test_the_month_end_before_a_day() -> None:
    assert month_end_before(date(2026, 1, 15)) == date(2025, 12, 31)
    assert month_end_before(date(2024, 3, 1)) == date(2024, 2, 29)


def test_the_command_freezes_a_day(enterprise: SimpleNamespace, people: dict[str, Member]) -> None:
    call_command("freeze_reports", "--date", DAY.isoformat())
    assert ReportSnapshot.objects.filter(organization=enterprise.root, on=DAY).exists()
    call_command(
        "freeze_reports", "--date", DAY.isoformat(), "--organization", enterprise.branch_a.code
    )
    assert ReportSnapshot.objects.filter(organization=enterprise.branch_a, on=DAY).exists()
    with pytest.raises(CommandError, match="格式不正确"):
        call_command("freeze_reports", "--date", "2024-13-01")
    with pytest.raises(CommandError, match="未找到"):
        call_command("freeze_reports", "--organization", "NOPE")


def test_the_job_freezes_the_last_month_end(enterprise: SimpleNamespace) -> None:
    from dangjian.reports.tasks import freeze_month_end

    freeze_month_end.delay(period="2026-06")
    freeze_month_end.delay(period="2026-06")  # a second run of the same period changes nothing
    freeze_month_end.delay(period="2026-01")  # January's run freezes the annual tables' day
    assert list(ReportSnapshot.objects.order_by("on").values_list("organization_id", "on")) == [
        (enterprise.root.pk, date(2025, 12, 31)),
        (enterprise.root.pk, date(2026, 5, 31)),
    ]


def test_the_scheduled_run_freezes_the_month_end_before_its_period(
    enterprise: SimpleNamespace,
) -> None:
    """Without a period the job works on the month of its latest firing (the 1st, 03:10): the
    month end before that month, never a day after today."""
    from django.utils import timezone

    from dangjian.jobs.schedule import job_period
    from dangjian.reports.tasks import FREEZE_MONTH_END, freeze_month_end

    freeze_month_end.delay()
    period = job_period(FREEZE_MONTH_END)
    [on] = ReportSnapshot.objects.values_list("on", flat=True)
    assert on == month_end_before(date.fromisoformat(f"{period}-01"))
    assert on < timezone.localdate()


def test_a_root_administrators_view_of_a_frozen_day(
    enterprise: SimpleNamespace, people: dict[str, Member]
) -> None:
    """A snapshot is the whole subtree's; an administrator of it sees the same figures."""
    admin = make_user("dangwei_snap", Role.ORG_ADMIN, enterprise.root)
    snapshot_freeze(actor=None, organization_id=enterprise.root.pk, on=DAY, today=TODAY)
    assert (
        annual_report(admin, enterprise.root.pk, YEAR).tables
        == report_of(enterprise.root, DAY, counted_by=admin).tables
    )
