"""A job killed halfway leaves nothing half-done: a real worker process runs the daily
reminder scan and is killed (SIGKILL) after it has committed part of its reminders; a rerun
then leaves the database as one uninterrupted run does on a fresh database. On the SQLite and
the PostgreSQL halves of the suite alike (``make_deployment``)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.ops.conftest import REPO, Deployment, wait_until

SEED = "from tests.jobs.seed import seed_people; seed_people()"
SCAN = "from dangjian.notifications.jobs import reminder_scan; reminder_scan()"
# What the scan leaves, without ids or times: every delivery with its message, and the audit
# rows of the messages (one per message, however the work was split between runs).
STATE = """
import json
from dangjian.core.models import AuditLog
from dangjian.notifications.models import Delivery
rows = sorted([d.notice.kind, d.notice.title, d.notice.body, d.notice.link, d.dedupe_key,
               d.channel, d.user.username if d.user else "", d.status]
              for d in Delivery.objects.select_related("notice", "user"))
print(json.dumps({"deliveries": rows,
                  "audited": AuditLog.objects.filter(action="notifications.notify").count()}))
"""
RUNS = """
from dangjian.jobs.models import JobRun
print([r.outcome for r in JobRun.objects.filter(job="notifications.reminder_scan").order_by("pk")])
"""
# The worker: the scan as the Celery task runs it, stopping for good after three messages
# have been committed (a marker file says so), so that the test can kill it there.
KILLABLE_WORKER = """
import os, sys, time, pathlib
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
django.setup()
from django.db import transaction
from django.db.models.signals import post_save
from dangjian.notifications.models import Notice
from dangjian.notifications.jobs import reminder_scan
marker, committed = pathlib.Path(sys.argv[1]), []
def after_commit():
    committed.append(1)
    if len(committed) == 3:
        marker.write_text(str(os.getpid()))
        time.sleep(600)
def saved(sender, instance, created, **kwargs):
    if created:
        transaction.on_commit(after_commit)
post_save.connect(saved, sender=Notice)
reminder_scan()
"""


def printed(deployment: Deployment, code: str) -> str:
    """The last line ``code`` printed in the deployment's shell (the shell may say more)."""
    return deployment.run("shell", "-c", code).stdout.strip().splitlines()[-1]


def state(deployment: Deployment) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(printed(deployment, STATE))
    return found


def test_a_worker_killed_mid_scan_then_a_rerun_equals_a_clean_run(
    make_deployment: Callable[..., Deployment], tmp_path: Path
) -> None:
    killed = make_deployment("killed")
    killed.run("shell", "-c", SEED)
    marker = tmp_path / "three-messages-committed"
    worker = subprocess.Popen(
        [sys.executable, "-c", KILLABLE_WORKER, str(marker)], env=killed.env, cwd=REPO
    )
    try:
        wait_until(marker.exists, 180, "the worker to commit part of the scan")
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(30)
    partial = state(killed)
    assert partial["audited"] == 3  # part of the work is in the database

    killed.run("shell", "-c", SCAN)  # the next run completes it

    clean = make_deployment("clean")
    clean.run("shell", "-c", SEED)
    clean.run("shell", "-c", SCAN)
    expected = state(clean)
    assert expected["audited"] > 3  # the scan has more than the killed part to do
    assert state(killed) == expected
    assert printed(killed, RUNS) == "['interrupted', 'succeeded']"
    assert printed(clean, RUNS) == "['succeeded']"
