"""``flush`` empties the whole database, the audit log included.

The audit log's database guard refuses deletes; emptying every table is the database owner's
act (a fresh install, the test suite), so the guard is opened for this command only.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush

from dangjian.core.audit_chain import EVERYTHING, purge_gate


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        with purge_gate(EVERYTHING, using=options["database"]):
            super().handle(**options)
