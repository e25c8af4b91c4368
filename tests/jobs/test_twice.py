"""Each job twice in a row changes nothing the second time (CONVENTIONS 9): every table but
the run records and the schedule is the same after the second run as after the first, and so
are the backup files."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from pytest_django import Settings

from dangjian.jobs.catalogue import catalogue
from dangjian.jobs.models import JobRun, RunOutcome
from dangjian.jobs.schedule import job_send

# The backup copies the database through a connection of its own: the data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)
# The run records and the schedule are the jobs' bookkeeping; sessions and logins are not data.
BOOKKEEPING = {"jobs", "django_celery_beat", "sessions", "axes"}
# Jobs whose work is the same however often it is done; a manual (forced) second run of them
# changes nothing either. A forced backup makes a new archive: that is what it is asked for.
IDEMPOTENT_BY_NATURE = ["notifications.reminder_scan", "notifications.deliver_due",
                        "assistant.index_pending", "dues.ledger_monthly", "ops.pickup"]  # fmt: skip


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the bookkeeping, by model, in primary-key order."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.app_label not in BOOKKEEPING and not model._meta.proxy
    }


def files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir()) if directory.is_dir() else []


@pytest.fixture
def world(people: SimpleNamespace, settings: Settings, tmp_path: Path) -> SimpleNamespace:
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.PICKUP_DIR = tmp_path / "pickup"
    return people


@pytest.mark.parametrize("name", sorted(j.name for j in catalogue()))
def test_the_second_scheduled_run_changes_nothing(world: SimpleNamespace, name: str, settings: Settings) -> None:  # fmt: skip
    job_send(name, {})
    first, first_files = snapshot(), files(settings.BACKUP_DIR)
    job_send(name, {})
    assert snapshot() == first
    assert files(settings.BACKUP_DIR) == first_files
    runs = list(JobRun.objects.filter(job=name).order_by("pk").values_list("outcome", flat=True))
    assert RunOutcome.FAILED not in runs and RunOutcome.RUNNING not in runs


@pytest.mark.parametrize("name", IDEMPOTENT_BY_NATURE)
def test_a_forced_second_run_changes_nothing(world: SimpleNamespace, name: str) -> None:
    job_send(name, {"force": True})
    first = snapshot()
    job_send(name, {"force": True})
    assert snapshot() == first


def test_the_first_runs_did_work(world: SimpleNamespace) -> None:
    """The comparisons above are not empty: the scan sent reminders and the ledger wrote rows."""
    job_send("notifications.reminder_scan", {})
    job_send("dues.ledger_monthly", {})
    scan = JobRun.objects.get(job="notifications.reminder_scan")
    ledger = JobRun.objects.get(job="dues.ledger_monthly")
    assert scan.counts["created"] > 0
    assert ledger.counts["created"] + ledger.counts["skipped"] > 0


def test_a_backup_removes_what_a_killed_backup_left(world: SimpleNamespace, settings: Settings) -> None:  # fmt: skip
    directory: Path = settings.BACKUP_DIR
    (directory / ".staging-killed").mkdir(parents=True)
    (directory / ".staging-killed" / "db.sqlite3").write_bytes(b"half a copy")
    (directory / "dangjian-backup-20261129-023000.tar.gz.partial").write_bytes(b"half")
    job_send("ops.backup_daily", {})
    left = files(directory)
    assert len(left) == 1 and left[0].endswith(".tar.gz"), left
    assert JobRun.objects.get(job="ops.backup_daily").counts["deleted"] == 2
